// Snappy in its two wire forms: the block format (`Content-Encoding: snappy` on OTLP/HTTP, Loki
// and Prometheus remote-write bodies) and the framing format (`x-snappy-framed`, which Go's
// confighttp server also auto-detects under `snappy`: core `config/confighttp/compression.go`).
//
// Compression uses @napi-rs/snappy (fastest compressor measured on this machine, node-limits.md
// §5), or snappyjs where the native binding is unavailable. Decompression is our own decoder:
// the libraries either trust the declared length (snappyjs writes past or short of it without
// noticing) or take no output limit, and a receiver must check both before allocating.

import { createRequire } from 'node:module';
import { BodyTooLargeError, DecompressionError } from './errors.js';

interface SnappyCompressor {
  compress(input: Uint8Array): Uint8Array;
}

// Loaded on the first compressed body, not at startup: the native binding and snappyjs cost
// ~30 ms each to load on this machine, in every collector whether or not it sends snappy.
let compressor: SnappyCompressor | undefined;

function loadCompressor(): SnappyCompressor {
  const require = createRequire(import.meta.url);
  try {
    const native = require('@napi-rs/snappy') as { compressSync(input: Uint8Array): Buffer };
    return { compress: (input) => native.compressSync(input) };
  } catch {
    return require('snappyjs') as SnappyCompressor;
  }
}

export function snappyBlockCompress(input: Uint8Array): Buffer {
  const out = (compressor ??= loadCompressor()).compress(input);
  return Buffer.isBuffer(out) ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The uncompressed length a block declares in its varint preamble, and where the data starts. */
function snappyDeclaredLength(input: Uint8Array): { length: number; offset: number } {
  let length = 0;
  for (let i = 0, shift = 0; i < 5 && i < input.length; i++, shift += 7) {
    const b = input[i]!;
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) {
      if (length > 0xffffffff) break;
      return { length, offset: i + 1 };
    }
  }
  throw new DecompressionError('snappy', 'corrupt input: bad length preamble');
}

/** Decodes one snappy block, refusing before allocation when it declares more than `maxOutputBytes`. */
export function snappyBlockDecompress(input: Uint8Array, maxOutputBytes: number, alg = 'snappy'): Buffer {
  const { length, offset } = snappyDeclaredLength(input);
  if (length > maxOutputBytes) throw new BodyTooLargeError(alg, maxOutputBytes);
  const out = Buffer.allocUnsafe(length);
  const corrupt = (why: string) => new DecompressionError(alg, `corrupt input: ${why}`);
  let ip = offset;
  let op = 0;
  const end = input.length;
  while (ip < end) {
    const tag = input[ip++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const n = len - 59;
        if (ip + n > end) throw corrupt('truncated literal length');
        len = 0;
        for (let i = 0; i < n; i++) len += input[ip + i]! * 2 ** (8 * i);
        ip += n;
      }
      len += 1;
      if (ip + len > end) throw corrupt('literal runs past the input');
      if (op + len > length) throw corrupt('output longer than declared');
      out.set(input.subarray(ip, ip + len), op);
      ip += len;
      op += len;
      continue;
    }
    let len: number;
    let dist: number;
    if (kind === 1) {
      if (ip + 1 > end) throw corrupt('truncated copy');
      len = 4 + ((tag >>> 2) & 7);
      dist = ((tag >>> 5) << 8) | input[ip++]!;
    } else if (kind === 2) {
      if (ip + 2 > end) throw corrupt('truncated copy');
      len = 1 + (tag >>> 2);
      dist = input[ip]! | (input[ip + 1]! << 8);
      ip += 2;
    } else {
      if (ip + 4 > end) throw corrupt('truncated copy');
      len = 1 + (tag >>> 2);
      dist = (input[ip]! | (input[ip + 1]! << 8) | (input[ip + 2]! << 16)) + input[ip + 3]! * 0x1000000;
      ip += 4;
    }
    if (dist === 0 || dist > op) throw corrupt('copy offset out of range');
    if (op + len > length) throw corrupt('output longer than declared');
    if (dist >= len) {
      out.copyWithin(op, op - dist, op - dist + len);
      op += len;
    } else {
      // Overlapping copy: the bytes being written are part of the source (run-length style).
      for (let i = 0; i < len; i++, op++) out[op] = out[op - dist]!;
    }
  }
  if (op !== length) throw corrupt(`output shorter than declared (${op} of ${length} bytes)`);
  return out;
}

