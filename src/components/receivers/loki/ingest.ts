// The pipeline side of the loki receiver, shared by its HTTP and gRPC transports: translate the
// decoded push request, count, push, and classify a refusal the way Go's receiver answers it
// (contrib `internal/coreinternal/errorutil/{http,grpc}.go`): permanent → HTTP 400 / gRPC
// UNKNOWN, anything else → 503 / UNAVAILABLE; our throttled kind (memory limiter, full queue)
// → 429 / RESOURCE_EXHAUSTED, with the refusing stage's retry delay.

import type { Logger } from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { ReceiverMetrics } from '../../../core/telemetry.js';
import type { LokiStream } from '../../../shared/codec/loki/push-model.js';
import { pushToLogs } from './to-logs.js';

export type RefusalKind = 'permanent' | 'retryable' | 'throttled';

/** The pipeline did not take the request; the transport maps `kind` to its status. */
export class PushRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PushRefusal';
  }
}

export class LokiIngest {
  constructor(
    private readonly consumer: Consumer,
    private readonly metrics: ReceiverMetrics,
    private readonly logger: Logger,
    private readonly transport: 'http' | 'grpc',
    private readonly useIncomingTimestamp: boolean,
  ) {}

  /**
   * Translates and pushes; resolves once the pipeline accepted. Throws LokiDecodeError for labels
   * that do not parse (nothing is pushed) and PushRefusal when the pipeline refuses.
   */
  async push(streams: readonly LokiStream[], ctx: RequestContext): Promise<number> {
    let logs;
    try {
      logs = pushToLogs(streams, { useIncomingTimestamp: this.useIncomingTimestamp });
    } catch (err) {
      // Go logs this one at warn: "at least one entry in the push request failed to process".
      this.logger.warn({ transport: this.transport, err: (err as Error).message }, 'at least one entry in the push request failed to process');
      throw err;
    }
    const items = logs.itemCount();
    if (items === 0) return 0;
    try {
      await this.consumer.consume(logs, ctx);
    } catch (err) {
      this.metrics.refused('logs', items);
      const kind: RefusalKind = err instanceof ConsumerError ? err.kind : 'retryable';
      const retryAfterMs = err instanceof ConsumerError ? err.retryAfterMs : undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ items, transport: this.transport, kind, err: message }, 'Loki push request refused by the pipeline');
      throw new PushRefusal(kind, message, retryAfterMs);
    }
    this.metrics.accepted('logs', items);
    return items;
  }
}

/** A started transport: where it listens and how to stop it. */
export interface RunningTransport {
  address: string;
  shutdown(): Promise<void>;
}
