// Remote-Write requests (1.0 and 2.0) → OTLP ResourceMetrics. Invalid series are skipped and their
// reasons returned (the receiver answers 400 with them, after writing the valid ones); stale
// markers are dropped and counted.
//
// Types: 2.0 carries them per series; 1.0 carries MetricMetadata per metric family, which
// Prometheus sends in separate requests every `metadata_config.send_interval` (1m by default), so
// a MetadataStore keeps it across requests. A 1.0 series is resolved against it by name, by its
// family's name with the _bucket/_sum/_count/_total suffix removed, and, before any metadata has
// arrived, by shape (`_bucket` with `le` → histogram, `quantile` → summary, their `_sum`/`_count`).
// Counters become monotonic cumulative Sums, gauges and unknown types Gauges, info and stateset
// Gauges too (Go refuses them), histograms and summaries see classic.ts and native.ts.

import { Gauge, Sum, type ExponentialHistogram, type Histogram, type NumberDataPoint } from '../../pdata/index.js';
import { Histogram as HistogramData, ExponentialHistogram as ExpHistogramData } from '../../pdata/index.js';
import {
  labelsFromRefs,
  PromMetricType,
  PrompbDecodeError,
  type MetricMetadataV1,
  type PromHistogram,
  type PromLabel,
  type PromSample,
  type RequestV2,
  type WriteRequestV1,
} from '../codec/prompb/index.js';
import { attributesOf, labelValue, newStats, OtlpBuilder, type TranslateOptions, type TranslationStats } from './builder.js';
import { ClassicAssembler, type ClassicKind, type ClassicPart } from './classic.js';
import { nativeKind, toCustomBucketsPoint, toExponentialPoint } from './native.js';
import { addNumberPoints, describeSeries, labelProblem, toExemplar } from './series.js';
import type { ResourceMetrics } from '../../pdata/index.js';

export interface Translation {
  resourceMetrics: ResourceMetrics[];
  stats: TranslationStats;
  /** One reason per invalid series (the series is skipped). */
  errors: string[];
}

interface FamilyMetadata {
  type: number;
  help: string;
  unit: string;
}

/** MetricMetadata from 1.0 requests, by metric family name, bounded (oldest entries go first). */
export class MetadataStore {
  private readonly map = new Map<string, FamilyMetadata>();
  constructor(readonly capacity = 50_000) {}

  update(list: readonly MetricMetadataV1[]): void {
    for (const md of list) {
      if (md.metricFamilyName === '') continue;
      this.map.delete(md.metricFamilyName);
      this.map.set(md.metricFamilyName, { type: md.type, help: md.help, unit: md.unit });
      if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    }
  }

  get(name: string): FamilyMetadata | undefined {
    return this.map.get(name);
  }

  get size(): number {
    return this.map.size;
  }
}

const TYPE_NAMES: Record<number, string> = {
  [PromMetricType.UNKNOWN]: 'unknown',
  [PromMetricType.COUNTER]: 'counter',
  [PromMetricType.GAUGE]: 'gauge',
  [PromMetricType.HISTOGRAM]: 'histogram',
  [PromMetricType.GAUGEHISTOGRAM]: 'gaugehistogram',
  [PromMetricType.SUMMARY]: 'summary',
  [PromMetricType.INFO]: 'info',
  [PromMetricType.STATESET]: 'stateset',
};

function hasLabel(labels: readonly PromLabel[], name: string): boolean {
  for (const l of labels) if (l.name === name) return true;
  return false;
}

