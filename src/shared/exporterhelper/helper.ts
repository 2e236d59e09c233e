// createExporterHelper: the queue → retry → timeout chain in front of an exporter's send
// function, with the exporter self-metrics and log lines of Go's exporterhelper (core
// `exporter/exporterhelper/internal/{base_exporter.go,queue_sender.go,obs_report_sender.go}`).
// As in Go, where every signal gets its own exporter instance, each signal has its own queue of
// `queue_size`; sent/send_failed count once per request, after the retries. A request is encoded
// once (inside its first attempt, as Go converts inside the push function under the timeout; at
// enqueue when `sizer: bytes` needs its size) and the encoded form is what retries re-send.

import type { Logger } from 'pino';
import { ConsumerError, type RequestContext } from '../../core/consumer.js';
import type { Payload, Signal } from '../../core/payload.js';
import type { ExporterMetrics } from '../../core/telemetry.js';
import { sleep } from './backoff.js';
import type { QueueConfig, RetryConfig } from './config.js';
import { BoundedQueue, type QueuedRequest } from './queue.js';
import { errorText } from './redact.js';
import { ExportInterruptedError, sendWithRetry, toConsumerError } from './retry.js';

export type SendFunction<Req = Payload> = (request: Req, signal: Signal, abort: AbortSignal) => Promise<void>;
export type EncodeFunction<Req> = (payload: Payload) => Req | Promise<Req>;

export interface ExporterHelperOptions<Req = Payload> {
  /** The exporter's component ID, for messages. */
  id: string;
  logger: Logger;
  metrics: ExporterMetrics;
  /** Per-attempt timeout in ms (0 = none). */
  timeoutMs: number;
  retry: RetryConfig;
  queue: QueueConfig;
  /** Payload → the request `send` transmits; called once per request. Omitted: the payload itself. */
  encode?: EncodeFunction<Req>;
  /** One attempt: resolve when the backend accepted the data, reject with a ConsumerError otherwise. */
  send: SendFunction<Req>;
  /** Encoded size in bytes; required by `sizer: bytes`. */
  sizeOf?: (request: Req) => number;
  /** Signals whose queue gauges are registered at start() (others register on first use). */
  signals?: Iterable<Signal>;
  /** How long shutdown() waits for the queue to drain before dropping the rest (default 10s). */
  shutdownTimeoutMs?: number;
  /** Source of jitter, for tests. */
  random?: () => number;
}

export interface ExporterHelper {
  /** Queue mode: resolves once queued (or sent, with wait_for_result). Otherwise: once sent. */
  consume(payload: Payload, ctx?: RequestContext): Promise<void>;
  start(): void;
  /** Stops retrying, drains the queues within the deadline, drops the rest; idempotent. */
  shutdown(): Promise<void>;
  /** Current queue occupancy of a signal, in sizer units (in-flight requests included). */
  queueSize(signal: Signal): number;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const FULL_WARN_INTERVAL_MS = 1_000;

interface Lane<Req> {
  signal: Signal;
  queue: BoundedQueue<Req>;
  unobserve?: () => void;
  lastFullWarn: number;
  suppressedFullWarns: number;
}

class Helper<Req> implements ExporterHelper {
  private readonly lanes = new Map<Signal, Lane<Req>>();
  private readonly stopCtl = new AbortController();
  private readonly killCtl = new AbortController();
  private readonly failureHint: string;
  private readonly shutdownTimeoutMs: number;
  private inlineActive = 0;
  private stopping = false;
  private started = false;
  private shutdownPromise: Promise<void> | undefined;
  private drainWaiters: Array<() => void> = [];

  private readonly encode: EncodeFunction<Req>;

  constructor(private readonly o: ExporterHelperOptions<Req>) {
    this.encode = o.encode ?? ((payload) => payload as unknown as Req);
    if (o.queue.enabled && o.queue.sizer === 'bytes' && !o.sizeOf) {
      throw new Error(`exporter "${o.id}": sending_queue::sizer "bytes" is not supported by this exporter`);
    }
    this.shutdownTimeoutMs = o.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    // Go's base_exporter appends these hints to the failure logs when a mechanism is off.
    let hint = '';
    if (!o.retry.enabled) hint += ' Try enabling retry_on_failure config option to retry on retryable errors.';
    if (!o.queue.enabled) hint += ' Try enabling sending_queue to survive temporary failures.';
    this.failureHint = hint;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.o.queue.enabled) for (const s of this.o.signals ?? []) this.lane(s);
  }

