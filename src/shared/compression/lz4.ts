// LZ4 in its frame format (`Content-Encoding: lz4`), which Go's confighttp decodes with
// pierrec/lz4's frame reader (core `config/confighttp/compression.go`) and lists in the server's
// default `compression_algorithms`.
//
// The blocks are decoded by lz4-napi (lz4_flex, prebuilt per platform like @napi-rs/snappy). It
// takes no output limit, decodes only the first of several concatenated frames and ignores
// bytes after it, so the frame structure is walked here first (no decoding, header fields only):
// it rejects malformed framing, splits concatenated frames (the spec and the lz4 CLI allow them),
// skips skippable frames, and bounds the output before anything is allocated.

import { createRequire } from 'node:module';
import { BodyTooLargeError, DecompressionError } from './errors.js';

interface Lz4Napi {
  compressFrameSync(data: Buffer): Buffer;
  decompressFrameSync(data: Buffer): Buffer;
  decompressFrame(data: Uint8Array): Promise<Buffer>;
}

// Loaded on first lz4 body: few clients send lz4, and the addon costs ~30 ms of every startup.
let lz4Module: Lz4Napi | undefined;
function lz4(): Lz4Napi {
  return (lz4Module ??= createRequire(import.meta.url)('lz4-napi') as Lz4Napi);
}

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
/** LZ4's largest expansion: a match token of n bytes can stand for about 255·n output bytes. */
const MAX_RATIO = 255;

interface Lz4Frame {
  /** The frame's bytes, magic through end mark and checksum. */
  bytes: Buffer;
  /** Output size: exact when the frame declares it, else an upper bound from its block headers. */
  bound: number;
  exact: boolean;
  /** Largest uncompressed size one block of this frame may have. */
  blockMax: number;
}

/** The data frames of an lz4 stream, checked for structure; throws DecompressionError. */
export function scanLz4Frames(input: Buffer, alg = 'lz4'): Lz4Frame[] {
  const corrupt = (why: string) => new DecompressionError(alg, `corrupt input: ${why}`);
  const frames: Lz4Frame[] = [];
  let p = 0;
  const need = (n: number, what: string) => {
    if (p + n > input.length) throw corrupt(`truncated ${what}`);
  };
  if (input.length === 0) throw corrupt('empty body');
  while (p < input.length) {
    need(4, 'frame magic');
    const magic = input.readUInt32LE(p);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(8, 'skippable frame');
      const size = input.readUInt32LE(p + 4);
      p += 8;
      need(size, 'skippable frame');
      p += size;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(frames.length ? 'bytes after the last frame' : 'not an lz4 frame (bad magic number)');
    const start = p;
    p += 4;
    need(2, 'frame descriptor');
    const flg = input[p]!;
    const bd = input[p + 1]!;
    if (flg >> 6 !== 1) throw corrupt(`unsupported frame version ${flg >> 6}`);
    if ((flg & 0x02) !== 0 || (bd & 0x8f) !== 0) throw corrupt('reserved bits set in the frame descriptor');
    const blockMax = BLOCK_MAX[(bd >> 4) & 7];
    if (blockMax === undefined) throw corrupt(`invalid block maximum size id ${(bd >> 4) & 7}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const hasSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const hasDict = (flg & 0x01) !== 0;
    p += 2;
    let declared = -1;
    if (hasSize) {
      need(8, 'content size');
      const size = input.readBigUInt64LE(p);
      declared = size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size);
      p += 8;
    }
    if (hasDict) throw corrupt('frames that need a dictionary are not supported');
    need(1, 'header checksum');
    p += 1;
    let bound = 0;
    for (;;) {
      need(4, 'block size');
      const word = input.readUInt32LE(p);
      p += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      const stored = word !== size;
      if (size > blockMax) throw corrupt(`block of ${size} bytes exceeds the frame's ${blockMax}-byte maximum`);
      need(size + (blockChecksum ? 4 : 0), 'block');
      p += size + (blockChecksum ? 4 : 0);
      bound += stored ? size : Math.min(blockMax, size * MAX_RATIO);
    }
    if (contentChecksum) {
      need(4, 'content checksum');
      p += 4;
    }
    const exact = declared >= 0;
    frames.push({ bytes: input.subarray(start, p), bound: exact ? declared : bound, exact, blockMax });
  }
  return frames;
}

/** One lz4 frame of `buf` (lz4 CLI compatible: independent blocks, content checksum). */
export function lz4Compress(buf: Uint8Array): Buffer {
  return lz4().compressFrameSync(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
}

function checkBound(frames: readonly Lz4Frame[], maxOutputBytes: number, alg: string): void {
  let bound = 0;
  for (const f of frames) {
    bound += f.bound;
    if (bound > maxOutputBytes + (f.exact ? 0 : f.blockMax)) throw new BodyTooLargeError(alg, maxOutputBytes);
  }
}

function joinFrames(parts: Buffer[], frames: readonly Lz4Frame[], maxOutputBytes: number, alg: string): Buffer {
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const f = frames[i]!;
    const n = parts[i]!.length;
    if (f.exact && n !== f.bound) throw new DecompressionError(alg, `corrupt input: frame declares ${f.bound} bytes, decodes to ${n}`);
    total += n;
  }
  if (total > maxOutputBytes) throw new BodyTooLargeError(alg, maxOutputBytes);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}

function decodeError(err: unknown, alg: string): DecompressionError {
  return new DecompressionError(alg, `corrupt input: ${(err as Error).message}`, { cause: err });
}

/**
 * Decodes every frame of `buf`, never allocating for more than `maxOutputBytes` plus one block:
 * a body whose header bound already exceeds that is refused unread, and the decoded length is
 * checked against the limit exactly. (The block-header bound overshoots the real size by at most
 * the last block, so a body just under the limit is not refused.)
 */
export function lz4DecompressSync(buf: Uint8Array, maxOutputBytes: number, alg = 'lz4'): Buffer {
  const frames = scanLz4Frames(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), alg);
  checkBound(frames, maxOutputBytes, alg);
  const parts = frames.map((f) => {
    try {
      return lz4().decompressFrameSync(f.bytes);
    } catch (err) {
      throw decodeError(err, alg);
    }
  });
  return joinFrames(parts, frames, maxOutputBytes, alg);
}

/** lz4DecompressSync, on the thread pool when `async` (large bodies). */
export async function lz4Decompress(buf: Uint8Array, maxOutputBytes: number, async: boolean, alg = 'lz4'): Promise<Buffer> {
  if (!async) return lz4DecompressSync(buf, maxOutputBytes, alg);
  const frames = scanLz4Frames(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), alg);
  checkBound(frames, maxOutputBytes, alg);
  const parts: Buffer[] = [];
  for (const f of frames) {
    try {
      parts.push(await lz4().decompressFrame(f.bytes));
    } catch (err) {
      throw decodeError(err, alg);
    }
  }
  return joinFrames(parts, frames, maxOutputBytes, alg);
}
