// The standard per-component series, named, labelled and described as the Go collector's
// receiverhelper / processorhelper / exporterhelper metrics (core `receiver/receiverhelper/
// documentation.md`, `processor/processorhelper/documentation.md`, `exporter/exporterhelper/
// documentation.md`). Each helper binds its series once, so the hot path is one addition.
// Go records accepted and refused (sent and send_failed, incoming and outgoing) together at the end
// of every operation, so all series of a signal appear, at 0, once that signal has flowed.

import type { ExporterMetrics, ProcessorMetrics, ReceiverMetrics } from '../core/telemetry.js';
import type { MetricsRegistry, ScalarSeries } from './metrics.js';
import { ITEM_NOUN, type Signal } from '../core/payload.js';

const UNIT: Record<Signal, string> = { traces: '{span}', metrics: '{datapoint}', logs: '{record}' };

/** `metric points` for `metric_points`: the noun as the Go help texts spell it. */
function words(signal: Signal): string {
  return ITEM_NOUN[signal].replace(/_/g, ' ');
}

type Bound = Partial<Record<Signal, ScalarSeries[]>>;

function bind(
  registry: MetricsRegistry,
  cache: Bound,
  signal: Signal,
  specs: ReadonlyArray<{ prefix: string; help: (noun: string) => string }>,
  labels: Record<string, string>,
): ScalarSeries[] {
  let s = cache[signal];
  if (!s) {
    s = specs.map((spec) =>
      registry.scalarSeries(`${spec.prefix}${ITEM_NOUN[signal]}`, 'counter', { help: spec.help(words(signal)), unit: UNIT[signal] }, labels),
    );
    cache[signal] = s;
  }
  return s;
}

const RECEIVER_SPECS = [
  { prefix: 'otelcol_receiver_accepted_', help: (n: string) => `Number of ${n} successfully pushed into the pipeline.` },
  { prefix: 'otelcol_receiver_refused_', help: (n: string) => `Number of ${n} that could not be pushed into the pipeline.` },
  {
    prefix: 'otelcol_receiver_failed_',
    help: (n: string) => `The number of ${n} that failed to be processed by the receiver due to internal errors.`,
  },
];

export class ReceiverSeries implements ReceiverMetrics {
  private readonly bound: Bound = {};
  private readonly labels: Record<string, string>;
  constructor(
    private readonly registry: MetricsRegistry,
    id: string,
    transport: string,
  ) {
    this.labels = { receiver: id, transport };
  }
  private series(signal: Signal): ScalarSeries[] {
    return this.bound[signal] ?? bind(this.registry, this.bound, signal, RECEIVER_SPECS, this.labels);
  }
  accepted(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[0]!.value += items;
    else this.series(signal);
  }
  refused(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[1]!.value += items;
    else this.series(signal);
  }
  failed(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[2]!.value += items;
    else this.series(signal);
  }
}

const PROCESSOR_INFO = {
  incoming: { name: 'otelcol_processor_incoming_items', help: 'Number of items passed to the processor.' },
  outgoing: { name: 'otelcol_processor_outgoing_items', help: 'Number of items emitted from the processor.' },
};

export class ProcessorSeries implements ProcessorMetrics {
  private readonly bound: Partial<Record<Signal, [ScalarSeries, ScalarSeries]>> = {};
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly id: string,
    private readonly pipeline: string,
  ) {}
  private series(signal: Signal): [ScalarSeries, ScalarSeries] {
    let s = this.bound[signal];
    if (!s) {
      const labels = { processor: this.id, otel_signal: signal, pipeline: this.pipeline };
      const opts = (i: { help: string }) => ({ help: i.help, unit: '{item}' });
      s = [
        this.registry.scalarSeries(PROCESSOR_INFO.incoming.name, 'counter', opts(PROCESSOR_INFO.incoming), labels),
        this.registry.scalarSeries(PROCESSOR_INFO.outgoing.name, 'counter', opts(PROCESSOR_INFO.outgoing), labels),
      ];
      this.bound[signal] = s;
    }
    return s;
  }
  incoming(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[0].value += items;
    else this.series(signal);
  }
  outgoing(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[1].value += items;
    else this.series(signal);
  }
}

const EXPORTER_SPECS = [
  { prefix: 'otelcol_exporter_sent_', help: (n: string) => `Number of ${n} successfully sent to destination.` },
  { prefix: 'otelcol_exporter_send_failed_', help: (n: string) => `Number of ${n} in failed attempts to send to destination.` },
  { prefix: 'otelcol_exporter_enqueue_failed_', help: (n: string) => `Number of ${n} failed to be added to the sending queue.` },
];

export class ExporterSeries implements ExporterMetrics {
  private readonly bound: Bound = {};
  private readonly labels: Record<string, string>;
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly id: string,
  ) {
    this.labels = { exporter: id };
  }
  private series(signal: Signal): ScalarSeries[] {
    return this.bound[signal] ?? bind(this.registry, this.bound, signal, EXPORTER_SPECS, this.labels);
  }
  sent(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[0]!.value += items;
    else this.series(signal);
  }
  sendFailed(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[1]!.value += items;
    else this.series(signal);
  }
  enqueueFailed(signal: Signal, items: number): void {
    if (items > 0) this.series(signal)[2]!.value += items;
    else this.series(signal);
  }
  observeQueue(signal: Signal, size: () => number, capacity: number): () => void {
    const labels = { exporter: this.id, data_type: signal };
    const offSize = this.registry.observe(
      'otelcol_exporter_queue_size',
      { help: 'Current size of the retry queue (in batches).', unit: '{batch}' },
      () => [[labels, size()]],
    );
    const offCapacity = this.registry.observe(
      'otelcol_exporter_queue_capacity',
      { help: 'Fixed capacity of the retry queue (in batches).', unit: '{batch}' },
      () => [[labels, capacity]],
    );
    return () => {
      offSize();
      offCapacity();
    };
  }
}
