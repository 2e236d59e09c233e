// What every receiver does around the pipeline, once per transport: the empty-request rule, the
// push, the `otelcol_receiver_accepted_*` / `_refused_*` counts (core `receiver/receiverhelper/
// obsreport.go`: items counted at the end of the operation, refused when the pipeline errs), and
// one warning per refusal. Transports map the Refusal to their answer (http.ts, grpc.ts; TCP and
// UDP in the README).

import type { Logger } from 'pino';
import { EMPTY_CONTEXT, type Consumer, type RequestContext } from '../../core/consumer.js';
import type { Payload, Signal } from '../../core/payload.js';
import type { ReceiverMetrics, Telemetry } from '../../core/telemetry.js';
import { Refusal, refusalFrom } from './refusal.js';

interface ReceiverHelperSettings {
  /** The receiver's component ID (`otlp`, `fluentforward/docker`). */
  id: string;
  /** The obsreport transport label: `grpc`, `http`, `udp_thrift_compact`, `tcp`, … */
  transport: string;
  telemetry: Telemetry;
  logger: Logger;
  /** The next consumer per signal the receiver serves. */
  consumers: Partial<Record<Signal, Consumer>>;
  /** Names the format in the refusal warning: `OTLP traces request refused by the pipeline`. */
  format: string;
  /**
   * Go's OTLP receiver answers an empty request without touching the pipeline (core
   * `receiver/otlpreceiver/internal/trace/otlp.go`); most receivers do. Jaeger hands empty
   * batches on: set true to push them anyway.
   */
  forwardEmpty?: boolean;
}

export class ReceiverHelper {
  readonly consumers: Partial<Record<Signal, Consumer>>;
  /** The transport's `otelcol_receiver_*` series, for counts outside push (e.g. `failed`). */
  readonly metrics: ReceiverMetrics;
  private readonly logger: Logger;

  constructor(private readonly settings: ReceiverHelperSettings) {
    this.consumers = settings.consumers;
    this.metrics = settings.telemetry.receiver(settings.id, settings.transport);
    this.logger = settings.logger;
  }

  get transport(): string {
    return this.settings.transport;
  }

  /** True when a pipeline takes `signal` from this receiver. */
  accepts(signal: Signal): boolean {
    return this.consumers[signal] !== undefined;
  }

  /**
   * Resolves once the pipeline accepted `payload` (counted accepted); rejects with a Refusal
   * (counted refused, one warn line). An empty payload resolves at once unless `forwardEmpty`.
   */
  async push(signal: Signal, payload: Payload, ctx: RequestContext = EMPTY_CONTEXT): Promise<void> {
    const items = payload.itemCount();
    if (items === 0 && !this.settings.forwardEmpty) return;
    const consumer = this.consumers[signal];
    if (!consumer) throw new Refusal('permanent', `no pipeline accepts ${signal}`);
    try {
      await consumer.consume(payload, ctx);
    } catch (err) {
      this.metrics.refused(signal, items);
      const refusal = refusalFrom(err);
      // A constant message per signal, details in fields: the collector's log sampler
      // (src/telemetry/log-sampling.ts) rate-limits by message, so a refusing pipeline under load
      // costs a few lines per 10 s.
      this.logger.warn(
        {
          signal,
          items,
          transport: this.settings.transport,
          kind: refusal.kind,
          ...(refusal.retryAfterMs !== undefined ? { retry_after_ms: refusal.retryAfterMs } : {}),
          err: refusal.message,
        },
        `${this.settings.format} ${signal} request refused by the pipeline`,
      );
      throw refusal;
    }
    this.metrics.accepted(signal, items);
  }
}
