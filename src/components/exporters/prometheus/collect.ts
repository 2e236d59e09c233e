// Accumulated series → metric families, as Go's `exporter/prometheusexporter/collector.go` (v0.130.0)
// hands them to client_golang's registry and the registry's Gather checks and sorts them
// (client_golang v1.22 `prometheus/{desc.go,registry.go,internal/metric.go}`):
// - names via the shared translator (BuildCompliantName), labels: point attributes, otel_scope_*,
//   job/instance, const_labels; a series whose label names repeat, are empty or start with `__`
//   is dropped with an error (NewDesc refuses it), as is a duplicate series;
// - the first type and help seen for a name win until the name expires (validateMetrics); a
//   metric of another type under that name is dropped;
// - `target_info` (help "Target metadata") once per job+instance of the live series;
// - families sorted by name; series by label count, then label values in label-name order.

import type { Exemplar, KeyValue } from '../../../pdata/index.js';
import { anyValueToString, getAttribute, idToHex, isEmptyId } from '../../../pdata/index.js';
import {
  EXEMPLAR_SPAN_ID_LABEL,
  EXEMPLAR_TRACE_ID_LABEL,
  METRIC_METADATA_TYPE_KEY,
  TARGET_INFO_NAME,
  buildCompliantName,
  instanceFromResource,
  jobFromResource,
  namedMetric,
  normalizeLabel,
  pullTargetInfoLabels,
  resourceSignature,
  scopeLabels,
  INSTANCE_LABEL,
  JOB_LABEL,
} from '../../../shared/prometheus/index.js';
import type { Series } from './accumulator.js';

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromExemplar {
  labels: [string, string][];
  value: number;
  /** Unix nanoseconds. */
  time: bigint;
}

export interface Bucket {
  bound: number;
  cumulative: bigint;
  exemplar?: PromExemplar;
}

export interface PromSeries {
  /** Sorted by name; const labels included. */
  labels: [string, string][];
  /** Unix ms when send_timestamps, else undefined. */
  timestampMs?: bigint;
  value: number;
  exemplar?: PromExemplar;
  buckets: Bucket[];
  count: bigint;
  sum: number;
  quantiles: { quantile: number; value: number }[];
}

export interface Family {
  name: string;
  help: string;
  type: FamilyType;
  series: PromSeries[];
}

export interface CollectOptions {
  /** Already cleaned (Go: CleanUpString of the config value). */
  namespace: string;
  addMetricSuffixes: boolean;
  sendTimestamps: boolean;
  constLabels: Readonly<Record<string, string>>;
  expirationMs: number;
}

/** What was dropped in one collect, for a rate-limited log line. */
export interface CollectErrors {
  count: number;
  first?: string;
}

interface Prepared {
  name: string;
  type: FamilyType;
  help: string;
  error?: string;
  series?: PromSeries;
}

function checkLabelName(l: string): boolean {
  return l !== '' && !l.startsWith('__');
}

function exemplarsOf(list: readonly Exemplar[]): PromExemplar[] {
  return list.map((e) => {
    const labels: [string, string][] = [];
    if (!isEmptyId(e.traceId)) labels.push([EXEMPLAR_TRACE_ID_LABEL, idToHex(e.traceId)]);
    if (!isEmptyId(e.spanId)) labels.push([EXEMPLAR_SPAN_ID_LABEL, idToHex(e.spanId)]);
    return { labels, value: e.value === null ? 0 : Number(e.value), time: e.timeUnixNano };
  });
}

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Builds a series' label set the way NewDesc + NewConstMetric do; a string is NewDesc's refusal. */
function buildLabels(keys: [string, string][], constLabels: readonly [string, string][], name: string): [string, string][] | string {
  const seen = new Set<string>();
  for (const [k] of constLabels) {
    if (!checkLabelName(k)) return `"${k}" is not a valid label name for metric "${name}"`;
    seen.add(k);
  }
  for (const [k] of keys) {
    if (!checkLabelName(k)) return `"${k}" is not a valid label name for metric "${name}"`;
    if (seen.has(k)) return `duplicate label names in constant and variable labels for metric "${name}"`;
    seen.add(k);
  }
  return [...keys, ...constLabels].sort(byName);
}

