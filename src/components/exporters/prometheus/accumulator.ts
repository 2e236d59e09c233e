// The last-value accumulator behind the prometheus exporter, pure (the clock is passed in).
// Mirrors contrib `exporter/prometheusexporter/accumulator.go` (v0.130.0), quirks included, because
// the golden pages recorded from Go depend on them:
// - a series is keyed by metric name and type, scope (name, version, schema URL, attributes),
//   point attributes and the resource's job/instance only (other resource attributes do not split it);
// - gauges, cumulative sums and summaries keep the newest point (an older timestamp is ignored);
// - a monotonic delta sum is added to the stored value only when its start time equals the stored
//   point's time (a contiguous delta); otherwise it replaces the value (a restart);
// - non-monotonic delta sums and sums without temporality are dropped;
// - a delta histogram whose start equals the stored time is added bucket by bucket (when the bounds
//   match; otherwise the newer point replaces it); a later start is a reset; an earlier one is dropped;
// - a point flagged NoRecordedValue deletes its series and ends the metric's remaining points;
// - exponential histograms are not exported (Go logs "failed to translate metric").

import type { Exemplar, HistogramDataPoint, KeyValue, Metric, Metrics, NumberDataPoint, SummaryDataPoint } from '../../../pdata/index.js';
import { anyValueToString } from '../../../pdata/index.js';
import { instanceFromResource, jobFromResource } from '../../../shared/prometheus/index.js';

const DELTA = 1;
const CUMULATIVE = 2;
const NO_RECORDED_VALUE = 1;

export type Kind = 'gauge' | 'sum' | 'histogram' | 'summary';

/** One accumulated series: the metric's identity and its latest (or summed) point. */
export interface Series {
  kind: Kind;
  metric: Metric;
  monotonic: boolean;
  /** The point attributes the series was keyed by (resource attributes included with resource_to_telemetry). */
  attributes: readonly KeyValue[];
  resource: readonly KeyValue[];
  scope: { name: string; version: string; attributes: readonly KeyValue[] };
  schemaUrl: string;
  start: bigint;
  time: bigint;
  /** gauge/sum: the value (bigint for ints, as Go keeps int points as ints). */
  value: number | bigint;
  exemplars: readonly Exemplar[];
  /** histogram */
  bounds: readonly number[];
  counts: readonly bigint[];
  count: bigint;
  sum: number;
  /** summary */
  quantiles: readonly { quantile: number; value: number }[];
  /** Wall-clock ms of the last update, for metric_expiration. */
  updated: number;
  /** Cache for the collector: the rendered form, valid while this object is unchanged. */
  rendered?: unknown;
}

/** Why accumulate() skipped something, so the exporter can warn (rate-limited). */
export interface Skipped {
  /** Metric types this exporter does not serve (ExponentialHistogram, empty metrics). */
  unsupported: Set<string>;
  /** Delta histogram points that started before the stored point ended (Go: "Dropped misaligned histogram datapoint"). */
  misaligned: number;
}

function sortedPairs(attrs: readonly KeyValue[]): string {
  const parts = attrs.map((kv) => `${kv.key}*${anyValueToString(kv.value)}`);
  parts.sort();
  return parts.join('*');
}

/** The parts of Go's timeseriesSignature fixed for one metric of one scope and resource, built once per metric. */
interface SeriesBase {
  metric: Metric;
  resource: readonly KeyValue[];
  scope: Series['scope'];
  schemaUrl: string;
  /** `*name<Type>*scope*version*schemaUrl*<scope attrs>` */
  sigPrefix: string;
  /** `*job*<job>*instance*<instance>` where present. */
  sigSuffix: string;
}

/** Go's timeseriesSignature: the base's fixed parts around the sorted point attributes. */
function signature(base: SeriesBase, attributes: readonly KeyValue[]): string {
  return `${base.sigPrefix}*${sortedPairs(attributes)}${base.sigSuffix}`;
}

function resourceSuffix(resource: readonly KeyValue[]): string {
  let k = '';
  const job = jobFromResource(resource);
  if (job !== undefined) k += `*job*${job}`;
  const instance = instanceFromResource(resource);
  if (instance !== undefined) k += `*instance*${instance}`;
  return k;
}