// CRC-32C (Castagnoli), as the framing format checksums each chunk's uncompressed bytes.
const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC32C_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

const STREAM_ID = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
const MAX_CHUNK_DATA = 65_536;

/** True when `input` starts with the framing format's stream identifier. */
export function isSnappyFramed(input: Uint8Array): boolean {
  if (input.length < STREAM_ID.length) return false;
  for (let i = 0; i < STREAM_ID.length; i++) if (input[i] !== STREAM_ID[i]) return false;
  return true;
}

export function snappyFramedCompress(input: Uint8Array): Buffer {
  const parts: Buffer[] = [STREAM_ID];
  for (let pos = 0; pos < input.length; pos += MAX_CHUNK_DATA) {
    const chunk = input.subarray(pos, Math.min(pos + MAX_CHUNK_DATA, input.length));
    const compressed = snappyBlockCompress(chunk);
    // As Go's snappy writer: keep the chunk uncompressed unless compression saves at least 1/8.
    const useCompressed = compressed.length < chunk.length - chunk.length / 8;
    const body = useCompressed ? compressed : chunk;
    const header = Buffer.allocUnsafe(8);
    header[0] = useCompressed ? 0x00 : 0x01;
    header.writeUIntLE(body.length + 4, 1, 3);
    header.writeUInt32LE(maskedCrc(chunk), 4);
    parts.push(header, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }
  return Buffer.concat(parts);
}

export function snappyFramedDecompress(input: Uint8Array, maxOutputBytes: number, alg = 'x-snappy-framed'): Buffer {
  if (!isSnappyFramed(input)) throw new DecompressionError(alg, 'missing stream identifier');
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    if (pos + 4 > input.length) throw new DecompressionError(alg, 'truncated chunk header');
    const type = input[pos]!;
    const len = input[pos + 1]! | (input[pos + 2]! << 8) | (input[pos + 3]! << 16);
    const body = input.subarray(pos + 4, pos + 4 + len);
    if (body.length !== len) throw new DecompressionError(alg, 'truncated chunk');
    pos += 4 + len;
    if (type === 0xff) {
      if (len !== 6 || !isSnappyFramed(input.subarray(pos - 10, pos))) throw new DecompressionError(alg, 'bad stream identifier');
      continue;
    }
    if (type === 0x00 || type === 0x01) {
      if (len < 4) throw new DecompressionError(alg, 'chunk too short');
      const want = (body[0]! | (body[1]! << 8) | (body[2]! << 16)) + body[3]! * 0x1000000;
      const room = Math.min(MAX_CHUNK_DATA, maxOutputBytes - total);
      let data: Buffer;
      if (type === 0x00) {
        const block = body.subarray(4);
        if (snappyDeclaredLength(block).length > room) {
          if (room < MAX_CHUNK_DATA) throw new BodyTooLargeError(alg, maxOutputBytes);
          throw new DecompressionError(alg, 'chunk larger than 65536 bytes');
        }
        data = snappyBlockDecompress(block, room, alg);
      } else {
        data = Buffer.from(body.buffer, body.byteOffset + 4, body.byteLength - 4);
        if (data.length > room) {
          if (room < MAX_CHUNK_DATA) throw new BodyTooLargeError(alg, maxOutputBytes);
          throw new DecompressionError(alg, 'chunk larger than 65536 bytes');
        }
      }
      if (maskedCrc(data) !== want) throw new DecompressionError(alg, 'checksum mismatch');
      parts.push(data);
      total += data.length;
      continue;
    }
    // 0x02–0x7f are reserved unskippable chunks; 0x80–0xfe (padding included) are skipped.
    if (type < 0x80) throw new DecompressionError(alg, `unsupported unskippable chunk type 0x${type.toString(16)}`);
  }
  return Buffer.concat(parts, total);
}
