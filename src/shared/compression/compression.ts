// compress()/decompress() by Content-Encoding name, the one place bodies are (de)compressed.
// Names and meanings follow Go's confighttp (core `config/confighttp/{compressor.go,
// compression.go}`): `deflate` is sent as zlib (RFC 1950) like Go; `snappy` is the block format,
// and on decode a framed stream is recognised too, as Go's server does; `lz4` is the LZ4 frame
// format (see lz4.ts).
//
// Sync vs async (measured on this machine with 4 KiB–4 MiB JSON log bodies): gunzipSync runs at
// 800–950 MB/s against ≤ 730 MB/s for the thread-pool version even with 4 in parallel, so
// decompression is sync unless the compressed body is ≥ 1 MiB (then the event loop would stall
// for tens of ms). gzip level 6 runs at ~125 MB/s either way, but from 256 KiB up the async
// version overlaps with the main thread (4 in parallel: 170–220 MB/s), so large bodies go async.

import zlib from 'node:zlib';
import { BodyTooLargeError, DecompressionError, UnsupportedCompressionError } from './errors.js';
import { snappyBlockCompress, snappyBlockDecompress, snappyFramedCompress, snappyFramedDecompress, isSnappyFramed } from './snappy.js';
import { zstdCompress, zstdDecompress } from './zstd.js';
import { lz4Compress, lz4Decompress } from './lz4.js';

export const COMPRESSIONS = ['gzip', 'zlib', 'deflate', 'zstd', 'snappy', 'x-snappy-framed', 'lz4'] as const;
type Compression = (typeof COMPRESSIONS)[number];

/** Names that mean "not compressed". */
const IDENTITY = new Set(['', 'none', 'identity']);

const ASYNC_COMPRESS_FROM_BYTES = 256 * 1024;
const ASYNC_DECOMPRESS_FROM_BYTES = 1024 * 1024;

export function normalizeEncoding(name: string): string {
  const n = name.trim().toLowerCase();
  return n === 'x-gzip' ? 'gzip' : n;
}

export function isIdentity(name: string): boolean {
  return IDENTITY.has(normalizeEncoding(name));
}

export function isSupportedCompression(name: string): name is Compression {
  return (COMPRESSIONS as readonly string[]).includes(normalizeEncoding(name));
}

interface CompressOptions {
  /** zlib level (-1, 0–9; default -1 = 6) or zstd level (default 3). */
  level?: number;
}

function zlibCall(
  fnSync: (buf: Uint8Array, opts: zlib.ZlibOptions) => Buffer,
  fnAsync: (buf: Uint8Array, opts: zlib.ZlibOptions, cb: (err: Error | null, out: Buffer) => void) => void,
  buf: Uint8Array,
  opts: zlib.ZlibOptions,
  async: boolean,
): Promise<Buffer> {
  if (!async) return Promise.resolve(fnSync(buf, opts));
  return new Promise((resolve, reject) => fnAsync(buf, opts, (err, out) => (err ? reject(err) : resolve(out))));
}

/** `buf` compressed with `algorithm`; identity names return it unchanged. */
export async function compress(algorithm: string, buf: Uint8Array, opts: CompressOptions = {}): Promise<Buffer> {
  const alg = normalizeEncoding(algorithm);
  const async = buf.length >= ASYNC_COMPRESS_FROM_BYTES;
  const zopts: zlib.ZlibOptions = { level: opts.level ?? zlib.constants.Z_DEFAULT_COMPRESSION };
  switch (alg) {
    case 'gzip':
      return zlibCall(zlib.gzipSync, zlib.gzip, buf, zopts, async);
    case 'zlib':
    case 'deflate':
      return zlibCall(zlib.deflateSync, zlib.deflate, buf, zopts, async);
    case 'zstd':
      return zstdCompress(buf, opts.level, async);
    case 'snappy':
      return snappyBlockCompress(buf);
    case 'x-snappy-framed':
      return snappyFramedCompress(buf);
    case 'lz4':
      return lz4Compress(buf);
    default:
      if (IDENTITY.has(alg)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
      throw new UnsupportedCompressionError(alg);
  }
}

/** RFC 1950 header check: CM = 8 and the header checksum holds. */
function looksLikeZlib(buf: Uint8Array): boolean {
  return buf.length >= 2 && (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0;
}

async function inflateLimited(alg: string, kind: 'gunzip' | 'inflate' | 'inflateRaw', buf: Uint8Array, max: number): Promise<Buffer> {
  const opts: zlib.ZlibOptions = { maxOutputLength: Math.max(1, max) };
  const async = buf.length >= ASYNC_DECOMPRESS_FROM_BYTES;
  try {
    switch (kind) {
      case 'gunzip':
        return await zlibCall(zlib.gunzipSync, zlib.gunzip, buf, opts, async);
      case 'inflate':
        return await zlibCall(zlib.inflateSync, zlib.inflate, buf, opts, async);
      case 'inflateRaw':
        return await zlibCall(zlib.inflateRawSync, zlib.inflateRaw, buf, opts, async);
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(alg, max);
    throw new DecompressionError(alg, e.message, { cause: err });
  }
}

/**
 * `buf` decompressed per its Content-Encoding, never producing (or allocating for) more than
 * `maxOutputBytes`: throws BodyTooLargeError past the limit, DecompressionError on bad data,
 * UnsupportedCompressionError for an unknown name.
 */
export async function decompress(algorithm: string, buf: Uint8Array, maxOutputBytes: number): Promise<Buffer> {
  const alg = normalizeEncoding(algorithm);
  switch (alg) {
    case 'gzip':
      return inflateLimited(alg, 'gunzip', buf, maxOutputBytes);
    case 'zlib':
      return inflateLimited(alg, 'inflate', buf, maxOutputBytes);
    case 'deflate':
      // Go reads `deflate` as zlib; clients that send raw deflate (RFC 1951) are accepted too.
      return inflateLimited(alg, looksLikeZlib(buf) ? 'inflate' : 'inflateRaw', buf, maxOutputBytes);
    case 'zstd':
      return zstdDecompress(buf, maxOutputBytes, buf.length >= ASYNC_DECOMPRESS_FROM_BYTES);
    case 'snappy':
      return isSnappyFramed(buf) ? snappyFramedDecompress(buf, maxOutputBytes, alg) : snappyBlockDecompress(buf, maxOutputBytes);
    case 'x-snappy-framed':
      return snappyFramedDecompress(buf, maxOutputBytes);
    case 'lz4':
      return lz4Decompress(buf, maxOutputBytes, buf.length >= ASYNC_DECOMPRESS_FROM_BYTES);
    default:
      if (IDENTITY.has(alg)) {
        if (buf.length > maxOutputBytes) throw new BodyTooLargeError('', maxOutputBytes);
        return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      throw new UnsupportedCompressionError(alg);
  }
}