/** Float samples of a non-histogram, non-summary series. */
function addScalarSeries(
  b: OtlpBuilder,
  labels: readonly PromLabel[],
  name: string,
  type: number,
  unit: string,
  help: string,
  samples: readonly PromSample[],
  startMs: number,
  exemplars: ReadonlyArray<{ labels: readonly PromLabel[]; value: number; timestamp: number }>,
  stats: TranslationStats,
): void {
  if (samples.length === 0) return;
  const counter = type === PromMetricType.COUNTER;
  const typeName = TYPE_NAMES[type] ?? 'unknown';
  const m = b.metric(labels, name, unit, help, typeName, '', () => {
    if (!counter) return new Gauge();
    const s = new Sum();
    s.isMonotonic = true;
    s.aggregationTemporality = 2;
    return s;
  });
  const points: NumberDataPoint[] = (m.data as Gauge | Sum).dataPoints;
  const last = addNumberPoints(points, attributesOf(labels), samples, startMs, stats);
  if (last) {
    for (const e of exemplars) {
      last.exemplars.push(toExemplar(e.labels, e.value, e.timestamp));
      stats.exemplars++;
    }
  }
}

function addNativeHistograms(
  b: OtlpBuilder,
  labels: readonly PromLabel[],
  name: string,
  type: number,
  unit: string,
  help: string,
  histograms: readonly PromHistogram[],
  startMs: number,
  stats: TranslationStats,
): void {
  const typeName = type === PromMetricType.HISTOGRAM ? 'histogram' : (TYPE_NAMES[type] ?? 'unknown');
  for (const h of histograms) {
    const kind = nativeKind(h);
    if (!kind) {
      stats.dropped++;
      continue;
    }
    const attrs = attributesOf(labels);
    if (kind === 'exponential') {
      const dp = toExponentialPoint(h, attrs, startMs, stats);
      if (!dp) continue;
      const m = b.metric(labels, name, unit, help, typeName, kind, () => {
        const e = new ExpHistogramData();
        e.aggregationTemporality = 2;
        return e;
      });
      (m.data as ExponentialHistogram).dataPoints.push(dp);
    } else {
      const dp = toCustomBucketsPoint(h, attrs, startMs, stats);
      if (!dp) continue;
      const m = b.metric(labels, name, unit, help, typeName, kind, () => {
        const e = new HistogramData();
        e.aggregationTemporality = 2;
        return e;
      });
      (m.data as Histogram).dataPoints.push(dp);
    }
  }
}

interface Resolved {
  /** OTLP metric name (the family for classic parts, the series name otherwise). */
  name: string;
  type: number;
  help: string;
  unit: string;
  classic?: { kind: ClassicKind; part: ClassicPart };
}

const SUFFIXES: Array<[string, ClassicPart]> = [
  ['_bucket', 'bucket'],
  ['_sum', 'sum'],
  ['_count', 'count'],
];

function classicOf(type: number): ClassicKind | undefined {
  if (type === PromMetricType.HISTOGRAM) return 'histogram';
  if (type === PromMetricType.SUMMARY) return 'summary';
  return undefined;
}

/** How a 1.0 series (or a 2.0 series with samples) maps onto a metric family. */
function resolve(
  name: string,
  labels: readonly PromLabel[],
  md: (n: string) => FamilyMetadata | undefined,
  shapes: Map<string, ClassicKind>,
  guessCounters: boolean,
): Resolved {
  const own = md(name);
  if (own) {
    const kind = classicOf(own.type);
    if (kind === 'summary' && hasLabel(labels, 'quantile')) return { name, ...own, classic: { kind, part: 'quantile' } };
    if (!kind) return { name, ...own };
  }
  for (const [suffix, part] of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const family = name.slice(0, -suffix.length);
    const fm = md(family);
    const kind = fm ? classicOf(fm.type) : shapes.get(family);
    if (!kind || (part === 'bucket' && kind !== 'histogram')) continue;
    if (part === 'bucket' && !hasLabel(labels, 'le')) continue;
    return {
      name: family,
      type: fm?.type ?? (kind === 'histogram' ? PromMetricType.HISTOGRAM : PromMetricType.SUMMARY),
      help: fm?.help ?? '',
      unit: fm?.unit ?? '',
      classic: { kind, part },
    };
  }
  if (name.endsWith('_total')) {
    const fm = md(name.slice(0, -6));
    if (fm && fm.type === PromMetricType.COUNTER) return { name, ...fm };
  }
  if (!own && shapes.get(name) === 'summary' && hasLabel(labels, 'quantile')) {
    return { name, type: PromMetricType.SUMMARY, help: '', unit: '', classic: { kind: 'summary', part: 'quantile' } };
  }
  if (own) return { name, ...own };
  // Before Prometheus has sent any metadata (it does so every send_interval, 1m by default), the
  // naming convention types `_total` series as counters, so they do not start out as gauges.
  if (guessCounters && name.endsWith('_total')) return { name, type: PromMetricType.COUNTER, help: '', unit: '' };
  return { name, type: PromMetricType.UNKNOWN, help: '', unit: '' };
}

