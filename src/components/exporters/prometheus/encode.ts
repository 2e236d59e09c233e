// The accumulator behind the prometheus exporter and its rendering, pure (no I/O, clock passed in).
// Mirrors contrib `exporter/prometheusexporter/accumulator.go` (v0.130): monotonic delta sums are
// added into a running total, cumulative sums and gauges replace the last value, non-monotonic
// delta sums are dropped, and a series not updated within `metric_expiration` is forgotten.
// Names follow the default translator (`pkg/translator/prometheus`): invalid characters become
// `_`, monotonic sums end in `_total`, and `namespace` is a `<ns>_` prefix.

import {
  anyValueToString,
  getAttribute,
  type KeyValue,
  type Metric,
  type Metrics,
  type NumberDataPoint,
  type HistogramDataPoint,
} from '../../../pdata/index.js';
import { renderExposition, sanitizeName, type LabelPairs, type MetricFamily } from '../../../telemetry/exposition.js';

const DELTA = 1;
const CUMULATIVE = 2;

export interface NamingOptions {
  namespace: string;
  addMetricSuffixes: boolean;
  resourceToTelemetry: boolean;
}

interface ScalarEntry {
  kind: 'counter' | 'gauge';
  name: string;
  help: string;
  labels: LabelPairs;
  value: number;
  updated: number;
}

interface HistogramEntry {
  kind: 'histogram';
  name: string;
  help: string;
  labels: LabelPairs;
  bounds: number[];
  counts: number[];
  sum: number;
  count: number;
  updated: number;
}

type Entry = ScalarEntry | HistogramEntry;

/** What accumulate() could not take, so the caller can warn (rate-limited) once per batch. */
export interface Skipped {
  /** Metric type names that are not exported (ExponentialHistogram, Summary). */
  unsupported: Set<string>;
  /** Delta histograms whose bucket bounds changed, which cannot be added to the total. */
  incompatible: number;
}

/** A label name as the Go translator's NormalizeLabel writes it. */
export function labelName(key: string): string {
  const out = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(out)) return `key_${out}`;
  if (out.startsWith('_') && !out.startsWith('__')) return `key${out}`;
  return out;
}

/** The exported metric name for a metric of this shape. */
export function metricName(m: Metric, opts: NamingOptions): string {
  let name = sanitizeName(m.name, true).replace(/__+/g, '_');
  if (opts.namespace !== '') name = `${sanitizeName(opts.namespace, true)}_${name}`;
  const monotonic = m.data?.type === 'Sum' && m.data.isMonotonic;
  if (opts.addMetricSuffixes && monotonic && !name.endsWith('_total')) name += '_total';
  return name;
}

