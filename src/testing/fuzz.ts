// A small mutation fuzzer for pure decoders (bytes → model), run inside ordinary `node:test` tests.
// Every decoder of untrusted bytes (protocol frames, codecs, compression) feeds its seeds here: the
// decoder must either return or throw an error `expected` accepts (its own decode error type), never a
// TypeError/RangeError from a bad index, and never spin on a crafted length field.
//
// Deterministic: the same `seed` (default: derived from `name`, or OTELCOL_FUZZ_SEED) produces the same
// inputs, so a failure reported in CI reproduces locally. The thrown error carries the input as hex.

interface FuzzOptions {
  /** Names the decoder in failure messages; also the default seed. */
  name: string;
  /** Valid (or interesting) inputs the mutations start from. */
  seeds: readonly Uint8Array[];
  /** Synchronous decode; its result is ignored. */
  decode: (bytes: Uint8Array) => unknown;
  /** True for errors the decoder is allowed to throw on bad input (e.g. `e instanceof DecodeError`). */
  expected: (err: unknown) => boolean;
  /** Inputs to try (default 2000); stops earlier when `timeMs` is spent. */
  iterations?: number;
  /** Wall-clock budget for the whole run in ms (default 1500). */
  timeMs?: number;
  /** PRNG seed; default derived from `name` (or the OTELCOL_FUZZ_SEED environment variable). */
  seed?: number;
  /** One input taking longer than this (twice in a row) counts as a hang (default 250 ms). */
  slowMs?: number;
  /** Largest input generated (default: 4 × the largest seed, at least 1024 bytes). */
  maxLength?: number;
}

interface FuzzReport {
  seed: number;
  /** Inputs decoded. */
  runs: number;
  /** Inputs the decoder returned on. */
  accepted: number;
  /** Inputs rejected with an expected error. */
  rejected: number;
  elapsedMs: number;
}

export class FuzzFailure extends Error {
  constructor(
    message: string,
    readonly input: Uint8Array,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'FuzzFailure';
  }
}

const HEX_LIMIT = 16 * 1024;

export function fuzzDecoder(opts: FuzzOptions): FuzzReport {
  const seed = opts.seed ?? envSeed() ?? hashName(opts.name);
  const iterations = opts.iterations ?? 2000;
  const timeMs = opts.timeMs ?? 1500;
  const slowMs = opts.slowMs ?? 250;
  const seeds = opts.seeds.length > 0 ? opts.seeds : [new Uint8Array(0)];
  const maxLength = opts.maxLength ?? Math.max(1024, 4 * Math.max(...seeds.map((s) => s.length)));
  const rng = new Rng(seed);
  const mutator = new Mutator(rng, seeds, maxLength);
  const report: FuzzReport = { seed, runs: 0, accepted: 0, rejected: 0, elapsedMs: 0 };
  const started = performance.now();

  // The seeds themselves and the empty input first: a decoder that fails on its own seeds is broken
  // before any mutation.
  const fixed = [new Uint8Array(0), ...seeds.map((s) => s.slice())];
  for (let i = 0; i < iterations; i++) {
    if (i >= fixed.length && performance.now() - started > timeMs) break;
    const { input, how } = i < fixed.length ? { input: fixed[i]!, how: i === 0 ? 'empty input' : `seed #${i - 1}` } : mutator.next();
    const outcome = runOne(opts, input, slowMs);
    report.runs++;
    if (outcome.kind === 'ok') report.accepted++;
    else if (outcome.kind === 'expected') report.rejected++;
    else fail(opts, seed, i, how, input, outcome, slowMs);
  }
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

type Outcome = { kind: 'ok' } | { kind: 'expected' } | { kind: 'unexpected'; err: unknown } | { kind: 'slow'; ms: number };

function runOne(opts: FuzzOptions, input: Uint8Array, slowMs: number): Outcome {
  let first = true;
  for (;;) {
    // Each decode gets its own copy: a decoder that writes into its input must not change the next one.
    const copy = input.slice();
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      const result = opts.decode(copy);
      if (isThenable(result)) {
        return { kind: 'unexpected', err: new TypeError('fuzzDecoder: decode returned a promise; it must be synchronous') };
      }
      outcome = { kind: 'ok' };
    } catch (err) {
      outcome = opts.expected(err) ? { kind: 'expected' } : { kind: 'unexpected', err };
    }
    const ms = performance.now() - t0;
    if (ms <= slowMs || outcome.kind === 'unexpected') return outcome;
    // One slow run may be a GC pause or a busy machine; the same input slow twice is the decoder.
    if (!first) return { kind: 'slow', ms };
    first = false;
  }
}

