// zstd: node:zlib's codec where the running Node has one (22.15+ / 23.8+), otherwise fzstd
// (pure-JS streaming decoder) and @bokuweb/zstd-wasm (the reference compressor built to wasm,
// loaded on first use). Before any decoder runs, the frame headers are walked: a frame that
// declares more output than allowed, or a window larger than the limit, is refused before a
// byte is allocated (fzstd allocates the declared window up front).

import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import type { Decompress as FzstdStreamType } from 'fzstd';
import { BodyTooLargeError, DecompressionError } from './errors.js';

interface ZstdZlib {
  zstdCompressSync(buf: Uint8Array, opts?: { params?: Record<number, number> }): Buffer;
  zstdCompress(buf: Uint8Array, opts: { params?: Record<number, number> }, cb: (err: Error | null, out: Buffer) => void): void;
  zstdDecompressSync(buf: Uint8Array, opts?: { maxOutputLength?: number; params?: Record<number, number> }): Buffer;
  zstdDecompress(
    buf: Uint8Array,
    opts: { maxOutputLength?: number; params?: Record<number, number> },
    cb: (err: (Error & { code?: string }) | null, out: Buffer) => void,
  ): void;
  constants: { ZSTD_c_compressionLevel?: number; ZSTD_d_windowLogMax?: number };
}

const z = zlib as unknown as Partial<ZstdZlib>;
const nodeZstd: ZstdZlib | undefined =
  typeof z.zstdCompressSync === 'function' && typeof z.zstdDecompressSync === 'function' ? (z as ZstdZlib) : undefined;

const ZSTD_DEFAULT_LEVEL = 3;
/** The reference decoder's default window limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27). */
const MAX_WINDOW = 2 ** 27;
const MIN_WINDOW_ALLOWANCE = 8 * 1024 * 1024;

// fzstd only runs where node:zlib has no zstd: loaded then, not at every start (~20 ms).
let fzstd: typeof FzstdStreamType | undefined;
const FzstdStream = (): typeof FzstdStreamType =>
  (fzstd ??= (createRequire(import.meta.url)('fzstd') as { Decompress: typeof FzstdStreamType }).Decompress);

let wasm: Promise<{ compress(buf: Uint8Array, level?: number): Uint8Array }> | undefined;

function loadWasm() {
  wasm ??= (async () => {
    const mod = createRequire(import.meta.url)('@bokuweb/zstd-wasm') as {
      init(): Promise<void>;
      compress(buf: Uint8Array, level?: number): Uint8Array;
    };
    await mod.init();
    return mod;
  })();
  return wasm;
}