function sortPairs(pairs: [string, string][]): LabelPairs {
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Labels from the resource: job/instance (service.*) and, when asked, every attribute. */
export function resourceLabels(attrs: readonly KeyValue[], opts: NamingOptions): [string, string][] {
  const out = new Map<string, string>();
  if (opts.resourceToTelemetry) for (const kv of attrs) out.set(labelName(kv.key), anyValueToString(kv.value));
  const service = getAttribute(attrs, 'service.name');
  const ns = getAttribute(attrs, 'service.namespace');
  if (service !== undefined) {
    const s = anyValueToString(service);
    out.set('job', ns !== undefined && anyValueToString(ns) !== '' ? `${anyValueToString(ns)}/${s}` : s);
  }
  const instance = getAttribute(attrs, 'service.instance.id');
  if (instance !== undefined) out.set('instance', anyValueToString(instance));
  return [...out];
}

function pointLabels(base: [string, string][], attrs: readonly KeyValue[]): LabelPairs {
  const out = new Map(base);
  // Point attributes come first in Go; job/instance from the resource win over them.
  for (const kv of attrs) {
    const k = labelName(kv.key);
    if (k === 'job' || k === 'instance') {
      if (!out.has(k)) out.set(k, anyValueToString(kv.value));
    } else out.set(k, anyValueToString(kv.value));
  }
  return sortPairs([...out]);
}

function numberValue(p: NumberDataPoint): number {
  return p.value === null ? 0 : Number(p.value);
}

function seriesKey(name: string, labels: LabelPairs): string {
  let k = name;
  for (const [n, v] of labels) k += `\0${n}\0${v}`;
  return k;
}

export class Accumulator {
  private readonly series = new Map<string, Entry>();

  constructor(
    private readonly opts: NamingOptions,
    private readonly expirationMs: number,
  ) {}

  get size(): number {
    return this.series.size;
  }

  accumulate(md: Metrics, now: number): Skipped {
    const skipped: Skipped = { unsupported: new Set(), incompatible: 0 };
    for (const rm of md.resourceMetrics) {
      const base = resourceLabels(rm.resource.attributes, this.opts);
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          const data = m.data;
          if (data === null) continue;
          const name = metricName(m, this.opts);
          switch (data.type) {
            case 'Gauge':
              for (const p of data.dataPoints) this.setScalar('gauge', name, m.description, pointLabels(base, p.attributes), numberValue(p), now);
              break;
            case 'Sum':
              for (const p of data.dataPoints)
                this.addSum(data.isMonotonic, data.aggregationTemporality, name, m, pointLabels(base, p.attributes), p, now);
              break;
            case 'Histogram':
              for (const p of data.dataPoints) {
                if (!this.addHistogram(data.aggregationTemporality, name, m.description, pointLabels(base, p.attributes), p, now)) {
                  skipped.incompatible++;
                }
              }
              break;
            default:
              skipped.unsupported.add(data.type);
          }
        }
      }
    }
    return skipped;
  }

  private setScalar(kind: 'counter' | 'gauge', name: string, help: string, labels: LabelPairs, value: number, now: number): void {
    this.series.set(seriesKey(name, labels), { kind, name, help, labels, value, updated: now });
  }

  private addSum(monotonic: boolean, temporality: number, name: string, m: Metric, labels: LabelPairs, p: NumberDataPoint, now: number): void {
    if (!monotonic) {
      // accumulator.go accumulateSum: a non-monotonic delta cannot be turned into a level; dropped.
      if (temporality === DELTA) return;
      this.setScalar('gauge', name, m.description, labels, numberValue(p), now);
      return;
    }
    const key = seriesKey(name, labels);
    const prev = this.series.get(key);
    let value = numberValue(p);
    if (temporality === DELTA && prev?.kind === 'counter') value += prev.value;
    else if (temporality !== DELTA && temporality !== CUMULATIVE) return;
    this.series.set(key, { kind: 'counter', name, help: m.description, labels, value, updated: now });
  }

  /** False when a delta point cannot be added to the total (bounds changed). */
  private addHistogram(temporality: number, name: string, help: string, labels: LabelPairs, p: HistogramDataPoint, now: number): boolean {
    const key = seriesKey(name, labels);
    const bounds = [...p.explicitBounds];
    const counts = p.bucketCounts.map(Number);
    while (counts.length < bounds.length + 1) counts.push(0);
    let sum = p.sum ?? 0;
    let count = Number(p.count);
    const prev = this.series.get(key);
    if (temporality === DELTA && prev?.kind === 'histogram') {
      if (prev.bounds.length !== bounds.length || prev.bounds.some((b, i) => b !== bounds[i])) return false;
      for (let i = 0; i < counts.length; i++) counts[i]! += prev.counts[i] ?? 0;
      sum += prev.sum;
      count += prev.count;
    } else if (temporality !== DELTA && temporality !== CUMULATIVE) return true;
    this.series.set(key, { kind: 'histogram', name, help, labels, bounds, counts, sum, count, updated: now });
    return true;
  }

  /** Drops series not updated within the expiration (Go's collector.go does it on each scrape). */
  expire(now: number): void {
    for (const [k, e] of this.series) if (now - e.updated > this.expirationMs) this.series.delete(k);
  }

  /** The exposition text of the current state, families sorted by name. */
  render(constLabels: Record<string, string>, now: number): string {
    this.expire(now);
    const families = new Map<string, MetricFamily>();
    const sorted = [...this.series.values()].sort((a, b) => {
      const ka = seriesKey(a.name, a.labels);
      const kb = seriesKey(b.name, b.labels);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    for (const e of sorted) {
      let f = families.get(e.name);
      if (f === undefined) {
        f =
          e.kind === 'histogram'
            ? { name: e.name, help: e.help, type: 'histogram', samples: [] }
            : { name: e.name, help: e.help, type: e.kind, samples: [] };
        families.set(e.name, f);
      }
      // A name reused with another type: the first type wins (Go's registry refuses the collision).
      if (f.type === 'histogram' && e.kind === 'histogram') {
        f.samples.push({ labels: e.labels, bounds: e.bounds, counts: e.counts, sum: e.sum, count: e.count });
      } else if (f.type !== 'histogram' && e.kind !== 'histogram' && f.type === e.kind) {
        f.samples.push({ labels: e.labels, value: e.value });
      }
    }
    const constant = sortPairs(Object.entries(constLabels).map(([k, v]) => [labelName(k), v]));
    return renderExposition(
      [...families.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      constant,
    );
  }
}