function fail(opts: FuzzOptions, seed: number, index: number, how: string, input: Uint8Array, outcome: Outcome, slowMs: number): never {
  const small = outcome.kind === 'unexpected' ? shrink(opts, input, slowMs) : input;
  const err = outcome.kind === 'unexpected' ? outcome.err : undefined;
  const what =
    outcome.kind === 'slow'
      ? `took ${Math.round(outcome.ms)} ms (limit ${slowMs} ms, twice): a hang or super-linear loop`
      : `threw an unexpected error: ${headline(err)}`;
  const shrunk = small.length < input.length ? ` (shrunk from ${input.length} bytes)` : '';
  const stack = err instanceof Error && err.stack ? `\n  ${err.stack.split('\n').slice(1, 6).join('\n  ')}` : '';
  const message =
    `fuzz ${opts.name}: decode ${what}\n` +
    `  input #${index} (${how}), seed ${seed}; rerun with { seed: ${seed} } or OTELCOL_FUZZ_SEED=${seed}\n` +
    `  input (${small.length} bytes${shrunk}) hex: ${hex(small)}` +
    stack;
  throw new FuzzFailure(message, small, outcome.kind === 'unexpected' ? outcome.err : undefined);
}

/** Removes chunks of a failing input while it still fails unexpectedly (bounded), so the hex is readable. */
function shrink(opts: FuzzOptions, input: Uint8Array, slowMs: number): Uint8Array {
  let cur = input;
  let budget = 500;
  for (let chunk = cur.length >> 1; chunk >= 1 && budget > 0; chunk >>= 1) {
    for (let at = 0; at + chunk <= cur.length && budget > 0;) {
      budget--;
      const candidate = new Uint8Array(cur.length - chunk);
      candidate.set(cur.subarray(0, at), 0);
      candidate.set(cur.subarray(at + chunk), at);
      if (runOne(opts, candidate, slowMs).kind === 'unexpected') cur = candidate;
      else at += chunk;
    }
  }
  return cur;
}

function headline(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `non-Error thrown: ${String(err)}`;
}

function hex(b: Uint8Array): string {
  const shown = b.length > HEX_LIMIT ? b.subarray(0, HEX_LIMIT) : b;
  const text = Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength).toString('hex');
  return b.length > HEX_LIMIT ? `${text}… (${b.length - HEX_LIMIT} more bytes)` : text || '(empty)';
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function envSeed(): number | undefined {
  const v = process.env['OTELCOL_FUZZ_SEED'];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n >>> 0 : hashName(v);
}

function hashName(s: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough to choose mutations; not for anything cryptographic. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

// Values that break length checks: zero, one past, sign bits, all ones.
const INTERESTING_U8 = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];
const INTERESTING_U32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

type Mutation = (b: Uint8Array) => { out: Uint8Array; how: string };

class Mutator {
  private readonly mutations: Mutation[];

  constructor(
    private readonly rng: Rng,
    private readonly seeds: readonly Uint8Array[],
    private readonly maxLength: number,
  ) {
    this.mutations = [
      (b) => this.bitFlips(b),
      (b) => this.bitFlips(b),
      (b) => this.interestingByte(b),
      (b) => this.truncate(b),
      (b) => this.dropPrefix(b),
      (b) => this.deleteRange(b),
      (b) => this.splice(b),
      (b) => this.duplicateRange(b),
      (b) => this.lengthField(b),
      (b) => this.lengthField(b),
      (b) => this.hugeVarint(b),
      (b) => this.byteRun(b),
      (b) => this.randomRange(b),
    ];
  }

  next(): { input: Uint8Array; how: string } {
    // One in eight inputs is pure noise; the rest are 1–4 stacked mutations of a seed.
    if (this.rng.below(8) === 0) {
      const n = this.rng.below(Math.min(this.maxLength, 512) + 1);
      return { input: this.rng.bytes(n), how: `random ${n} bytes` };
    }
    const s = this.rng.below(this.seeds.length);
    let cur: Uint8Array = this.seeds[s]!;
    const steps: string[] = [];
    const count = 1 + this.rng.below(4);
    for (let k = 0; k < count; k++) {
      const { out, how } = this.rng.pick(this.mutations)(cur);
      cur = out.length > this.maxLength ? out.subarray(0, this.maxLength) : out;
      steps.push(how);
    }
    return { input: cur, how: `seed #${s}: ${steps.join(', ')}` };
  }

  private bitFlips(b: Uint8Array) {
    if (b.length === 0) return { out: this.rng.bytes(1), how: 'bit flip on empty → 1 byte' };
    const out = b.slice();
    const n = 1 + this.rng.below(8);
    for (let i = 0; i < n; i++) out[this.rng.below(out.length)]! ^= 1 << this.rng.below(8);
    return { out, how: `${n} bit flip(s)` };
  }