/** Families that look like classic histograms/summaries by their series alone. */
function shapesOf(series: Iterable<readonly PromLabel[]>): Map<string, ClassicKind> {
  const shapes = new Map<string, ClassicKind>();
  for (const labels of series) {
    const name = labelValue(labels, '__name__');
    if (name.endsWith('_bucket') && hasLabel(labels, 'le')) shapes.set(name.slice(0, -7), 'histogram');
    else if (hasLabel(labels, 'quantile') && !shapes.has(name)) shapes.set(name, 'summary');
  }
  return shapes;
}

function errorFor(labels: readonly PromLabel[] | undefined, problem: string): string {
  return labels ? `${problem} (series ${describeSeries(labels)})` : problem;
}

/** A Remote-Write 1.0 request; `metadata` is updated with the request's own metadata first. */
export function translateV1(req: WriteRequestV1, metadata: MetadataStore, opts: TranslateOptions): Translation {
  metadata.update(req.metadata);
  const stats = newStats();
  const errors: string[] = [];
  const b = new OtlpBuilder(opts);
  const valid: Array<(typeof req.timeseries)[number]> = [];
  for (const ts of req.timeseries) {
    const problem = labelProblem(ts.labels, true);
    if (problem) errors.push(errorFor(ts.labels, problem));
    else valid.push(ts);
  }
  const shapes = shapesOf(valid.map((ts) => ts.labels));
  const md = (n: string) => metadata.get(n);
  const classic = new ClassicAssembler();
  const resolvedCache = [new Map<string, Resolved>(), new Map<string, Resolved>(), new Map<string, Resolved>()];
  for (const ts of valid) {
    const name = labelValue(ts.labels, '__name__');
    if (name === 'target_info') {
      b.targetInfo(ts.labels);
      continue;
    }
    if (ts.histograms.length > 0) {
      const m = md(name);
      addNativeHistograms(b, ts.labels, name, m?.type ?? PromMetricType.HISTOGRAM, m?.unit ?? '', m?.help ?? '', ts.histograms, 0, stats);
    }
    if (ts.samples.length === 0) continue;
    // A family's series share their resolution; `le`/`quantile` presence is part of it.
    const shape = hasLabel(ts.labels, 'le') ? 1 : hasLabel(ts.labels, 'quantile') ? 2 : 0;
    const cache = resolvedCache[shape]!;
    let r = cache.get(name);
    if (r === undefined) {
      r = resolve(name, ts.labels, md, shapes, true);
      cache.set(name, r);
    }
    if (r.classic) {
      if (!classic.add(r.classic.kind, r.classic.part, r.name, ts.labels, ts.samples, r.unit, r.help, 0, opts.scopeName)) {
        errors.push(errorFor(ts.labels, `invalid ${r.classic.part === 'bucket' ? 'le' : 'quantile'} label`));
      }
      continue;
    }
    if (r.type === PromMetricType.GAUGEHISTOGRAM) {
      stats.dropped += ts.samples.length;
      continue;
    }
    addScalarSeries(b, ts.labels, r.name, r.type, r.unit, r.help, ts.samples, 0, ts.exemplars, stats);
  }
  classic.finish(b, stats);
  return { resourceMetrics: b.result(), stats, errors };
}

