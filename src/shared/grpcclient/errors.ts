// The error a failed call rejects with. Its message is grpc-go's status error text,
// `rpc error: code = Unavailable desc = …`, which Go exporters log verbatim.

import type { GrpcStatusCode } from '../grpcserver/status.js';
import { grpcCodeName } from './codes.js';
import { retryDelayMs, type RpcStatus } from '../../pdata/responses.js';

export class GrpcCallError extends Error {
  /** The server's delay from a RetryInfo detail, in ms; undefined without RetryInfo. */
  readonly retryDelayMs: number | undefined;

  constructor(
    readonly code: GrpcStatusCode,
    /** The status description (grpc-message, or the client's reason). */
    readonly description: string,
    /** The decoded `grpc-status-details-bin`, when the server sent one. */
    readonly status?: RpcStatus,
    options?: { cause?: unknown },
  ) {
    super(`rpc error: code = ${grpcCodeName(code)} desc = ${description}`, options);
    this.name = 'GrpcCallError';
    this.retryDelayMs = status ? retryDelayMs(status) : undefined;
  }

  /** True when the server attached a google.rpc.RetryInfo detail. */
  get hasRetryInfo(): boolean {
    return this.retryDelayMs !== undefined;
  }
}