  private interestingByte(b: Uint8Array) {
    if (b.length === 0) return { out: Uint8Array.of(this.rng.pick(INTERESTING_U8)), how: 'byte on empty' };
    const out = b.slice();
    const at = this.rng.below(out.length);
    out[at] = this.rng.pick(INTERESTING_U8);
    return { out, how: `byte ${at} = 0x${out[at]!.toString(16)}` };
  }

  private truncate(b: Uint8Array) {
    const n = this.rng.below(b.length + 1);
    return { out: b.subarray(0, n), how: `truncate to ${n}` };
  }

  private dropPrefix(b: Uint8Array) {
    const n = this.rng.below(b.length + 1);
    return { out: b.subarray(n), how: `drop first ${n}` };
  }

  private deleteRange(b: Uint8Array) {
    if (b.length < 2) return this.truncate(b);
    const at = this.rng.below(b.length);
    const n = 1 + this.rng.below(Math.min(64, b.length - at));
    const out = new Uint8Array(b.length - n);
    out.set(b.subarray(0, at), 0);
    out.set(b.subarray(at + n), at);
    return { out, how: `delete ${n} at ${at}` };
  }

  /** Head of one seed + tail of another (or the same): frames that start valid and end elsewhere. */
  private splice(b: Uint8Array) {
    const other = this.rng.pick(this.seeds);
    const head = this.rng.below(b.length + 1);
    const tail = this.rng.below(other.length + 1);
    const out = new Uint8Array(head + other.length - tail);
    out.set(b.subarray(0, head), 0);
    out.set(other.subarray(tail), head);
    return { out, how: `splice ${head}+${other.length - tail}` };
  }

  /** Repeats a range in place: duplicated fields, repeated length prefixes, repeated frames. */
  private duplicateRange(b: Uint8Array) {
    if (b.length === 0) return { out: b, how: 'duplicate on empty' };
    const at = this.rng.below(b.length);
    const n = 1 + this.rng.below(Math.min(256, b.length - at));
    const times = 1 + this.rng.below(4);
    const out = new Uint8Array(b.length + n * times);
    out.set(b.subarray(0, at + n), 0);
    for (let t = 1; t <= times; t++) out.set(b.subarray(at, at + n), at + n * t);
    out.set(b.subarray(at + n), at + n * (times + 1));
    return { out, how: `duplicate ${n} at ${at} ×${times}` };
  }

  /** Overwrites 1/2/4 bytes with a boundary value in either byte order: corrupted length prefixes. */
  private lengthField(b: Uint8Array) {
    const width = this.rng.pick([1, 2, 4]);
    if (b.length < width) return this.interestingByte(b);
    const at = this.rng.below(b.length - width + 1);
    const base = this.rng.below(3) === 0 ? b.length + this.rng.below(3) - 1 : this.rng.pick(INTERESTING_U32);
    const v = base >>> 0;
    const little = this.rng.below(2) === 0;
    const out = b.slice();
    for (let i = 0; i < width; i++) {
      const shift = 8 * (little ? i : width - 1 - i);
      out[at + i] = (v >>> shift) & 0xff;
    }
    return { out, how: `len${width * 8}${little ? 'le' : 'be'} at ${at} = ${v}` };
  }

  /** Inserts an over-long protobuf/thrift-compact varint (10+ continuation bytes or a huge length). */
  private hugeVarint(b: Uint8Array) {
    const at = this.rng.below(b.length + 1);
    const v = this.rng.pick([
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
      Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x07),
    ]);
    const replace = this.rng.below(2) === 0 ? Math.min(v.length, b.length - at) : 0;
    const out = new Uint8Array(b.length + v.length - replace);
    out.set(b.subarray(0, at), 0);
    out.set(v, at);
    out.set(b.subarray(at + replace), at + v.length);
    return { out, how: `varint ${v.length}B at ${at}${replace ? ' (overwrite)' : ''}` };
  }

  /** Inserts a run of one byte value: padding, zero-filled frames, 0xff floods. */
  private byteRun(b: Uint8Array) {
    const at = this.rng.below(b.length + 1);
    const n = 1 + this.rng.below(this.rng.below(4) === 0 ? 4096 : 64);
    const value = this.rng.pick(INTERESTING_U8);
    const out = new Uint8Array(b.length + n);
    out.set(b.subarray(0, at), 0);
    out.fill(value, at, at + n);
    out.set(b.subarray(at), at + n);
    return { out, how: `run of ${n}×0x${value.toString(16)} at ${at}` };
  }

  private randomRange(b: Uint8Array) {
    if (b.length === 0) return { out: this.rng.bytes(1 + this.rng.below(16)), how: 'random on empty' };
    const at = this.rng.below(b.length);
    const n = 1 + this.rng.below(Math.min(32, b.length - at));
    const out = b.slice();
    out.set(this.rng.bytes(n), at);
    return { out, how: `randomize ${n} at ${at}` };
  }
}