/** resourcetotelemetry: resource attributes upserted into the point's (resource wins, order kept). */
function withResource(point: readonly KeyValue[], resource: readonly KeyValue[]): KeyValue[] {
  const out = [...point];
  for (const r of resource) {
    const i = out.findIndex((kv) => kv.key === r.key);
    if (i >= 0) out[i] = r;
    else out.push(r);
  }
  return out;
}

export class Accumulator {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly expirationMs: number,
    private readonly resourceToTelemetry: boolean,
  ) {}

  get size(): number {
    return this.series.size;
  }

  accumulate(md: Metrics, now: number): Skipped {
    const skipped: Skipped = { unsupported: new Set(), misaligned: 0 };
    for (const rm of md.resourceMetrics) {
      const resource = rm.resource.attributes;
      const sigSuffix = resourceSuffix(resource);
      for (const sm of rm.scopeMetrics) {
        const scope = { name: sm.scope.name, version: sm.scope.version, attributes: sm.scope.attributes };
        const scopePart = `*${scope.name}*${scope.version}*${sm.schemaUrl}*${sortedPairs(scope.attributes)}`;
        for (const metric of sm.metrics) {
          const data = metric.data;
          const base: SeriesBase = {
            metric,
            resource,
            scope,
            schemaUrl: sm.schemaUrl,
            sigPrefix: `*${metric.name}${data?.type ?? ''}${scopePart}`,
            sigSuffix,
          };
          const attrsOf = (p: { attributes: KeyValue[] }) => (this.resourceToTelemetry ? withResource(p.attributes, resource) : p.attributes);
          switch (data?.type) {
            case 'Gauge':
              for (const p of data.dataPoints) if (!this.addNumber('gauge', false, 0, base, attrsOf(p), p, now)) break;
              break;
            case 'Sum':
              if (data.aggregationTemporality !== DELTA && data.aggregationTemporality !== CUMULATIVE) break;
              if (data.aggregationTemporality === DELTA && !data.isMonotonic) break;
              for (const p of data.dataPoints) {
                if (!this.addNumber('sum', data.isMonotonic, data.aggregationTemporality, base, attrsOf(p), p, now)) break;
              }
              break;
            case 'Histogram':
              for (const p of data.dataPoints) {
                const r = this.addHistogram(data.aggregationTemporality, base, attrsOf(p), p, now);
                if (r === 'stop') break;
                if (r === 'misaligned') skipped.misaligned++;
              }
              break;
            case 'Summary':
              for (const p of data.dataPoints) if (!this.addSummary(base, attrsOf(p), p, now)) break;
              break;
            default:
              skipped.unsupported.add(data?.type ?? 'Empty');
          }
        }
      }
    }
    return skipped;
  }

  /** False when a NoRecordedValue point ended the metric. */
  private addNumber(
    kind: 'gauge' | 'sum',
    monotonic: boolean,
    temporality: number,
    base: SeriesBase,
    attributes: readonly KeyValue[],
    p: NumberDataPoint,
    now: number,
  ): boolean {
    const key = signature(base, attributes);
    if (p.flags & NO_RECORDED_VALUE) {
      this.series.delete(key);
      return false;
    }
    const prev = this.series.get(key);
    let value: number | bigint = p.value ?? 0;
    let start = p.startTimeUnixNano;
    if (prev !== undefined) {
      if (p.timeUnixNano < prev.time) return true;
      if (kind === 'sum' && temporality === DELTA && p.startTimeUnixNano === prev.time) {
        start = prev.start;
        // Go adds the stored value read as the new point's type: an int point adds the stored
        // IntValue (0 when the stored point was a double), a double point the stored DoubleValue.
        if (typeof value === 'bigint') value += typeof prev.value === 'bigint' ? prev.value : 0n;
        else value += typeof prev.value === 'number' ? prev.value : 0;
      }
    }
    this.series.set(key, {
      metric: base.metric,
      resource: base.resource,
      scope: base.scope,
      schemaUrl: base.schemaUrl,
      attributes,
      kind,
      monotonic,
      start,
      time: p.timeUnixNano,
      value,
      exemplars: p.exemplars,
      bounds: [],
      counts: [],
      count: 0n,
      sum: 0,
      quantiles: [],
      updated: now,
    });
    return true;
  }

  private addHistogram(
    temporality: number,
    base: SeriesBase,
    attributes: readonly KeyValue[],
    p: HistogramDataPoint,
    now: number,
  ): 'ok' | 'stop' | 'misaligned' {
    const key = signature(base, attributes);
    if (p.flags & NO_RECORDED_VALUE) {
      this.series.delete(key);
      return 'stop';
    }
    const prev = this.series.get(key);
    const fresh = (): Series => ({
      metric: base.metric,
      resource: base.resource,
      scope: base.scope,
      schemaUrl: base.schemaUrl,
      attributes,
      kind: 'histogram',
      monotonic: false,
      start: p.startTimeUnixNano,
      time: p.timeUnixNano,
      value: 0,
      exemplars: p.exemplars,
      bounds: p.explicitBounds,
      counts: p.bucketCounts,
      count: p.count,
      sum: p.sum ?? 0,
      quantiles: [],
      updated: now,
    });
    if (prev === undefined) {
      this.series.set(key, fresh());
      return 'ok';
    }
    if (temporality === DELTA) {
      if (p.startTimeUnixNano !== prev.time) {
        if (p.startTimeUnixNano <= prev.time) return 'misaligned';
        this.series.set(key, fresh());
        return 'ok';
      }
      this.series.set(key, { ...fresh(), ...addHistograms(prev, p), start: prev.start });
      return 'ok';
    }
    if (temporality === CUMULATIVE) {
      if (p.timeUnixNano < prev.time) return 'ok';
      this.series.set(key, fresh());
    }
    return 'ok';
  }

  private addSummary(base: SeriesBase, attributes: readonly KeyValue[], p: SummaryDataPoint, now: number): boolean {
    const key = signature(base, attributes);
    if (p.flags & NO_RECORDED_VALUE) {
      this.series.delete(key);
      return false;
    }
    const prev = this.series.get(key);
    if (prev !== undefined && p.timeUnixNano < prev.time) return true;
    this.series.set(key, {
      metric: base.metric,
      resource: base.resource,
      scope: base.scope,
      schemaUrl: base.schemaUrl,
      attributes,
      kind: 'summary',
      monotonic: false,
      start: p.startTimeUnixNano,
      time: p.timeUnixNano,
      value: 0,
      exemplars: [],
      bounds: [],
      counts: [],
      count: p.count,
      sum: p.sum,
      quantiles: p.quantileValues,
      updated: now,
    });
    return true;
  }

  /** The live series, oldest first; expired ones are dropped (Go does it on each Collect). */
  collect(now: number): Series[] {
    const out: Series[] = [];
    for (const [k, s] of this.series) {
      if (now - s.updated > this.expirationMs) this.series.delete(k);
      else out.push(s);
    }
    return out;
  }
}

