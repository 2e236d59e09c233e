// Reading a request body the way Go's confighttp does: Content-Encoding decoded per the
// configured `compression_algorithms`, `max_request_body_size` enforced on the bytes received and
// again on the decoded bytes (a zip bomb stops at the limit), and a stalled upload timed out
// without holding up any other request.

import type { IncomingMessage } from 'node:http';
import { decompress, BodyTooLargeError, isIdentity, isSupportedCompression, normalizeEncoding } from '../compression/index.js';

/** A body that cannot be read; the handler answers with `status` and `message`. */
export class HttpBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpBodyError';
  }
}

// Go's http.MaxBytesReader error text, which the OTLP receiver puts in its Status body.
export const BODY_TOO_LARGE = 'http: request body too large';

/** Go's default `compression_algorithms` (confighttp `defaultCompressionAlgorithms`). */
export const DEFAULT_COMPRESSION_ALGORITHMS: readonly string[] = ['', 'gzip', 'zstd', 'zlib', 'snappy', 'deflate', 'lz4', 'x-snappy-framed'];

interface BodyOptions {
  maxBytes: number;
  /** 0: no timer of our own (Node's requestTimeout still applies). */
  readTimeoutMs: number;
}

/** The request's Content-Encoding, lower-cased, with `identity` read as no encoding. */
export function contentEncodingOf(req: IncomingMessage): string {
  const raw = req.headers['content-encoding'] ?? '';
  return isIdentity(raw) ? '' : normalizeEncoding(raw);
}

/** The encodings a server accepts: the configured names this build can decode (all of Go's). */
export function acceptedEncodings(configured: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of configured) {
    if (isIdentity(name)) out.add('');
    else if (isSupportedCompression(name)) out.add(normalizeEncoding(name));
  }
  return out;
}

/** Go's message for an encoding outside `compression_algorithms`, or undefined when accepted. */
export function unsupportedEncoding(encoding: string, accepted: ReadonlySet<string>): string | undefined {
  return accepted.has(encoding) ? undefined : `unsupported Content-Encoding: ${encoding}`;
}

/** Collects the raw body, rejecting with 413 past `maxBytes` and 408 when the client stalls. */
function readRawBody(req: IncomingMessage, opts: BodyOptions): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    return Promise.reject(new HttpBodyError(413, BODY_TOO_LARGE));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined) => {
      if (timer) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err) {
        // Stop reading the rest of an upload we will not use: the response carries `Connection: close`.
        req.pause();
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.maxBytes) return finish(new HttpBodyError(413, BODY_TOO_LARGE));
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (err: Error) => finish(new HttpBodyError(400, err.message));
    const onClose = () => {
      if (!req.complete) finish(new HttpBodyError(400, 'unexpected EOF'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    if (opts.readTimeoutMs > 0) {
      timer = setTimeout(() => finish(new HttpBodyError(408, 'timeout reading request body')), opts.readTimeoutMs);
      timer.unref();
    }
  });
}

/** The decoded body: raw bytes for no encoding, else decompressed with the same byte limit. */
export async function readBody(req: IncomingMessage, encoding: string, opts: BodyOptions): Promise<Buffer> {
  const raw = await readRawBody(req, opts);
  if (encoding === '') return raw;
  try {
    return await decompress(encoding, raw, opts.maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpBodyError(413, BODY_TOO_LARGE);
    throw new HttpBodyError(400, (err as Error).message);
  }
}
