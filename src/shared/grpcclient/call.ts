// One unary exchange on an open stream: write the length-prefixed request, collect the response
// message, and turn what the server sent (trailers, a Trailers-Only answer, a bare HTTP error,
// an RST_STREAM, a dying connection) into the response bytes or a GrpcCallError worded like
// grpc-go (internal/transport/http2_client.go operateHeaders, stream.go).

import http2, { type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { STATUS_CODES } from 'node:http';
import { BodyTooLargeError, decompress, isIdentity } from '../compression/index.js';
import { FRAME_HEADER_BYTES, UnaryMessageReader } from '../grpcserver/framing.js';
import { decodeGrpcMessage, GrpcError, GrpcStatus } from '../grpcserver/status.js';
import { grpcCodeForHttpStatus, parseGrpcStatus, rstStreamStatus } from './codes.js';
import { KeepaliveTimeoutError, type Connection } from './connection.js';
import { lostConnectionText } from './dial-errors.js';
import { GrpcCallError } from './errors.js';
import { parseStatusDetailsHeader } from './status-details.js';

interface Received {
  headers?: IncomingHttpHeaders;
  trailers?: IncomingHttpHeaders;
  streamError?: Error;
  rstCode: number;
  reader: UnaryMessageReader;
  gotData: boolean;
  readerError?: GrpcCallError;
}

function first(v: string | string[] | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : String(v);
}

function isGrpcContentType(ct: string | undefined): boolean {
  if (!ct || !ct.startsWith('application/grpc')) return false;
  const rest = ct.charAt('application/grpc'.length);
  return rest === '' || rest === '+' || rest === ';';
}

function fromServerError(err: unknown): GrpcCallError {
  if (err instanceof GrpcError) return new GrpcCallError(err.code, err.message);
  return new GrpcCallError(GrpcStatus.INTERNAL, (err as Error).message);
}

/** The 5-byte message prefix (gRPC over HTTP/2: compressed flag, big-endian length). */
function prefix(compressed: boolean, length: number): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  b[0] = compressed ? 1 : 0;
  b.writeUInt32BE(length, 1);
  return b;
}

/**
 * Sends `body` (already compressed when `compressed`) on `stream` and resolves with the response
 * message. On abort the stream is cancelled and the promise rejects with `abortError()`.
 */
export function exchange(
  conn: Connection,
  stream: ClientHttp2Stream,
  body: Uint8Array,
  compressed: boolean,
  maxRecvBytes: number,
  signal: AbortSignal,
  abortError: () => GrpcCallError,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const rx: Received = { rstCode: 0, reader: new UnaryMessageReader(maxRecvBytes), gotData: false };
    const onAbort = () => {
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('response', (headers) => {
      conn.touch();
      rx.headers = headers;
    });
    stream.on('data', (chunk: Buffer) => {
      conn.touch();
      if (rx.readerError) return;
      rx.gotData = true;
      try {
        rx.reader.push(chunk);
      } catch (err) {
        rx.readerError = fromServerError(err);
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }
    });
    stream.on('trailers', (trailers) => {
      conn.touch();
      rx.trailers = trailers;
    });
    stream.on('error', (err) => {
      rx.streamError = err;
    });
    stream.on('close', () => {
      signal.removeEventListener('abort', onAbort);
      rx.rstCode = stream.rstCode ?? 0;
      if (signal.aborted) {
        reject(abortError());
        return;
      }
      outcome(conn, rx, maxRecvBytes).then(resolve, reject);
    });
    if (signal.aborted) {
      onAbort();
      return;
    }
    stream.write(prefix(compressed, body.length));
    stream.end(body);
  });
}

async function outcome(conn: Connection, rx: Received, maxRecvBytes: number): Promise<Buffer> {
  if (rx.readerError) throw rx.readerError;
  const statusHeaders = rx.trailers ?? (rx.headers?.['grpc-status'] !== undefined ? rx.headers : undefined);
  const grpcStatus = first(statusHeaders?.['grpc-status']);
  if (grpcStatus !== undefined) {
    const code = parseGrpcStatus(grpcStatus);
    if (code !== GrpcStatus.OK) {
      const message = decodeGrpcMessage(first(statusHeaders!['grpc-message']) ?? '');
      throw new GrpcCallError(code, message, parseStatusDetailsHeader(first(statusHeaders!['grpc-status-details-bin'])));
    }
    return responseMessage(rx, maxRecvBytes);
  }
  if (conn.failure) {
    const text = conn.failure instanceof KeepaliveTimeoutError ? conn.failure.message : lostConnectionText(conn.failure);
    throw new GrpcCallError(GrpcStatus.UNAVAILABLE, text, undefined, { cause: conn.failure });
  }
  if (rx.headers) {
    const status = Number(rx.headers[':status']);
    const ct = first(rx.headers['content-type']);
    const grpcType = isGrpcContentType(ct);
    if (status !== 200 || !grpcType) {
      const parts: string[] = [];
      if (status !== 200) parts.push(`unexpected HTTP status code received from server: ${status} (${STATUS_CODES[status] ?? ''})`);
      if (!grpcType) parts.push(`transport: received unexpected content-type "${ct ?? ''}"`);
      throw new GrpcCallError(status !== 200 ? grpcCodeForHttpStatus(status) : GrpcStatus.UNKNOWN, parts.join('; '));
    }
  }
  if (rx.rstCode !== 0) {
    const st = rstStreamStatus(rx.rstCode);
    throw new GrpcCallError(st.code, st.message);
  }
  if (rx.streamError) throw new GrpcCallError(GrpcStatus.UNAVAILABLE, lostConnectionText(rx.streamError), undefined, { cause: rx.streamError });
  if (!rx.headers) throw new GrpcCallError(GrpcStatus.UNAVAILABLE, 'error reading from server: EOF');
  throw new GrpcCallError(GrpcStatus.INTERNAL, 'server closed the stream without sending trailers');
}

async function responseMessage(rx: Received, maxRecvBytes: number): Promise<Buffer> {
  if (!rx.gotData) {
    throw new GrpcCallError(GrpcStatus.INTERNAL, 'cardinality violation: received no response message from non-streaming RPC');
  }
  let msg;
  try {
    msg = rx.reader.finish();
  } catch (err) {
    throw fromServerError(err);
  }
  if (!msg.compressed) return msg.payload;
  const encoding = first(rx.headers?.['grpc-encoding']);
  if (encoding === undefined || isIdentity(encoding)) {
    throw new GrpcCallError(GrpcStatus.INTERNAL, 'grpc: compressed flag set with identity or empty encoding');
  }
  try {
    return await decompress(encoding, msg.payload, maxRecvBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new GrpcCallError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message after decompression larger than max ${maxRecvBytes}`);
    }
    throw new GrpcCallError(GrpcStatus.INTERNAL, `grpc: failed to decompress the received message: ${(err as Error).message}`);
  }
}