/** Go's accumulateHistogramValues for an aligned delta: the newer point's shape, counts added when bounds match. */
function addHistograms(prev: Series, p: HistogramDataPoint): Partial<Series> {
  const newerIsPrev = p.timeUnixNano < prev.time;
  const newer = newerIsPrev
    ? { bounds: prev.bounds, counts: prev.counts, count: prev.count, sum: prev.sum, time: prev.time, exemplars: prev.exemplars }
    : { bounds: p.explicitBounds, counts: p.bucketCounts, count: p.count, sum: p.sum ?? 0, time: p.timeUnixNano, exemplars: p.exemplars };
  const older = newerIsPrev
    ? { bounds: p.explicitBounds, counts: p.bucketCounts, count: p.count, sum: p.sum ?? 0 }
    : { bounds: prev.bounds, counts: prev.counts, count: prev.count, sum: prev.sum };
  const match = older.bounds.length === newer.bounds.length && older.bounds.every((b, i) => b === newer.bounds[i]);
  // Go copies the newer point's attributes but not its exemplars into the sum: the accumulated point has none.
  if (!match) return { bounds: newer.bounds, counts: newer.counts, count: newer.count, sum: newer.sum, time: newer.time, exemplars: [] };
  return {
    bounds: newer.bounds,
    counts: newer.counts.map((c, i) => c + (older.counts[i] ?? 0n)),
    count: newer.count + older.count,
    sum: newer.sum + older.sum,
    time: newer.time,
    exemplars: [],
  };
}
