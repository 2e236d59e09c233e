// The batch processor. Unlike Go's (whose consume returns before the export and swallows its
// errors: core docs/rfcs/batching-migration.md), consume() here settles when the batch holding
// the data has been handed on: an exporter's refusal (a full queue, a permanent error) reaches
// the receiver that accepted the data, which can answer 429/503 or withhold an ack.

import type { Logger } from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../consumer.js';
import type { Processor } from '../../types.js';
import type { Payload, Signal } from '../../../pdata/payload.js';
import type { Counter, Histogram, Telemetry } from '../../../telemetry/api.js';
import type { BatchConfig } from './config.js';
import { mergePayloads, splitPayload } from './merge.js';

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

class PendingBatch {
  payloads: Payload[] = [];
  waiters: Waiter[] = [];
  items = 0;
  timer: NodeJS.Timeout | undefined;
  constructor(readonly ctx: RequestContext) {}
}

// Go's batch_send_size buckets (processor/batchprocessor/metadata.yaml).
const SEND_SIZE_BUCKETS = [10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000];

export class BatchProcessor implements Processor {
  readonly mutatesData = false;
  private readonly batches = new Map<string, PendingBatch>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly sendSize: Histogram;
  private readonly sizeTrigger: Counter;
  private readonly timeoutTrigger: Counter;
  private readonly labels: Record<string, string>;

  constructor(
    private readonly id: string,
    private readonly cfg: BatchConfig,
    private readonly signal: Signal,
    private readonly next: Consumer,
    private readonly logger: Logger,
    telemetry: Telemetry,
    pipeline: string,
  ) {
    this.labels = { processor: id, otel_signal: signal, pipeline };
    this.sendSize = telemetry.histogram('otelcol_processor_batch_batch_send_size', {
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
    if (cfg.metadata_keys.length) {
      telemetry.observe(
        'otelcol_processor_batch_metadata_cardinality',
        { help: 'Number of distinct metadata value combinations being processed', unit: '{combination}' },
        () => [[this.labels, this.batches.size]],
      );
    }
  }

  async start(): Promise<void> {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    if (this.stopped) return Promise.reject(ConsumerError.retryable(`processor "${this.id}" is shut down`));
    const items = data.itemCount();
    if (items === 0) return Promise.resolve();
    const batch = this.batchFor(ctx);
    if (!batch) {
      return Promise.reject(ConsumerError.retryable('too many batcher metadata-value combinations'));
    }
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    batch.payloads.push(data);
    batch.items += items;
    if (batch.items >= this.cfg.send_batch_size || this.cfg.timeout === 0) {
      this.flush(batch, 'size');
    } else if (!batch.timer) {
      batch.timer = setTimeout(() => this.flush(batch, 'timeout'), this.cfg.timeout);
    }
    return done;
  }

  /** The pending batch for this request's metadata values (one batch when metadata_keys is empty). */
  private batchFor(ctx: RequestContext): PendingBatch | undefined {
    const keys = this.cfg.metadata_keys;
    let key = '';
    let batchCtx: RequestContext = ctx;
    if (keys.length) {
      const picked = new Map<string, string[]>();
      for (const k of keys) {
        const values = ctx.metadata?.get(k.toLowerCase()) ?? ctx.metadata?.get(k) ?? [];
        picked.set(k.toLowerCase(), [...values]);
      }
      key = JSON.stringify([...picked]);
      batchCtx = { metadata: picked };
    }
    let b = this.batches.get(key);
    if (!b) {
      if (keys.length && this.cfg.metadata_cardinality_limit > 0 && this.batches.size >= this.cfg.metadata_cardinality_limit) {
        return undefined;
      }
      b = new PendingBatch(batchCtx);
      this.batches.set(key, b);
    }
    return b;
  }

  private flush(batch: PendingBatch, trigger: 'size' | 'timeout'): void {
    clearTimeout(batch.timer);
    batch.timer = undefined;
    const { payloads, waiters } = batch;
    if (payloads.length === 0) return;
    batch.payloads = [];
    batch.waiters = [];
    batch.items = 0;
    if (this.cfg.metadata_keys.length) {
      for (const [k, b] of this.batches) if (b === batch) this.batches.delete(k);
    }
    (trigger === 'size' ? this.sizeTrigger : this.timeoutTrigger).add(1, this.labels);

    const merged = mergePayloads(payloads);
    const chunks = this.cfg.send_batch_max_size > 0 ? splitPayload(merged, this.cfg.send_batch_max_size) : [merged];
    const sending = Promise.all(
      chunks.map((chunk) => {
        this.sendSize.record(chunk.itemCount(), this.labels);
        return this.next.consume(chunk, batch.ctx);
      }),
    ).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err: unknown) => {
        for (const w of waiters) w.reject(err);
      },
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Sends every pending batch (the pipeline's exporters are still running) and waits for them. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const b of [...this.batches.values()]) this.flush(b, 'timeout');
    this.batches.clear();
    const pending = [...this.inFlight];
    if (pending.length) this.logger.debug({ batches: pending.length }, 'batch processor flushed on shutdown');
    await Promise.allSettled(pending);
  }
}
