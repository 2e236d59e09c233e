// The exporter kit: a network exporter is its pure `encode` (payload → request), one `send`
// attempt, its transport's start/shutdown, and its config. Everything around them — the sending
// queue, the retry loop with backoff, the per-attempt timeout, the `otelcol_exporter_*` counts and
// the start → drain → shutdown order — is createExporterHelper's, wired here once (Go: core
// `exporter/exporterhelper/internal/base_exporter.go`, whose WithStart/WithShutdown options play
// the part of `start`/`shutdown` below).

import type { RequestContext } from '../../core/consumer.js';
import type { CreateContext, Exporter, Host } from '../../core/component.js';
import type { Payload, Signal } from '../../core/payload.js';
import type { QueueConfig, RetryConfig } from './config.js';
import { createExporterHelper, type ExporterHelper } from './helper.js';

/** What a new exporter writes: the rest comes from the kit. */
export interface ExporterSpec<Req> {
  /**
   * Pure translation of one payload into what `send` transmits; called once per request (not per
   * retry), inside the first attempt. Throw `ConsumerError.permanent` for data this exporter can
   * never send: the request is then dropped and counted as failed, like a refused send.
   */
  encode(payload: Payload): Req | Promise<Req>;
  /**
   * One attempt. Resolve when the backend accepted the request; reject with a ConsumerError:
   * permanent (never retried), retryable or throttled (retried; `retryAfterMs` lengthens the
   * wait). Any other error counts as retryable. Stop work when `abort` fires (timeout, shutdown).
   */
  send(request: Req, signal: Signal, abort: AbortSignal): Promise<void>;
  /** Bytes of an encoded request, for `sending_queue.sizer: bytes` (omitted: that sizer is refused at creation). */
  sizeOf?(request: Req): number;
  /** Opens the transport; runs before the queue accepts data. */
  start?(host: Host): void | Promise<void>;
  /** Closes the transport; runs once, after the queue has drained. */
  shutdown?(): void | Promise<void>;
}

/** The exporterhelper part of an exporter's config, in milliseconds. */
interface SenderSettings {
  /** Per-attempt timeout; 0 when the transport's own timeout bounds each attempt (Go: WithTimeout(0)). */
  timeoutMs: number;
  retry: RetryConfig;
  queue: QueueConfig;
}

class KitExporter<Req> implements Exporter {
  readonly mutatesData = false;
  private readonly helper: ExporterHelper;
  private shutdownPromise: Promise<void> | undefined;

  constructor(
    ctx: CreateContext,
    signals: ReadonlySet<Signal>,
    settings: SenderSettings,
    private readonly spec: ExporterSpec<Req>,
  ) {
    const sizeOf = spec.sizeOf;
    this.helper = createExporterHelper<Req>({
      id: ctx.id,
      logger: ctx.logger,
      metrics: ctx.telemetry.exporter(ctx.id),
      timeoutMs: settings.timeoutMs,
      retry: settings.retry,
      queue: settings.queue,
      encode: (payload) => spec.encode(payload),
      send: (request, signal, abort) => spec.send(request, signal, abort),
      sizeOf: sizeOf && ((request) => sizeOf.call(spec, request)),
      signals,
    });
  }

  async start(host: Host): Promise<void> {
    await this.spec.start?.(host);
    this.helper.start();
  }

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    return this.helper.consume(data, ctx);
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.helper.shutdown();
      await this.spec.shutdown?.();
    })();
    return this.shutdownPromise;
  }
}

/** An Exporter for `signals` whose sends go through the queue → retry → timeout chain configured by `settings`. */
export function createExporter<Req>(ctx: CreateContext, signals: ReadonlySet<Signal>, settings: SenderSettings, spec: ExporterSpec<Req>): Exporter {
  return new KitExporter(ctx, signals, settings, spec);
}