  queueSize(signal: Signal): number {
    return this.lanes.get(signal)?.queue.used ?? 0;
  }

  async consume(payload: Payload, _ctx?: RequestContext): Promise<void> {
    if (this.stopping) throw ConsumerError.retryable(`exporter "${this.o.id}" is shutting down`);
    if (!this.o.queue.enabled) return this.sendInline(payload);
    const lane = this.lane(payload.signal);
    const items = payload.itemCount();
    const req: QueuedRequest<Req> = { payload, encoded: false, items, size: 0 };
    if (this.o.queue.sizer === 'bytes') {
      const encoded = this.encode(payload);
      if (encoded instanceof Promise) {
        req.request = await encoded;
        // Shutdown may have begun while an asynchronous encode ran.
        if (this.stopping) throw ConsumerError.retryable(`exporter "${this.o.id}" is shutting down`);
      } else {
        req.request = encoded;
      }
      req.encoded = true;
      req.payload = undefined;
    }
    const size = (req.size = this.sizeOf(req));
    // Go's memory queue ignores empty requests (OTLP "empty telemetry envelopes").
    if (size === 0) return;
    const q = lane.queue;
    if (size > q.capacity) {
      this.o.metrics.enqueueFailed(payload.signal, items);
      // Go answers errSizeTooLarge; it can never fit, so retrying upstream would be pointless.
      throw ConsumerError.permanent(`sending queue is full: the request (${size} ${this.o.queue.sizer}) is larger than queue_size ${q.capacity}`);
    }
    let reserved = false;
    if (!q.fits(size)) {
      if (!this.o.queue.block_on_overflow) {
        this.o.metrics.enqueueFailed(payload.signal, items);
        this.warnFull(lane, items);
        throw ConsumerError.retryable('sending queue is full');
      }
      await q.waitForSpace(size);
      reserved = true;
    }
    const result = this.o.queue.wait_for_result ? new Promise<void>((resolve, reject) => (req.done = { resolve, reject })) : undefined;
    q.push(req, reserved);
    this.pump(lane);
    return result;
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.drainAndStop();
    return this.shutdownPromise;
  }

  private sizeOf(req: QueuedRequest<Req>): number {
    switch (this.o.queue.sizer) {
      case 'requests':
        return 1;
      case 'items':
        return req.items;
      case 'bytes':
        return this.o.sizeOf!(req.request as Req);
    }
  }

  private lane(signal: Signal): Lane<Req> {
    let lane = this.lanes.get(signal);
    if (!lane) {
      const queue = new BoundedQueue<Req>(this.o.queue.queue_size);
      lane = { signal, queue, lastFullWarn: -Infinity, suppressedFullWarns: 0 };
      lane.unobserve = this.o.metrics.observeQueue(signal, () => queue.used, queue.capacity);
      this.lanes.set(signal, lane);
    }
    return lane;
  }

  private warnFull(lane: Lane<Req>, items: number): void {
    const now = performance.now();
    if (now - lane.lastFullWarn < FULL_WARN_INTERVAL_MS) {
      lane.suppressedFullWarns++;
      return;
    }
    const fields: Record<string, unknown> = { exporter: this.o.id, data_type: lane.signal, dropped_items: items };
    if (lane.suppressedFullWarns > 0) fields.suppressed_warnings = lane.suppressedFullWarns;
    this.o.logger.warn(fields, 'Dropping data because sending_queue is full. Try increasing queue_size.');
    lane.lastFullWarn = now;
    lane.suppressedFullWarns = 0;
  }

  private pump(lane: Lane<Req>): void {
    const q = lane.queue;
    while (q.active < this.o.queue.num_consumers) {
      const req = q.shift();
      if (!req) break;
      q.active++;
      void this.processQueued(lane, req).finally(() => {
        q.active--;
        q.release(req.size);
        this.pump(lane);
        this.checkDrained();
      });
    }
  }

