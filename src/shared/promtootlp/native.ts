// Native histograms → OTLP, as contrib's prometheusremotewritereceiver (receiver.go) converts them:
// schemas -4..8 become ExponentialHistogram points (scale = schema; Prometheus bucket index i has
// upper bound base^i, OTLP index i lower bound base^i, hence offset = first span offset − 1; gaps
// between spans filled with zero buckets; integer histograms' deltas summed into counts), schema
// -53 (custom buckets, NHCB) becomes an explicit-bounds Histogram with custom_values as bounds;
// gauge histograms (reset hint GAUGE), other schemas and histograms with negative counts are
// dropped (counted). A stale marker in `sum` gives a point flagged "no recorded value".

import { ExponentialHistogramDataPoint, HistogramDataPoint, KeyValue } from '../../pdata/index.js';
import { isStaleNaN, PromResetHint, type PromBucketSpan, type PromHistogram } from '../codec/prompb/index.js';
import { msToNs, type TranslationStats } from './builder.js';

const FLAG_NO_RECORDED_VALUE = 1;

export type NativeKind = 'exponential' | 'nhcb' | undefined;

/** Which OTLP shape a native histogram becomes; undefined = dropped. */
export function nativeKind(h: PromHistogram): NativeKind {
  if (h.resetHint === PromResetHint.GAUGE) return undefined;
  if (h.schema === -53) return h.customValues.length > 0 ? 'nhcb' : undefined;
  if (h.schema >= -4 && h.schema <= 8) return 'exponential';
  return undefined;
}

const isFloat = (h: PromHistogram) => h.countInt === undefined && h.countFloat !== undefined;
const count = (h: PromHistogram) => (isFloat(h) ? (h.countFloat ?? 0) : (h.countInt ?? 0));
const toU64 = (n: number): bigint => (Number.isFinite(n) && n > 0 ? BigInt(Math.trunc(n)) : 0n);

function hasNegativeCounts(h: PromHistogram): boolean {
  if (isFloat(h)) {
    if ((h.countFloat ?? 0) < 0 || (h.zeroCountFloat ?? 0) < 0) return true;
    return h.positiveCounts.some((c) => c < 0) || h.negativeCounts.some((c) => c < 0);
  }
  for (const deltas of [h.negativeDeltas, h.positiveDeltas]) {
    let abs = 0;
    for (const d of deltas) if ((abs += d) < 0) return true;
  }
  return false;
}

/** Bucket counts for spans over deltas (integer histogram) or absolute counts (float). */
function bucketCounts(spans: readonly PromBucketSpan[], values: readonly number[], deltas: boolean): bigint[] {
  const out: bigint[] = [];
  let idx = 0;
  let running = 0;
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s]!;
    if (s > 0) for (let i = 0; i < span.offset; i++) out.push(0n);
    for (let i = 0; i < span.length && idx < values.length; i++) {
      const v = values[idx++]!;
      running = deltas ? running + v : v;
      out.push(toU64(running));
    }
  }
  return out;
}

export function toExponentialPoint(
  h: PromHistogram,
  attrs: KeyValue[],
  startMs: number,
  stats: TranslationStats,
): ExponentialHistogramDataPoint | undefined {
  if (hasNegativeCounts(h)) {
    stats.dropped++;
    return undefined;
  }
  const dp = new ExponentialHistogramDataPoint();
  dp.attributes = attrs;
  dp.startTimeUnixNano = msToNs(h.startTimestamp || startMs);
  dp.timeUnixNano = msToNs(h.timestamp);
  dp.scale = h.schema;
  dp.zeroThreshold = h.zeroThreshold;
  if (isStaleNaN(h.sum)) {
    dp.flags = FLAG_NO_RECORDED_VALUE;
    stats.staleMarkers++;
    return dp;
  }
  dp.sum = h.sum;
  dp.count = toU64(count(h));
  const float = isFloat(h);
  dp.zeroCount = toU64(float ? (h.zeroCountFloat ?? 0) : (h.zeroCountInt ?? 0));
  if (h.positiveSpans.length > 0) {
    dp.positive.offset = h.positiveSpans[0]!.offset - 1;
    dp.positive.bucketCounts = bucketCounts(h.positiveSpans, float ? h.positiveCounts : h.positiveDeltas, !float);
  }
  if (h.negativeSpans.length > 0) {
    dp.negative.offset = h.negativeSpans[0]!.offset - 1;
    dp.negative.bucketCounts = bucketCounts(h.negativeSpans, float ? h.negativeCounts : h.negativeDeltas, !float);
  }
  stats.histograms++;
  return dp;
}

export function toCustomBucketsPoint(h: PromHistogram, attrs: KeyValue[], startMs: number, stats: TranslationStats): HistogramDataPoint | undefined {
  if (hasNegativeCounts(h)) {
    stats.dropped++;
    return undefined;
  }
  const dp = new HistogramDataPoint();
  dp.attributes = attrs;
  dp.startTimeUnixNano = msToNs(h.startTimestamp || startMs);
  dp.timeUnixNano = msToNs(h.timestamp);
  dp.explicitBounds = [...h.customValues];
  if (isStaleNaN(h.sum)) {
    dp.flags = FLAG_NO_RECORDED_VALUE;
    dp.bucketCounts = h.customValues.map(() => 0n).concat([0n]);
    stats.staleMarkers++;
    return dp;
  }
  dp.sum = h.sum;
  dp.count = toU64(count(h));
  // Bucket i of custom_values (and the +Inf bucket at index len), spans addressing them directly.
  const counts = new Array<bigint>(h.customValues.length + 1).fill(0n);
  const float = isFloat(h);
  const values = float ? h.positiveCounts : h.positiveDeltas;
  let idx = 0;
  let vi = 0;
  let running = 0;
  for (const span of h.positiveSpans) {
    idx += span.offset;
    for (let i = 0; i < span.length && vi < values.length; i++, idx++) {
      const v = values[vi++]!;
      running = float ? v : running + v;
      if (idx >= 0 && idx < counts.length) counts[idx] = toU64(running);
    }
  }
  dp.bucketCounts = counts;
  stats.histograms++;
  return dp;
}
