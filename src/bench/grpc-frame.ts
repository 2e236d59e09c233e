// gRPC-over-HTTP/2 details shared by the benchmark's raw gRPC client and its sink.

/** The OTLP trace Export method. */
export const TRACE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/**
 * Flow-control windows (node-limits.md §3): Node's default 64 KiB windows make a 77 KB message
 * wait for WINDOW_UPDATEs and cut gRPC throughput about 3x, so both ends of our own
 * connections open 4 MiB per stream and 16 MiB per connection.
 */
export const STREAM_WINDOW = 4 * 1024 * 1024;
export const CONNECTION_WINDOW = 16 * 1024 * 1024;

/** Length-prefixed message: flag byte 0 (uncompressed) and a big-endian uint32 length. */
export function frameMessage(msg: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + msg.length);
  out[0] = 0;
  out.writeUInt32BE(msg.length, 1);
  out.set(msg, 5);
  return out;
}

interface GrpcMessage {
  compressed: boolean;
  body: Buffer;
}

/** Splits a complete request body into its length-prefixed messages. */
export function unframeMessages(buf: Buffer): GrpcMessage[] {
  const out: GrpcMessage[] = [];
  let p = 0;
  while (p < buf.length) {
    if (buf.length - p < 5) throw new Error('truncated gRPC message prefix');
    const len = buf.readUInt32BE(p + 1);
    if (buf.length - p - 5 < len) throw new Error('truncated gRPC message');
    out.push({ compressed: buf[p] === 1, body: buf.subarray(p + 5, p + 5 + len) });
    p += 5 + len;
  }
  return out;
}
