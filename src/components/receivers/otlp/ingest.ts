// The pipeline side of the OTLP receiver, shared by its gRPC and HTTP transports: count, push,
// and map a refusal to the status the client sees as Go does (core
// `receiver/otlpreceiver/internal/errors/errors.go`).

import type { Logger } from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { ReceiverMetrics } from '../../../core/telemetry.js';
import { GrpcStatus, type GrpcStatusCode } from '../../../shared/grpcserver/status.js';

/** A pipeline refusal as the client sees it: a gRPC code (mapped to HTTP by http.ts). */
export class ExportRefusal extends Error {
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
    /** How long the client should wait before retrying (Retry-After / RetryInfo). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ExportRefusal';
  }
}

/**
 * Go's GetStatusFromError for an error without a gRPC status: retryable → UNAVAILABLE, permanent
 * → INTERNAL; our throttled kind (the memory limiter's or a queue's 429) → RESOURCE_EXHAUSTED.
 */
export function refusalFor(err: unknown): ExportRefusal {
  if (err instanceof ConsumerError) {
    if (err.kind === 'throttled') return new ExportRefusal(GrpcStatus.RESOURCE_EXHAUSTED, err.message, err.retryAfterMs);
    if (err.kind === 'permanent') return new ExportRefusal(GrpcStatus.INTERNAL, err.message);
    return new ExportRefusal(GrpcStatus.UNAVAILABLE, err.message, err.retryAfterMs);
  }
  return new ExportRefusal(GrpcStatus.UNAVAILABLE, err instanceof Error ? err.message : String(err));
}

/** The pipeline side of one transport: counts what it accepts and refuses, per signal. */
export class OtlpIngest {
  constructor(
    readonly consumers: Partial<Record<Signal, Consumer>>,
    private readonly metrics: ReceiverMetrics,
    private readonly logger: Logger,
    private readonly transport: 'grpc' | 'http',
  ) {}

  /** Resolves once the pipeline accepted `payload`; rejects with an ExportRefusal. */
  async push(signal: Signal, payload: Payload, ctx: RequestContext): Promise<void> {
    const items = payload.itemCount();
    // Go (internal/trace/otlp.go): an empty request succeeds without touching the pipeline.
    if (items === 0) return;
    const consumer = this.consumers[signal];
    if (!consumer) throw new ExportRefusal(GrpcStatus.UNIMPLEMENTED, `no pipeline accepts ${signal}`);
    try {
      await consumer.consume(payload, ctx);
    } catch (err) {
      this.metrics.refused(signal, items);
      const refusal = refusalFor(err);
      this.logger.warn(
        { signal, items, transport: this.transport, code: refusal.code, err: refusal.message },
        `OTLP ${signal} request refused by the pipeline`,
      );
      throw refusal;
    }
    this.metrics.accepted(signal, items);
  }
}

/** A started transport: how to stop it. */
export interface RunningTransport {
  address: string;
  shutdown(): Promise<void>;
}
