// The batch processor. Like Go's, consume() answers as soon as the data sits in a pending batch,
// so a client with one export in flight (every OTel SDK) is never held for the batch timeout
// (holding it capped such a client at send_batch_size per timeout: telemetrygen delivered 500 of
// 10k spans/s). Unlike Go's, which drops a batch its exporters refuse and keeps accepting
// (core docs/rfcs/batching-migration.md), a batch refused with a retryable error is kept and
// re-sent, and while it waits new data is refused with that error, so receivers answer 429/503 or
// withhold acks and nothing already accepted is lost.

import type { Logger } from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { Processor } from '../../../core/component.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { Telemetry } from '../../../core/telemetry.js';
import { ExponentialBackoff, sleep, type BackoffSettings } from '../../../shared/exporterhelper/backoff.js';
import type { BatchConfig } from './config.js';
import { BatchMetrics } from './metrics.js';
import { mergePayloads, splitPayload } from './merge.js';

class PendingBatch {
  payloads: Payload[] = [];
  items = 0;
  timer: NodeJS.Timeout | undefined;
  constructor(
    readonly key: string,
    readonly ctx: RequestContext,
  ) {}
}

interface Refused {
  payload: Payload;
  ctx: RequestContext;
  error: ConsumerError;
}

// Re-sends of refused batches: 200 ms doubling to 5 s, back to 200 ms after an accepted one. Short
// next to the exporter's retry_on_failure (5 s → 30 s): the next stage here is usually an
// exporter's queue, which refuses only while it is full and frees up as its sends finish.
const REFUSED_RETRY_BACKOFF: BackoffSettings = { initial_interval: 200, max_interval: 5_000, multiplier: 2, randomization_factor: 0 };
// Batches handed on but not yet accepted by the next stage (an exporter without a queue sends
// inline). Past this, consume() waits, so a slow exporter slows its clients instead of growing memory.
const MAX_IN_FLIGHT = 16;

export class BatchProcessor implements Processor {
  readonly mutatesData = false;
  private readonly batches = new Map<string, PendingBatch>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches the next stage refused with a retryable error, in order; re-sent before new data. */
  private readonly refused: Refused[] = [];
  private readonly backoff = new ExponentialBackoff(REFUSED_RETRY_BACKOFF);
  /** The scheduled re-send (its backoff wait, then retryRefused), while there is one. */
  private retrying: Promise<void> | undefined;
  private readonly stopRetries = new AbortController();
  private stopped = false;
  private readonly metrics: BatchMetrics;

  constructor(
    private readonly id: string,
    private readonly cfg: BatchConfig,
    signal: Signal,
    private readonly next: Consumer,
    private readonly logger: Logger,
    telemetry: Telemetry,
    pipeline: string,
  ) {
    this.metrics = new BatchMetrics(
      telemetry,
      { processor: id, otel_signal: signal, pipeline },
      cfg.metadata_keys.length > 0,
      () => this.batches.size,
    );
  }

  async start(): Promise<void> {}