/** A Remote-Write 2.0 request: references resolved (a broken one invalidates its series), metadata per series. */
export function translateV2(req: RequestV2, opts: TranslateOptions): Translation {
  const stats = newStats();
  const errors: string[] = [];
  const b = new OtlpBuilder(opts);
  const symbols = req.symbols;
  if (symbols.length > 0 && symbols[0] !== '') errors.push('symbols table must start with an empty string');
  const resolved: Array<{ ts: RequestV2['timeseries'][number]; labels: PromLabel[]; help: string; unit: string }> = [];
  for (const ts of req.timeseries) {
    let labels: PromLabel[] | undefined;
    try {
      labels = labelsFromRefs(symbols, ts.labelsRefs);
      const problem = labelProblem(labels, false);
      if (problem) throw new PrompbDecodeError(problem);
      if (ts.metadata.unitRef >= symbols.length) throw new PrompbDecodeError(`unit ref ${ts.metadata.unitRef} is out of bounds of symbolsTable`);
      if (ts.metadata.helpRef >= symbols.length) throw new PrompbDecodeError(`help ref ${ts.metadata.helpRef} is out of bounds of symbolsTable`);
      for (const e of ts.exemplars) labelsFromRefs(symbols, e.labelsRefs, 'exemplar labels_refs');
      resolved.push({ ts, labels, help: symbols[ts.metadata.helpRef]!, unit: symbols[ts.metadata.unitRef]! });
    } catch (err) {
      if (!(err instanceof PrompbDecodeError)) throw err;
      errors.push(errorFor(labels, err.message));
    }
  }
  const shapes = shapesOf(resolved.map((r) => r.labels));
  // 2.0 metadata of a family, for its _bucket/_sum/_count series that carry their own (or none).
  const familyMd = new Map<string, FamilyMetadata>();
  for (const r of resolved) {
    if (r.ts.metadata.type !== 0) familyMd.set(labelValue(r.labels, '__name__'), { type: r.ts.metadata.type, help: r.help, unit: r.unit });
  }
  const classic = new ClassicAssembler();
  for (const { ts, labels, help, unit } of resolved) {
    const name = labelValue(labels, '__name__');
    if (name === 'target_info') {
      b.targetInfo(labels);
      continue;
    }
    const type = ts.metadata.type;
    const startMs = ts.createdTimestamp;
    if (ts.histograms.length > 0) addNativeHistograms(b, labels, name, type, unit, help, ts.histograms, startMs, stats);
    if (ts.samples.length === 0) continue;
    const seriesKind = classicOf(type);
    let r: Resolved;
    if (seriesKind) {
      // Prometheus 3 sends the family's type on each part series, under the part's own name.
      const part = SUFFIXES.find(([s]) => name.endsWith(s));
      if (part && (part[1] !== 'bucket' || seriesKind === 'histogram')) {
        r = { name: name.slice(0, -part[0].length), type, help, unit, classic: { kind: seriesKind, part: part[1] } };
      } else if (seriesKind === 'summary' && hasLabel(labels, 'quantile'))
        r = { name, type, help, unit, classic: { kind: 'summary', part: 'quantile' } };
      else r = { name, type: PromMetricType.GAUGE, help, unit };
    } else if (type === PromMetricType.UNKNOWN) {
      r = resolve(name, labels, (n) => familyMd.get(n), shapes, false);
      if (!r.classic && r.type === PromMetricType.UNKNOWN) r = { name, type, help, unit };
    } else r = { name, type, help, unit };
    if (r.classic) {
      if (!classic.add(r.classic.kind, r.classic.part, r.name, labels, ts.samples, r.unit, r.help, startMs, opts.scopeName)) {
        errors.push(errorFor(labels, `invalid ${r.classic.part === 'bucket' ? 'le' : 'quantile'} label`));
      }
      continue;
    }
    if (r.type === PromMetricType.GAUGEHISTOGRAM) {
      stats.dropped += ts.samples.length;
      continue;
    }
    const exemplars = ts.exemplars.map((e) => ({ labels: labelsFromRefs(symbols, e.labelsRefs), value: e.value, timestamp: e.timestamp }));
    addScalarSeries(b, labels, r.name, r.type, r.unit, r.help, ts.samples, startMs, exemplars, stats);
  }
  classic.finish(b, stats);
  return { resourceMetrics: b.result(), stats, errors };
}
