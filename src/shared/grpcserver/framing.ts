// gRPC length-prefixed messages (gRPC over HTTP/2 spec: 1-byte compressed flag, 4-byte big-endian
// length, payload), read from a request stream's chunks without copying a single-chunk message.
// A unary call carries exactly one message; sizes are checked on the prefix, before buffering.

import { GrpcError, GrpcStatus } from './status.js';

export const FRAME_HEADER_BYTES = 5;

/** `payload` with its 5-byte prefix (never compressed: responses here are tiny). */
export function frameMessage(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  out[0] = 0;
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

interface UnaryMessage {
  compressed: boolean;
  payload: Buffer;
}

/** Collects the one message of a unary request; push() chunks, then finish() at end of stream. */
export class UnaryMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private compressed = false;

  constructor(private readonly maxBytes: number) {}

  /** Throws a GrpcError as soon as the prefix announces a message over the limit. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.expected < 0 && this.buffered >= FRAME_HEADER_BYTES) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      this.chunks = [head];
      this.compressed = head[0] === 1;
      if (head[0]! > 1) throw new GrpcError(GrpcStatus.INTERNAL, `grpc: invalid message compression flag ${head[0]}`);
      this.expected = head.readUInt32BE(1);
      // grpc-go rpc_util.go recvMsg wording.
      if (this.expected > this.maxBytes) {
        throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message larger than max (${this.expected} vs. ${this.maxBytes})`);
      }
    }
    if (this.expected >= 0 && this.buffered > FRAME_HEADER_BYTES + this.expected) {
      throw new GrpcError(
        GrpcStatus.INTERNAL,
        'grpc: cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message',
      );
    }
  }

  finish(): UnaryMessage {
    if (this.buffered === 0) {
      throw new GrpcError(GrpcStatus.INTERNAL, 'grpc: cardinality violation: received no request message from stream for unary RPC');
    }
    if (this.expected < 0 || this.buffered < FRAME_HEADER_BYTES + this.expected) {
      throw new GrpcError(GrpcStatus.INTERNAL, 'grpc: unexpected EOF while reading the request message');
    }
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    return { compressed: this.compressed, payload: all.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + this.expected) };
  }
}

const TIMEOUT_UNITS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/** `grpc-timeout` (e.g. `10S`, `500m`) in milliseconds, or undefined when absent or malformed. */
export function parseGrpcTimeout(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * TIMEOUT_UNITS[m[2]!]!;
}