  async consume(data: Payload, ctx: RequestContext): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT && !this.stopped) await Promise.race(this.inFlight);
    return this.accept(data, ctx);
  }

  private accept(data: Payload, ctx: RequestContext): Promise<void> {
    if (this.stopped) return Promise.reject(ConsumerError.retryable(`processor "${this.id}" is shut down`));
    const items = data.itemCount();
    if (items === 0) return Promise.resolve();
    const blocked = this.refused[0];
    if (blocked) {
      // Backpressure: the next stage is refusing; tell the client to come back instead of
      // buffering without bound.
      return Promise.reject(new ConsumerError(`pipeline is refusing data: ${blocked.error.message}`, blocked.error.kind, blocked.error.retryAfterMs));
    }
    const batch = this.batchFor(ctx);
    if (!batch) return Promise.reject(ConsumerError.retryable('too many batcher metadata-value combinations'));
    batch.payloads.push(data);
    batch.items += items;
    if (batch.items >= this.cfg.send_batch_size || this.cfg.timeout === 0) this.flush(batch, 'size');
    else batch.timer ??= setTimeout(() => this.flush(batch, 'timeout'), this.cfg.timeout);
    return Promise.resolve();
  }

  /** The pending batch for this request's metadata values (one batch when metadata_keys is empty). */
  private batchFor(ctx: RequestContext): PendingBatch | undefined {
    const keys = this.cfg.metadata_keys;
    if (keys.length === 0) {
      let b = this.batches.get('');
      if (!b) this.batches.set('', (b = new PendingBatch('', {})));
      return b;
    }
    const picked = new Map<string, string[]>();
    for (const k of keys) picked.set(k.toLowerCase(), [...(ctx.metadata?.get(k.toLowerCase()) ?? ctx.metadata?.get(k) ?? [])]);
    const key = JSON.stringify([...picked]);
    let b = this.batches.get(key);
    if (!b) {
      if (this.cfg.metadata_cardinality_limit > 0 && this.batches.size >= this.cfg.metadata_cardinality_limit) return undefined;
      this.batches.set(key, (b = new PendingBatch(key, { metadata: picked })));
    }
    return b;
  }

  private flush(batch: PendingBatch, trigger: 'size' | 'timeout'): void {
    clearTimeout(batch.timer);
    batch.timer = undefined;
    const { payloads } = batch;
    if (payloads.length === 0) return;
    batch.payloads = [];
    batch.items = 0;
    if (batch.key !== '') this.batches.delete(batch.key);
    this.metrics.trigger(trigger);
    const merged = mergePayloads(payloads);
    const chunks = this.cfg.send_batch_max_size > 0 ? splitPayload(merged, this.cfg.send_batch_max_size) : [merged];
    for (const chunk of chunks) {
      this.metrics.sendSize(chunk.itemCount());
      this.send(chunk, batch.ctx);
    }
  }

  private send(payload: Payload, ctx: RequestContext): void {
    const sending = this.next.consume(payload, ctx).catch((err: unknown) => this.onRefused(payload, ctx, err));
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  private onRefused(payload: Payload, ctx: RequestContext, err: unknown): void {
    const error = err instanceof ConsumerError ? err : ConsumerError.retryable(err instanceof Error ? err.message : String(err));
    if (error.kind === 'permanent') {
      this.logger.error(
        { processor: this.id, dropped_items: payload.itemCount(), error: error.message },
        'Batch refused permanently by the next stage. Dropping data.',
      );
      return;
    }
    this.refused.push({ payload, ctx, error });
    this.scheduleRetry(error.retryAfterMs);
  }

  private scheduleRetry(hintMs?: number): void {
    if (this.retrying || this.refused.length === 0 || this.stopRetries.signal.aborted) return;
    const step = this.backoff.next();
    // A stage's own delay (Retry-After) wins, within the backoff's cap.
    const delay = hintMs && hintMs > 0 ? Math.min(hintMs, REFUSED_RETRY_BACKOFF.max_interval) : step;
    this.retrying = this.retryAfter(delay);
  }

  private async retryAfter(delayMs: number): Promise<void> {
    let refusedAgain: ConsumerError | undefined;
    try {
      await sleep(delayMs, this.stopRetries.signal);
      refusedAgain = await this.retryRefused();
    } catch {
      // Shutdown ended the wait; shutdown() makes the last attempt itself.
    }
    this.retrying = undefined;
    if (!this.stopped) this.scheduleRetry(refusedAgain?.retryAfterMs);
  }

  /**
   * Re-sends refused batches in order, one at a time; stops at the first that is refused again
   * and returns that refusal.
   */
  private async retryRefused(): Promise<ConsumerError | undefined> {
    while (this.refused.length) {
      const head = this.refused[0]!;
      try {
        await this.next.consume(head.payload, head.ctx);
      } catch (err) {
        const error = err instanceof ConsumerError ? err : ConsumerError.retryable(String(err));
        if (error.kind === 'permanent') {
          this.refused.shift();
          this.logger.error(
            { processor: this.id, dropped_items: head.payload.itemCount(), error: error.message },
            'Batch refused permanently by the next stage. Dropping data.',
          );
          continue;
        }
        head.error = error;
        return error;
      }
      this.refused.shift();
      this.backoff.reset();
    }
    return undefined;
  }

  /** Sends every pending batch (the pipeline's exporters are still running) and waits for them. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const b of [...this.batches.values()]) this.flush(b, 'timeout');
    this.batches.clear();
    await Promise.allSettled([...this.inFlight]);
    // Ends a backoff wait at once; a re-send already under way finishes first.
    this.stopRetries.abort();
    await this.retrying;
    // One last attempt for what the next stage refused; what it still refuses is lost, and said so.
    await this.retryRefused();
    const lost = this.refused.splice(0).reduce((n, r) => n + r.payload.itemCount(), 0);
    if (lost > 0)
      this.logger.error({ processor: this.id, dropped_items: lost }, 'Shutting down with batches the next stage still refuses. Dropping data.');
  }
}
