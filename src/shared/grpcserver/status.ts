// The error a gRPC handler throws to answer with a status, and grpc-message encoding. The codes
// and the gRPC ↔ HTTP tables live in src/shared/status (re-exported here for the server's users).

export { GrpcStatus, type GrpcStatusCode, httpStatusForGrpc, grpcCodeForHttp } from '../status/index.js';
import type { GrpcStatusCode } from '../status/index.js';

/** Thrown by a handler (or raised by the server) to end a call with a non-OK status. */
export class GrpcError extends Error {
  constructor(
    readonly code: GrpcStatusCode,
    message: string,
    /** An encoded google.rpc.Status sent as `grpc-status-details-bin` (e.g. carrying RetryInfo). */
    readonly details?: Uint8Array,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

// gRPC over HTTP/2 spec: grpc-message is percent-encoded UTF-8; bytes outside 0x20–0x7E and '%' itself are escaped.
export function encodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    if (byte >= 0x20 && byte <= 0x7e && byte !== 0x25) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeGrpcMessage(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
