// An exponential histogram with the observable behaviour of github.com/lightstep/go-expohisto
// v1.0.0 (structure/exponential.go, mapping/{logarithm,exponent}), which Go's spanmetrics uses:
// it starts at scale 20 and, when a value's bucket would make the populated range reach
// max_size buckets, lowers the scale by just enough (changeScale) and merges buckets
// (index >> change). Same scale, offset and bucket counts for the same inputs. Go keeps the counts
// in a circular buffer of widening ints; a sparse map gives the same output and is simpler.

const MAX_SCALE = 20;
const MIN_NORMAL_EXPONENT = -1022;
const MAX_NORMAL_EXPONENT = 1023;
const MIN_VALUE = 2 ** -1022;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts: u32[1] holds the sign, exponent and top 20 significand bits.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** The unbiased base-2 exponent of a double (go-expohisto internal.GetNormalBase2). */
function normalBase2(v: number): number {
  f64[0] = v;
  return ((u32[HI]! >>> 20) & 0x7ff) - 1023;
}

function significandIsZero(v: number): boolean {
  f64[0] = v;
  return (u32[HI]! & 0xfffff) === 0 && u32[LO] === 0;
}

/** The bucket index of a positive value at `scale` (logarithm mapping above 0, exponent mapping at or below). */
export function mapToIndex(value: number, scale: number): number {
  if (scale > 0) {
    if (value <= MIN_VALUE) return (MIN_NORMAL_EXPONENT << scale) - 1;
    // Exact powers of two are the lower boundary of their bucket, so they belong to the one below.
    if (significandIsZero(value)) return (normalBase2(value) << scale) - 1;
    const index = Math.floor(Math.log(value) * Math.LOG2E * 2 ** scale);
    const max = ((MAX_NORMAL_EXPONENT + 1) << scale) - 1;
    return index >= max ? max : index;
  }
  const shift = -scale;
  if (value < MIN_VALUE) return (MIN_NORMAL_EXPONENT >> shift) - (shift < 2 ? 1 : 0);
  const correction = significandIsZero(value) ? -1 : 0;
  return (normalBase2(value) + correction) >> shift;
}

/** How many halvings bring [low, high] under `size` buckets (go-expohisto changeScale). */
function changeScale(low: number, high: number, size: number): number {
  let change = 0;
  while (high - low >= size) {
    high >>= 1;
    low >>= 1;
    change++;
  }
  return change;
}

class Buckets {
  counts = new Map<number, number>();
  start = 0;
  end = 0;

  get empty(): boolean {
    return this.counts.size === 0;
  }

  downscale(by: number): void {
    if (this.empty || by === 0) return;
    const next = new Map<number, number>();
    for (const [i, c] of this.counts) {
      const j = i >> by;
      next.set(j, (next.get(j) ?? 0) + c);
    }
    this.counts = next;
    this.start >>= by;
    this.end >>= by;
  }

  /** Dense counts from start to end (what the OTLP data point carries). */
  dense(): number[] {
    if (this.empty) return [];
    const out = new Array<number>(this.end - this.start + 1);
    for (let i = this.start; i <= this.end; i++) out[i - this.start] = this.counts.get(i) ?? 0;
    return out;
  }
}

/** An ExpoHistogram as plain data (a worker's partial, see SpanMetricsAggregator.takePartial). */
export interface ExpoState {
  count: number;
  sum: number;
  zeroCount: number;
  min: number;
  max: number;
  /** The mapping scale (not the reported one, which is 0 while only zeros were seen). */
  scale: number;
  positive: { start: number; counts: number[] };
  negative: { start: number; counts: number[] };
}

export class ExpoHistogram {
  count = 0;
  sum = 0;
  zeroCount = 0;
  min = 0;
  max = 0;
  private scaleNow = MAX_SCALE;
  readonly positive = new Buckets();
  readonly negative = new Buckets();

  constructor(private readonly maxSize: number) {}

  /** go-expohisto Scale(): 0 while only zeros were recorded. */
  get scale(): number {
    return this.count === this.zeroCount ? 0 : this.scaleNow;
  }

  update(value: number): void {
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.count++;
    if (value === 0) {
      this.zeroCount++;
      return;
    }
    this.sum += value;
    const b = value > 0 ? this.positive : this.negative;
    const abs = Math.abs(value);
    const index = mapToIndex(abs, this.scaleNow);
    if (this.tryIncrement(b, index)) return;
    const low = index < b.start ? index : b.start;
    const high = index > b.end ? index : b.end;
    const change = changeScale(low, high, this.maxSize);
    this.positive.downscale(change);
    this.negative.downscale(change);
    this.scaleNow -= change;
    if (!this.tryIncrement(b, mapToIndex(abs, this.scaleNow))) throw new Error('exponential histogram: downscale did not make room');
  }

  state(): ExpoState {
    const { count, sum, zeroCount, min, max } = this;
    return {
      count,
      sum,
      zeroCount,
      min,
      max,
      scale: this.scaleNow,
      positive: { start: this.positive.start, counts: this.positive.dense() },
      negative: { start: this.negative.start, counts: this.negative.dense() },
    };
  }

  /**
   * Adds another histogram's state, with the result updating one histogram with both inputs
   * gives: the largest scale at or below both at which the union fits max_size. (Go's MergeFrom
   * also drops to scale 0 when the other side saw only zeros; we do not, so a merge of worker
   * partials equals one process.)
   */
  merge(o: ExpoState): void {
    if (o.count === 0) return;
    if (this.count === 0) {
      this.min = o.min;
      this.max = o.max;
    } else {
      if (o.min < this.min) this.min = o.min;
      if (o.max > this.max) this.max = o.max;
    }
    this.count += o.count;
    this.sum += o.sum;
    this.zeroCount += o.zeroCount;
    if (o.positive.counts.length === 0 && o.negative.counts.length === 0) return;
    let target = Math.min(this.scaleNow, o.scale);
    let change = 0;
    for (const [mine, theirs] of [
      [this.positive, o.positive],
      [this.negative, o.negative],
    ] as const) {
      if (theirs.counts.length === 0) continue;
      const shift = o.scale - target;
      let low = theirs.start >> shift;
      let high = (theirs.start + theirs.counts.length - 1) >> shift;
      if (!mine.empty) {
        low = Math.min(low, mine.start >> (this.scaleNow - target));
        high = Math.max(high, mine.end >> (this.scaleNow - target));
      }
      change = Math.max(change, changeScale(low, high, this.maxSize));
    }
    target -= change;
    this.positive.downscale(this.scaleNow - target);
    this.negative.downscale(this.scaleNow - target);
    this.scaleNow = target;
    for (const [mine, theirs] of [
      [this.positive, o.positive],
      [this.negative, o.negative],
    ] as const) {
      const shift = o.scale - target;
      theirs.counts.forEach((c, i) => {
        if (c === 0) return;
        const index = (theirs.start + i) >> shift;
        if (mine.empty) mine.start = mine.end = index;
        else if (index < mine.start) mine.start = index;
        else if (index > mine.end) mine.end = index;
        mine.counts.set(index, (mine.counts.get(index) ?? 0) + c);
      });
    }
  }

  private tryIncrement(b: Buckets, index: number): boolean {
    if (b.empty) {
      b.start = b.end = index;
    } else if (index < b.start) {
      if (b.end - index >= this.maxSize) return false;
      b.start = index;
    } else if (index > b.end) {
      if (index - b.start >= this.maxSize) return false;
      b.end = index;
    }
    b.counts.set(index, (b.counts.get(index) ?? 0) + 1);
    return true;
  }
}
