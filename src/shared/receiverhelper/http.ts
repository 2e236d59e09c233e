// A Refusal as an HTTP answer. Go's OTLP receiver: retryable → 503, throttled → 429, permanent →
// 500 (core `receiver/otlpreceiver/internal/errors/errors.go` GetStatusFromError → Internal →
// GetHTTPStatusCodeFromStatus). Receivers whose Go twin answers a permanent error otherwise
// (contrib `internal/coreinternal/errorutil/http.go`: 400) pass their status.

import type { ServerResponse } from 'node:http';
import type { Refusal } from './refusal.js';

/** The HTTP status for a refusal; `permanentStatus` is 500 as in Go's OTLP receiver. */
function httpStatusForRefusal(refusal: Refusal, permanentStatus = 500): number {
  if (refusal.kind === 'overloaded') return 429;
  if (refusal.kind === 'retryable') return 503;
  return permanentStatus;
}

/**
 * The Retry-After value (whole seconds) for a retryable or overloaded refusal that knows its
 * delay. Go writes seconds rounded down; rounding up keeps a sub-second delay from reading as
 * "retry now".
 */
export function retryAfterSeconds(refusal: Refusal): string | undefined {
  if (refusal.kind === 'permanent' || refusal.retryAfterMs === undefined) return undefined;
  return String(Math.ceil(refusal.retryAfterMs / 1000));
}

/** Sets Retry-After when it applies and returns the status to answer with; the body is the transport's. */
export function prepareRefusalAnswer(res: ServerResponse, refusal: Refusal, permanentStatus = 500): number {
  const retryAfter = retryAfterSeconds(refusal);
  if (retryAfter !== undefined && !res.headersSent) res.setHeader('Retry-After', retryAfter);
  return httpStatusForRefusal(refusal, permanentStatus);
}
