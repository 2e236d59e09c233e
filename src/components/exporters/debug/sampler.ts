// The debug exporter's own rate limit: Go wraps the exporter's logger in a zap sampler with a
// one-second tick (core `exporter/debugexporter/factory.go`, `zapcore.NewSamplerWithOptions`).
// Per tick and per message, the first `initial` entries pass, then every `thereafter`-th
// (0 = none). As in zap (`zapcore/sampler.go`), messages share 4096 counters by hash, so
// memory stays fixed however many distinct dumps flow through, and dropping is silent.

const COUNTERS = 4096;
const TICK_MS = 1_000;

/** FNV-1a over UTF-16 code units (zap hashes UTF-8 bytes; only collisions can differ). */
function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class MessageSampler {
  private readonly counts = new Uint32Array(COUNTERS);
  private readonly resetAt = new Float64Array(COUNTERS);

  constructor(
    private readonly initial: number,
    private readonly thereafter: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether an entry with this message may be written now. */
  admit(message: string): boolean {
    const i = fnv32a(message) % COUNTERS;
    const t = this.now();
    let n: number;
    if (this.resetAt[i]! > t) n = ++this.counts[i]!;
    else {
      this.counts[i] = 1;
      this.resetAt[i] = t + TICK_MS;
      n = 1;
    }
    if (n <= this.initial) return true;
    return this.thereafter > 0 && (n - this.initial) % this.thereafter === 0;
  }
}
