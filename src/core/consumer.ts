// How data and errors move between components. consume() resolves once the next stage has
// accepted the data (an exporter: once queued) and rejects with a ConsumerError otherwise, so the
// receiver that accepted the data can answer 429/503 or withhold an ack (backpressure).

import type { Payload } from './payload.js';

/** Per-request facts a receiver can pass down: client metadata (include_metadata), auth, peer. */
export interface RequestContext {
  metadata?: ReadonlyMap<string, readonly string[]>;
  auth?: Readonly<Record<string, unknown>>;
  clientAddress?: string;
}

export const EMPTY_CONTEXT: RequestContext = Object.freeze({});

export interface Consumer {
  /** True when consume() changes the payload in place; fan-out then hands it a clone. */
  readonly mutatesData: boolean;
  consume(data: Payload, ctx: RequestContext): Promise<void>;
}

export type ConsumerErrorKind = 'retryable' | 'permanent' | 'throttled';

/**
 * A refusal with the semantics receivers map to status codes (Go's consumererror): permanent →
 * 400/500 and no retry; retryable → 503 / UNAVAILABLE; throttled → 429 / RESOURCE_EXHAUSTED,
 * with Retry-After when the refusing stage knows how long to wait.
 */
export class ConsumerError extends Error {
  constructor(
    message: string,
    readonly kind: ConsumerErrorKind = 'retryable',
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConsumerError';
  }
  static permanent(message: string, cause?: unknown): ConsumerError {
    return new ConsumerError(message, 'permanent', undefined, { cause });
  }
  static retryable(message: string, retryAfterMs?: number, cause?: unknown): ConsumerError {
    return new ConsumerError(message, 'retryable', retryAfterMs, { cause });
  }
  static throttled(message: string, retryAfterMs?: number): ConsumerError {
    return new ConsumerError(message, 'throttled', retryAfterMs);
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof ConsumerError && err.kind === 'permanent';
}