/** Per-series preparation, cached on the series object (replaced on every update). */
function prepare(s: Series, opts: CollectOptions, constLabels: readonly [string, string][]): Prepared {
  const cached = s.rendered as Prepared | undefined;
  if (cached !== undefined) return cached;
  const name = buildCompliantName(namedMetric(s.metric), opts.namespace, opts.addMetricSuffixes);
  let type: FamilyType;
  switch (s.kind) {
    case 'gauge': {
      const original = getAttribute(s.metric.metadata, METRIC_METADATA_TYPE_KEY);
      type = original !== undefined && anyValueToString(original) === 'unknown' ? 'untyped' : 'gauge';
      break;
    }
    case 'sum':
      type = s.monotonic ? 'counter' : 'gauge';
      break;
    default:
      type = s.kind;
  }
  const prepared: Prepared = { name, type, help: s.metric.description };
  s.rendered = prepared;
  if (name === '') {
    prepared.error = `"${s.metric.name}" is not a valid metric name`;
    return prepared;
  }
  const keys: [string, string][] = s.attributes.map((kv: KeyValue) => [normalizeLabel(kv.key), anyValueToString(kv.value)]);
  keys.push(...scopeLabels(s.scope, s.schemaUrl));
  const job = jobFromResource(s.resource);
  if (job !== undefined) keys.push([JOB_LABEL, job]);
  const instance = instanceFromResource(s.resource);
  if (instance !== undefined) keys.push([INSTANCE_LABEL, instance]);
  const labels = buildLabels(keys, constLabels, name);
  if (typeof labels === 'string') {
    prepared.error = labels;
    return prepared;
  }
  const series: PromSeries = { labels, value: 0, buckets: [], count: 0n, sum: 0, quantiles: [] };
  if (opts.sendTimestamps) series.timestampMs = s.time / 1_000_000n;
  switch (s.kind) {
    case 'gauge':
    case 'sum':
      series.value = Number(s.value);
      // Go attaches exemplars to counters only; client_golang keeps the last one.
      if (type === 'counter' && s.exemplars.length > 0) series.exemplar = exemplarsOf(s.exemplars).at(-1);
      break;
    case 'histogram':
      series.buckets = histogramBuckets(s);
      series.count = s.count;
      series.sum = s.sum;
      break;
    case 'summary': {
      // Go builds a map quantile → value (a repeated quantile keeps the last) and client_golang sorts it.
      const q = new Map<number, number>();
      for (const v of s.quantiles) q.set(v.quantile, v.value);
      series.quantiles = [...q].sort((a, b) => a[0] - b[0]).map(([quantile, value]) => ({ quantile, value }));
      series.count = s.count;
      series.sum = s.sum;
      break;
    }
  }
  prepared.series = series;
  return prepared;
}

/**
 * collector.go convertDoubleHistogram: distinct bounds (first index wins), ascending, cumulative
 * counts of those buckets (the overflow bucket only shows in the total count); then client_golang's
 * withExemplarsMetric puts each exemplar on the first bucket whose bound is ≥ its value (the last
 * one wins), appending an explicit +Inf bucket for one above every bound.
 */
function histogramBuckets(s: Series): Bucket[] {
  const firstIndex = new Map<number, number>();
  s.bounds.forEach((b, i) => {
    if (!firstIndex.has(b)) firstIndex.set(b, i);
  });
  const bounds = [...firstIndex.keys()].sort((a, b) => a - b);
  let cumulative = 0n;
  const buckets: Bucket[] = bounds.map((bound) => {
    cumulative += s.counts[firstIndex.get(bound)!] ?? 0n;
    return { bound, cumulative };
  });
  for (const e of exemplarsOf(s.exemplars)) {
    const b = buckets.find((x) => x.bound >= e.value);
    if (b !== undefined) b.exemplar = e;
    else buckets.push({ bound: Infinity, cumulative: s.count, exemplar: e });
  }
  return buckets;
}

