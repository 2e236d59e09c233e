// The batch processor's self-metrics, named as Go's (processor/batchprocessor/metadata.yaml).

import type { Counter, Histogram, Labels, Telemetry } from '../../../core/telemetry.js';

const SEND_SIZE_BUCKETS = [
  10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000,
];

export class BatchMetrics {
  private readonly size: Histogram;
  private readonly sizeTrigger: Counter;
  private readonly timeoutTrigger: Counter;

  constructor(
    telemetry: Telemetry,
    private readonly labels: Labels,
    withCardinality: boolean,
    cardinality: () => number,
  ) {
    this.size = telemetry.histogram('otelcol_processor_batch_batch_send_size', {
      help: 'Number of units in the batch',
      unit: '{unit}',
      buckets: SEND_SIZE_BUCKETS,
    });
    this.sizeTrigger = telemetry.counter('otelcol_processor_batch_batch_size_trigger_send', {
      help: 'Number of times the batch was sent due to a size trigger',
      unit: '{unit}',
    });
    this.timeoutTrigger = telemetry.counter('otelcol_processor_batch_timeout_trigger_send', {
      help: 'Number of times the batch was sent due to a timeout trigger',
      unit: '{unit}',
    });
    if (withCardinality) {
      telemetry.observe(
        'otelcol_processor_batch_metadata_cardinality',
        { help: 'Number of distinct metadata value combinations being processed', unit: '{combination}' },
        () => [[labels, cardinality()]],
      );
    }
  }

  trigger(kind: 'size' | 'timeout'): void {
    (kind === 'size' ? this.sizeTrigger : this.timeoutTrigger).add(1, this.labels);
  }

  sendSize(items: number): void {
    this.size.record(items, this.labels);
  }
}
