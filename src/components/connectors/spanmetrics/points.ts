// spanmetrics data points: exemplars, histogram observation, the OTLP points a flush emits, and
// reviving partials that crossed the workers' IPC.

import { KeyValue, KeyValueList, type AnyValue } from '../../../pdata/index.js';

import type { Span } from '../../../pdata/trace-model.js';
import { Exemplar, ExponentialHistogramDataPoint, HistogramDataPoint } from '../../../pdata/metric-model.js';

import { SeriesBase, ExplicitSeries, ExpoSeries } from './series.js';

// A partial that crossed the workers' IPC (structured clone) holds plain objects where pdata has
// classes: KeyValueList must be one again for the OTLP encoders, and the rest keeps one shape.
export function reviveValue(v: AnyValue): AnyValue {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof KeyValueList) return v;
  if (Array.isArray(v)) return v.map(reviveValue);
  return new KeyValueList(reviveAttrs((v as { values: KeyValue[] }).values));
}

export function reviveAttrs(attrs: ReadonlyArray<{ key: string; value: AnyValue }>): KeyValue[] {
  return attrs.map((kv) => (kv instanceof KeyValue ? kv : new KeyValue(kv.key, reviveValue(kv.value))));
}

export function reviveExemplar(e: { traceId: string; spanId: string; value: number | bigint | null }): Exemplar {
  if (e instanceof Exemplar) return e;
  const c = new Exemplar();
  c.traceId = e.traceId;
  c.spanId = e.spanId;
  c.value = e.value;
  return c;
}

export function addExemplar(s: SeriesBase, span: Span, value: number, max: number): void {
  if (s.exemplars.length >= max) return;
  const ex = new Exemplar();
  ex.traceId = span.traceId;
  ex.spanId = span.spanId;
  ex.value = value;
  s.exemplars.push(ex);
}

export function observe(h: ExplicitSeries | ExpoSeries, v: number, bounds: readonly number[]): void {
  if ('hist' in h) {
    h.hist.update(v);
    return;
  }
  h.sum += v;
  h.count++;
  // sort.SearchFloat64s: the first bound >= v, so a value on a bound counts in that bound's bucket.
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  h.counts[lo]!++;
}

export function stampExemplars(list: readonly Exemplar[], now: bigint): Exemplar[] {
  return list.map((e) => {
    const c = new Exemplar();
    c.traceId = e.traceId;
    c.spanId = e.spanId;
    c.value = e.value;
    c.timeUnixNano = now;
    return c;
  });
}

export function copyAttrs(attrs: readonly KeyValue[]): KeyValue[] {
  return attrs.map((kv) => new KeyValue(kv.key, kv.value));
}

export function explicitPoint(s: ExplicitSeries, bounds: readonly number[], start: bigint, now: bigint): HistogramDataPoint {
  const dp = new HistogramDataPoint();
  dp.startTimeUnixNano = start;
  dp.timeUnixNano = now;
  dp.explicitBounds = bounds.slice();
  dp.bucketCounts = Array.from(s.counts, (c) => BigInt(c));
  dp.count = BigInt(s.count);
  dp.sum = s.sum;
  dp.exemplars = stampExemplars(s.exemplars, now);
  dp.attributes = copyAttrs(s.attrs);
  return dp;
}

export function expoPoint(s: ExpoSeries, start: bigint, now: bigint): ExponentialHistogramDataPoint {
  const h = s.hist;
  const dp = new ExponentialHistogramDataPoint();
  dp.startTimeUnixNano = start;
  dp.timeUnixNano = now;
  dp.count = BigInt(h.count);
  dp.sum = h.sum;
  if (h.count !== 0) {
    dp.min = h.min;
    dp.max = h.max;
  }
  dp.zeroCount = BigInt(h.zeroCount);
  dp.scale = h.scale;
  dp.positive.offset = h.positive.start;
  dp.positive.bucketCounts = h.positive.dense().map((c) => BigInt(c));
  dp.negative.offset = h.negative.start;
  dp.negative.bucketCounts = h.negative.dense().map((c) => BigInt(c));
  dp.exemplars = stampExemplars(s.exemplars, now);
  dp.attributes = copyAttrs(s.attrs);
  return dp;
}
