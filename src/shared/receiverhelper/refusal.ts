// The one way a receiver learns that the pipeline did not take its data. Go's receivers map the
// pipeline's error to a status per transport (core `receiver/otlpreceiver/internal/errors/
// errors.go`, contrib `internal/coreinternal/errorutil/{http,grpc}.go`); the kinds here are what
// those mappings distinguish.

import { ConsumerError } from '../../core/consumer.js';

/**
 * `retryable`: try again later (HTTP 503, gRPC UNAVAILABLE); `overloaded`: a stage is throttling
 * (429, RESOURCE_EXHAUSTED — our ConsumerError `throttled`); `permanent`: do not retry this data.
 */
type RefusalKind = 'retryable' | 'permanent' | 'overloaded';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** How long the client should wait before retrying (Retry-After / RetryInfo), when known. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'Refusal';
  }
}

export function isRefusal(err: unknown): err is Refusal {
  return err instanceof Refusal;
}

/**
 * A pipeline error as a Refusal. Anything that is not a ConsumerError is retryable, as in Go
 * (an error without a status defaults to Unavailable).
 */
export function refusalFrom(err: unknown): Refusal {
  if (err instanceof Refusal) return err;
  if (err instanceof ConsumerError) {
    if (err.kind === 'throttled') return new Refusal('overloaded', err.message, err.retryAfterMs, { cause: err });
    if (err.kind === 'permanent') return new Refusal('permanent', err.message, undefined, { cause: err });
    return new Refusal('retryable', err.message, err.retryAfterMs, { cause: err });
  }
  return new Refusal('retryable', err instanceof Error ? err.message : String(err), undefined, { cause: err });
}
