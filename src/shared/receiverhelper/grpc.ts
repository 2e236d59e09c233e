// A Refusal as a gRPC status: retryable → UNAVAILABLE, overloaded → RESOURCE_EXHAUSTED, permanent
// → INTERNAL (Go's OTLP receiver, core `receiver/otlpreceiver/internal/errors/errors.go`); Go's
// Loki receiver answers permanent with UNKNOWN (contrib `internal/coreinternal/errorutil/grpc.go`)
// and passes that. A known retry delay travels as google.rpc.RetryInfo in grpc-status-details-bin,
// which Go's OTLP exporter reads to pace its retries.

import { encodeRpcStatus, retryInfoDetail } from '../../pdata/index.js';
import { GrpcError } from '../grpcserver/status.js';
import { GrpcStatus, type GrpcStatusCode } from '../status/index.js';
import type { Refusal } from './refusal.js';

export function grpcCodeForRefusal(refusal: Refusal, permanentCode: GrpcStatusCode = GrpcStatus.INTERNAL): GrpcStatusCode {
  if (refusal.kind === 'overloaded') return GrpcStatus.RESOURCE_EXHAUSTED;
  if (refusal.kind === 'retryable') return GrpcStatus.UNAVAILABLE;
  return permanentCode;
}

/** The GrpcError a handler throws for a refusal (RetryInfo attached when the delay is known). */
export function grpcErrorForRefusal(refusal: Refusal, permanentCode: GrpcStatusCode = GrpcStatus.INTERNAL): GrpcError {
  const code = grpcCodeForRefusal(refusal, permanentCode);
  const details =
    refusal.retryAfterMs !== undefined
      ? encodeRpcStatus({ code, message: refusal.message, details: [retryInfoDetail(refusal.retryAfterMs)] })
      : undefined;
  return new GrpcError(code, refusal.message, details);
}
