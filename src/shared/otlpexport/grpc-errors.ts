// How an OTLP/gRPC exporter classifies a failed Export call (core exporter/otlpexporter/otlp.go,
// processError and shouldRetry).

import { ConsumerError } from '../../core/consumer.js';
import { GrpcCallError } from '../grpcclient/index.js';
import { GrpcStatus, isTransientGrpcCode } from '../status/index.js';

/** Go's shouldRetry: transient codes retry; RESOURCE_EXHAUSTED only when the server sent RetryInfo. */
export function isRetryableGrpcCode(code: number, hasRetryInfo: boolean): boolean {
  return isTransientGrpcCode(code) || (code === GrpcStatus.RESOURCE_EXHAUSTED && hasRetryInfo);
}

/** A failed call as the exporterhelper needs it: permanent, throttled (server delay) or retryable. */
export function classifyGrpcError(err: unknown): unknown {
  if (!(err instanceof GrpcCallError)) return err;
  if (!isRetryableGrpcCode(err.code, err.hasRetryInfo)) return ConsumerError.permanent(err.message, err);
  const delay = err.retryDelayMs !== undefined && err.retryDelayMs > 0 ? err.retryDelayMs : undefined;
  if (err.code === GrpcStatus.RESOURCE_EXHAUSTED) return ConsumerError.throttled(err.message, delay);
  return ConsumerError.retryable(err.message, delay, err);
}