export async function zstdCompress(input: Uint8Array, level = ZSTD_DEFAULT_LEVEL, async = false): Promise<Buffer> {
  if (nodeZstd) {
    const key = nodeZstd.constants.ZSTD_c_compressionLevel;
    const params: Record<number, number> = key === undefined ? {} : { [key]: level };
    if (!async) return nodeZstd.zstdCompressSync(input, { params });
    return new Promise((resolve, reject) => nodeZstd.zstdCompress(input, { params }, (err, out) => (err ? reject(err) : resolve(out))));
  }
  const out = (await loadWasm()).compress(input, level);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * Walks every frame header and block header without decoding: refuses data that declares more
 * than `maxOutputBytes` or a window beyond the limit, and data that is not zstd at all.
 */
function checkZstdFrames(input: Uint8Array, maxOutputBytes: number): void {
  const bad = (why: string) => new DecompressionError('zstd', why);
  const windowLimit = Math.min(MAX_WINDOW, Math.max(maxOutputBytes, MIN_WINDOW_ALLOWANCE));
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let pos = 0;
  let declared = 0;
  if (input.length === 0) throw bad('empty input');
  while (pos < input.length) {
    if (pos + 4 > input.length) throw bad('unexpected end of data');
    const magic = view.getUint32(pos, true);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      if (pos + 8 > input.length) throw bad('unexpected end of data');
      pos += 8 + view.getUint32(pos + 4, true);
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw bad(pos === 0 ? 'invalid magic number' : 'invalid data after frame');
    if (pos + 5 > input.length) throw bad('unexpected end of data');
    const fhd = input[pos + 4]!;
    if (fhd & 0x08) throw bad('reserved frame header bit set');
    const fcsFlag = fhd >>> 6;
    const single = (fhd >>> 5) & 1;
    const hasChecksum = (fhd >>> 2) & 1;
    let p = pos + 5;
    let window = 0;
    if (!single) {
      if (p >= input.length) throw bad('unexpected end of data');
      const wd = input[p++]!;
      const base = 2 ** (10 + (wd >>> 3));
      window = base + (base / 8) * (wd & 7);
    }
    p += [0, 1, 2, 4][fhd & 3]!;
    const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
    if (p + fcsBytes > input.length) throw bad('unexpected end of data');
    let fcs = -1;
    if (fcsBytes > 0) {
      fcs = 0;
      for (let i = 0; i < fcsBytes; i++) fcs += input[p + i]! * 2 ** (8 * i);
      if (fcsFlag === 1) fcs += 256;
    }
    p += fcsBytes;
    if (single) window = fcs;
    if (fcs >= 0) {
      declared += fcs;
      if (declared > maxOutputBytes) throw new BodyTooLargeError('zstd', maxOutputBytes);
    }
    if (window > windowLimit) throw bad(`frame window of ${window} bytes exceeds the limit of ${windowLimit} bytes`);
    for (;;) {
      if (p + 3 > input.length) throw bad('unexpected end of data');
      const bh = input[p]! | (input[p + 1]! << 8) | (input[p + 2]! << 16);
      const type = (bh >>> 1) & 3;
      if (type === 3) throw bad('reserved block type');
      p += 3 + (type === 1 ? 1 : bh >>> 3);
      if (bh & 1) break;
    }
    p += hasChecksum ? 4 : 0;
    if (p > input.length) throw bad('unexpected end of data');
    pos = p;
  }
}

function fzstdDecompress(input: Uint8Array, maxOutputBytes: number): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const stream = new (FzstdStream())((chunk) => {
    total += chunk.length;
    if (total > maxOutputBytes) {
      tooLarge = true;
      // Thrown out of push(): fzstd stops decoding at the block that crossed the limit.
      throw new BodyTooLargeError('zstd', maxOutputBytes);
    }
    // fzstd reuses its window buffer between callbacks, so keep a copy.
    parts.push(chunk.slice());
  });
  try {
    stream.push(input, true);
  } catch (err) {
    if (tooLarge || err instanceof BodyTooLargeError) throw new BodyTooLargeError('zstd', maxOutputBytes);
    throw new DecompressionError('zstd', (err as Error).message, { cause: err });
  }
  return Buffer.concat(parts, total);
}

export async function zstdDecompress(input: Uint8Array, maxOutputBytes: number, async = false): Promise<Buffer> {
  checkZstdFrames(input, maxOutputBytes);
  if (!nodeZstd) return fzstdDecompress(input, maxOutputBytes);
  const windowKey = nodeZstd.constants.ZSTD_d_windowLogMax;
  const opts = { maxOutputLength: Math.max(1, maxOutputBytes), params: windowKey === undefined ? {} : { [windowKey]: 27 } };
  const fail = (err: Error & { code?: string }) =>
    err.code === 'ERR_BUFFER_TOO_LARGE' ? new BodyTooLargeError('zstd', maxOutputBytes) : new DecompressionError('zstd', err.message, { cause: err });
  if (!async) {
    try {
      return nodeZstd.zstdDecompressSync(input, opts);
    } catch (err) {
      throw fail(err as Error);
    }
  }
  return new Promise((resolve, reject) => nodeZstd.zstdDecompress(input, opts, (err, out) => (err ? reject(fail(err)) : resolve(out))));
}