function compareSeries(a: PromSeries, b: PromSeries): number {
  if (a.labels.length !== b.labels.length) return a.labels.length - b.labels.length;
  for (let i = 0; i < a.labels.length; i++) {
    const va = a.labels[i]![1];
    const vb = b.labels[i]![1];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  if (a.timestampMs === undefined || b.timestampMs === undefined) return 0;
  return a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0;
}

/** registry.go checkSuffixCollisions. */
function suffixCollision(name: string, type: FamilyType, families: ReadonlyMap<string, Family>): boolean {
  const m = /^(.*)_(count|sum|bucket)$/.exec(name);
  if (m !== null) {
    const existing = families.get(m[1]!);
    if (existing?.type === 'histogram') return true;
    if (existing?.type === 'summary' && m[2] !== 'bucket') return true;
  }
  if ((type === 'summary' || type === 'histogram') && (families.has(`${name}_count`) || families.has(`${name}_sum`))) return true;
  return type === 'histogram' && families.has(`${name}_bucket`);
}

/** The names seen across scrapes with their first type and help (collector.go metricFamilies). */
export class FamilyRegistry {
  private readonly known = new Map<string, { type: FamilyType; help: string; lastSeen: number }>();

  /** The help to use, or undefined when `type` conflicts with the name's registered type. */
  check(name: string, type: FamilyType, help: string, now: number): string | undefined {
    const k = this.known.get(name);
    if (k === undefined) {
      this.known.set(name, { type, help, lastSeen: now });
      return help;
    }
    if (k.type !== type) return undefined;
    k.lastSeen = now;
    return k.help;
  }

  cleanup(now: number, expirationMs: number): void {
    for (const [n, k] of this.known) if (now - k.lastSeen > expirationMs) this.known.delete(n);
  }
}

/** One scrape: the live series as sorted families, and what was dropped. */
export function collectFamilies(
  live: readonly Series[],
  opts: CollectOptions,
  registry: FamilyRegistry,
  now: number,
): { families: Family[]; errors: CollectErrors } {
  const errors: CollectErrors = { count: 0 };
  const fail = (msg: string) => {
    errors.count++;
    errors.first ??= msg;
  };
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const add = (name: string, type: FamilyType, help: string, series: PromSeries) => {
    let f = families.get(name);
    if (f === undefined) {
      if (suffixCollision(name, type, families)) {
        fail(`collected metric named "${name}" collides with a previously collected family`);
        return;
      }
      f = { name, help, type, series: [] };
      families.set(name, f);
    } else if (f.type !== type) {
      fail(`collected metric "${name}" is a ${type}, its family a ${f.type}`);
      return;
    }
    let key = name;
    for (const [k, v] of series.labels) key += `\xff${k}\xff${v}`;
    if (seen.has(key)) {
      fail(`collected metric "${name}" was collected before with the same name and label values`);
      return;
    }
    seen.add(key);
    f.series.push(series);
  };

  // target_info first, as Go's Collect sends it first.
  const targetName = opts.namespace !== '' ? `${opts.namespace}_${TARGET_INFO_NAME}` : TARGET_INFO_NAME;
  const resources = new Set<string>();
  for (const s of live) {
    const sig = resourceSignature(s.resource);
    if (sig === '' || resources.has(sig)) continue;
    resources.add(sig);
    const labels = [...pullTargetInfoLabels(s.resource)];
    if (labels.some(([k]) => !checkLabelName(k))) {
      fail(`target_info: a resource attribute is not a valid label name`);
      continue;
    }
    add(targetName, 'gauge', 'Target metadata', { labels: labels.sort(byName), value: 1, buckets: [], count: 0n, sum: 0, quantiles: [] });
  }

  const constLabels = Object.entries(opts.constLabels);
  for (const s of live) {
    const p = prepare(s, opts, constLabels);
    const help = registry.check(p.name, p.type, p.help, now);
    if (help === undefined) {
      fail(`instrument type conflict, using existing type definition. instrument: ${p.name}, dropped: ${p.type}`);
      continue;
    }
    if (p.error !== undefined || p.series === undefined) {
      fail(p.error ?? 'invalid metric');
      continue;
    }
    add(p.name, p.type, help, p.series);
  }
  registry.cleanup(now, opts.expirationMs);

  const sorted = [...families.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) f.series.sort(compareSeries);
  return { families: sorted, errors };
}