  private async processQueued(lane: Lane<Req>, req: QueuedRequest<Req>): Promise<void> {
    try {
      await this.export(req, lane.signal);
      req.done?.resolve();
    } catch (e) {
      const err = e as ConsumerError;
      this.o.logger.error({ error: errorText(err), dropped_items: req.items }, 'Exporting failed. Dropping data.' + this.failureHint);
      req.done?.reject(err);
    }
  }

  private async sendInline(payload: Payload): Promise<void> {
    const items = payload.itemCount();
    this.inlineActive++;
    try {
      await this.export({ payload, encoded: false, items, size: 0 }, payload.signal);
    } catch (e) {
      const err = e as ConsumerError;
      this.o.logger.error({ error: errorText(err), rejected_items: items }, 'Exporting failed. Rejecting data.' + this.failureHint);
      throw err;
    } finally {
      this.inlineActive--;
      this.checkDrained();
    }
  }

  /** One request through the retry loop, counted once in sent or send_failed. */
  private async export(req: QueuedRequest<Req>, signal: Signal): Promise<void> {
    const items = req.items;
    try {
      await sendWithRetry((abort) => this.attempt(req, signal, abort), {
        retry: this.o.retry,
        timeoutMs: this.o.timeoutMs,
        logger: this.o.logger,
        stop: this.stopCtl.signal,
        kill: this.killCtl.signal,
        random: this.o.random,
      });
    } catch (e) {
      this.o.metrics.sendFailed(signal, items);
      throw toConsumerError(e);
    }
    this.o.metrics.sent(signal, items);
  }

  /** Encodes inside the attempt, so an encoding failure is reported like a refused send (Go converts in its push function). */
  private async attempt(req: QueuedRequest<Req>, signal: Signal, abort: AbortSignal): Promise<void> {
    if (!req.encoded) {
      const encoded = this.encode(req.payload!);
      req.request = encoded instanceof Promise ? await encoded : encoded;
      req.encoded = true;
      req.payload = undefined;
    }
    return this.o.send(req.request as Req, signal, abort);
  }

  private isDrained(): boolean {
    if (this.inlineActive > 0) return false;
    for (const lane of this.lanes.values()) if (lane.queue.active > 0 || lane.queue.length > 0) return false;
    return true;
  }

  private checkDrained(): void {
    if (this.drainWaiters.length === 0 || !this.isDrained()) return;
    for (const w of this.drainWaiters.splice(0)) w();
  }

  private whenDrained(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async drainAndStop(): Promise<void> {
    this.stopping = true;
    // Like Go's base_exporter: stop the retry sender first, so the queue flushes with one attempt per request.
    this.stopCtl.abort(new ExportInterruptedError('exporter is shutting down', 'retryable'));
    const closing = ConsumerError.retryable(`exporter "${this.o.id}" is shutting down`);
    for (const lane of this.lanes.values()) lane.queue.rejectWaiters(closing);

    const deadlineCtl = new AbortController();
    const drained = this.whenDrained().then(() => true);
    const timedOut = sleep(this.shutdownTimeoutMs, deadlineCtl.signal).then(
      () => false,
      () => true,
    );
    const inTime = await Promise.race([drained, timedOut]);
    deadlineCtl.abort();
    if (!inTime) {
      let droppedItems = 0;
      let droppedRequests = 0;
      for (const lane of this.lanes.values()) {
        for (const req of lane.queue.drainWaiting()) {
          droppedItems += req.items;
          droppedRequests++;
          this.o.metrics.sendFailed(lane.signal, req.items);
          req.done?.reject(ConsumerError.retryable(`exporter "${this.o.id}" shut down before the request was sent`));
        }
      }
      this.o.logger.error(
        { exporter: this.o.id, dropped_items: droppedItems, dropped_requests: droppedRequests, timeout: this.shutdownTimeoutMs },
        'Shutdown deadline reached before sending_queue drained. Dropping data.',
      );
      // In-flight attempts race the kill signal, so they settle right away.
      this.killCtl.abort(new Error('shutdown deadline passed'));
      this.checkDrained();
      await drained;
    }
    for (const lane of this.lanes.values()) lane.unobserve?.();
  }
}

export function createExporterHelper<Req = Payload>(options: ExporterHelperOptions<Req>): ExporterHelper {
  return new Helper<Req>(options);
}
