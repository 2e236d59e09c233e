// Classic histograms and summaries arrive as several series (`<f>_bucket{le}`, `<f>_sum`, `<f>_count`;
// `<f>{quantile}`, `<f>_sum`, `<f>_count`). This regroups the parts that share a family, a
// job/instance, a scope, the other labels and a timestamp into one OTLP Histogram / Summary point:
// bucket bounds are the finite `le` values in order, bucket counts the differences of the
// cumulative `le` counts (the +Inf bucket takes what is left of the count), count from `_count`
// (else the +Inf bucket), sum from `_sum`. Upstream's receiver drops these (contrib
// receiver/prometheusremotewritereceiver/receiver.go: "Dropping classic histogram series"); its
// README's reason is that the parts are not atomic. Within one request they are grouped here; a
// part that comes in a different request (Prometheus shards series across parallel requests)
// yields a point of its own with only that part, which is why the receiver README advises
// `queue_config.max_shards: 1` for senders with classic histograms.

import { Histogram, HistogramDataPoint, KeyValue, Summary, SummaryDataPoint, ValueAtQuantile } from '../../pdata/index.js';
import { isStaleNaN, type PromLabel, type PromSample } from '../codec/prompb/index.js';
import { attributesOf, msToNs, type OtlpBuilder, type TranslationStats } from './builder.js';

export type ClassicKind = 'histogram' | 'summary';
export type ClassicPart = 'bucket' | 'sum' | 'count' | 'quantile';

interface PointParts {
  timestampMs: number;
  startMs: number;
  buckets: Array<[number, number]>;
  quantiles: Array<[number, number]>;
  sum?: number;
  count?: number;
  stale: boolean;
}

interface Group {
  kind: ClassicKind;
  family: string;
  unit: string;
  help: string;
  /** Labels of the first part seen: job, instance and scope come from them. */
  labels: readonly PromLabel[];
  attrs: KeyValue[];
  points: Map<number, PointParts>;
}

/** `le` and `quantile` values as Prometheus formats them ("+Inf", "0.005", "1e+06"). */
function parseBound(s: string): number {
  if (s === '+Inf') return Infinity;
  const t = s.trim();
  if (t === '') return NaN;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  if (/^\+?inf$/i.test(t)) return Infinity;
  if (/^-inf$/i.test(t)) return -Infinity;
  return NaN;
}

const SEP = '\xff';

export class ClassicAssembler {
  private readonly groups = new Map<string, Group>();

  /** Adds one part series. Returns false when its `le`/`quantile` label is missing or not a number. */
  add(
    kind: ClassicKind,
    part: ClassicPart,
    family: string,
    labels: readonly PromLabel[],
    samples: readonly PromSample[],
    unit: string,
    help: string,
    startMs: number,
    defaultScope: string,
  ): boolean {
    const skip = part === 'bucket' ? 'le' : part === 'quantile' ? 'quantile' : undefined;
    // One scan: the bound, and the group key from every label but __name__ and the bound (the
    // attributes themselves are built only for a new group).
    let bound = NaN;
    let key = kind + SEP + family + SEP;
    let scope = '';
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      if (l.name === '__name__') continue;
      if (l.name === skip) bound = parseBound(l.value);
      else if (l.name === 'otel_scope_name') scope = l.value;
      else if (l.value !== '') key += l.name + SEP + l.value + SEP;
    }
    if (skip && Number.isNaN(bound)) return false;
    key += SEP + (scope || defaultScope);
    let g = this.groups.get(key);
    if (!g) {
      g = { kind, family, unit, help, labels, attrs: attributesOf(labels, skip), points: new Map() };
      this.groups.set(key, g);
    } else if (g.help.length < help.length) g.help = help;
    for (const s of samples) {
      let p = g.points.get(s.timestamp);
      if (!p) {
        p = { timestampMs: s.timestamp, startMs: s.startTimestamp || startMs, buckets: [], quantiles: [], stale: false };
        g.points.set(s.timestamp, p);
      }
      if (isStaleNaN(s.value)) {
        p.stale = true;
        continue;
      }
      if (part === 'bucket') p.buckets.push([bound, s.value]);
      else if (part === 'quantile') p.quantiles.push([bound, s.value]);
      else if (part === 'sum') p.sum = s.value;
      else p.count = s.value;
    }
    return true;
  }

  /** Emits the assembled points into `builder`. */
  finish(builder: OtlpBuilder, stats: TranslationStats): void {
    for (const g of this.groups.values()) {
      const points = [...g.points.values()].sort((a, b) => a.timestampMs - b.timestampMs);
      for (const p of points) {
        const parts = p.buckets.length + p.quantiles.length + (p.sum === undefined ? 0 : 1) + (p.count === undefined ? 0 : 1);
        if (parts === 0) {
          // Only stale markers: the series ended.
          stats.staleMarkers++;
          continue;
        }
        if (p.stale) stats.staleMarkers++;
        stats.samples += parts;
        if (g.kind === 'histogram') {
          const m = builder.metric(g.labels, g.family, g.unit, g.help, 'histogram', 'classic', () => {
            const h = new Histogram();
            h.aggregationTemporality = 2;
            return h;
          });
          (m.data as Histogram).dataPoints.push(histogramPoint(g, p));
        } else {
          const m = builder.metric(g.labels, g.family, g.unit, g.help, 'summary', 'classic', () => new Summary());
          (m.data as Summary).dataPoints.push(summaryPoint(g, p));
        }
      }
    }
  }
}

const toU64 = (n: number): bigint => (Number.isFinite(n) && n > 0 ? BigInt(Math.round(n)) : 0n);

function copyAttrs(attrs: readonly KeyValue[]): KeyValue[] {
  return attrs.map((a) => new KeyValue(a.key, a.value));
}

function histogramPoint(g: Group, p: PointParts): HistogramDataPoint {
  const dp = new HistogramDataPoint();
  dp.attributes = copyAttrs(g.attrs);
  dp.startTimeUnixNano = msToNs(p.startMs);
  dp.timeUnixNano = msToNs(p.timestampMs);
  const buckets = p.buckets.sort((a, b) => a[0] - b[0]);
  let inf: number | undefined;
  const bounds: number[] = [];
  const counts: bigint[] = [];
  let prev = 0;
  for (const [le, cum] of buckets) {
    if (le === Infinity) {
      inf = cum;
      continue;
    }
    if (bounds.length > 0 && bounds[bounds.length - 1] === le) continue;
    bounds.push(le);
    counts.push(toU64(cum - prev));
    prev = Math.max(prev, cum);
  }
  const total = p.count ?? inf ?? prev;
  if (bounds.length > 0 || inf !== undefined) {
    counts.push(toU64((inf ?? total) - prev));
    dp.explicitBounds = bounds;
    dp.bucketCounts = counts;
  }
  dp.count = toU64(total);
  if (p.sum !== undefined) dp.sum = p.sum;
  return dp;
}

function summaryPoint(g: Group, p: PointParts): SummaryDataPoint {
  const dp = new SummaryDataPoint();
  dp.attributes = copyAttrs(g.attrs);
  dp.startTimeUnixNano = msToNs(p.startMs);
  dp.timeUnixNano = msToNs(p.timestampMs);
  dp.count = toU64(p.count ?? 0);
  dp.sum = p.sum ?? 0;
  dp.quantileValues = p.quantiles
    .sort((a, b) => a[0] - b[0])
    .map(([q, v]) => {
      const qv = new ValueAtQuantile();
      qv.quantile = q;
      qv.value = v;
      return qv;
    });
  return dp;
}
