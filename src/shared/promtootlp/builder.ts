// Assembles OTLP ResourceMetrics from Prometheus series, the way contrib's
// receiver/prometheusremotewritereceiver/receiver.go does (v0.130+): one resource per
// job/instance pair (`instance` → service.instance.id, `job` "ns/name" → service.namespace +
// service.name, else service.name), enriched by `target_info` series whose labels (minus job,
// instance and metadata labels) become resource attributes and are remembered across requests in
// an LRU of 1000; `otel_scope_name`/`otel_scope_version` labels pick the scope (default: the
// collector's build description/version); every other label but __name__ is a data point
// attribute; one Metric per (resource, scope, name, unit, type), its Prometheus type kept in the
// metric metadata under `prometheus.type`, the longer help text winning as description.

import { KeyValue, Metric, ResourceMetrics, ScopeMetrics, type MetricData } from '../../pdata/index.js';
import type { PromLabel } from '../codec/prompb/index.js';

const SEP = '\xff';
const NS_PER_MS = 1_000_000n;

/** Resource attributes learned from target_info, keyed by job\xffinstance, bounded (LRU). */
export class ResourceCache {
  private readonly map = new Map<string, KeyValue[]>();
  constructor(readonly capacity = 1000) {}

  get(key: string): KeyValue[] | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, attrs: KeyValue[]): void {
    this.map.delete(key);
    this.map.set(key, attrs);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  get size(): number {
    return this.map.size;
  }
}

/** What every translation reports; the receiver turns it into RW2 response headers and self-metrics. */
export interface TranslationStats {
  /** Float samples written (data points from samples, classic histogram/summary parts included). */
  samples: number;
  /** Native histogram samples written. */
  histograms: number;
  exemplars: number;
  /** Stale markers (Prometheus' special NaN) dropped. */
  staleMarkers: number;
  /** Samples or histograms dropped for another reason (gauge histograms, negative counts, unsupported types). */
  dropped: number;
}

export const newStats = (): TranslationStats => ({ samples: 0, histograms: 0, exemplars: 0, staleMarkers: 0, dropped: 0 });

export interface TranslateOptions {
  /** Scope for series without otel_scope_name (Go: the collector's BuildInfo description/version). */
  scopeName: string;
  scopeVersion: string;
  resources: ResourceCache;
}

/** Labels that never become data point attributes. */
function isReservedLabel(name: string): boolean {
  return name === '__name__' || name === 'job' || name === 'instance' || name === 'otel_scope_name' || name === 'otel_scope_version';
}

/** Data point attributes of a series: every label but the reserved ones, `skip` (le, quantile) and empty values. */
export function attributesOf(labels: readonly PromLabel[], skip?: string): KeyValue[] {
  const out: KeyValue[] = [];
  for (const l of labels) {
    if (isReservedLabel(l.name) || l.name === skip || l.value === '') continue;
    out.push(new KeyValue(l.name, l.value));
  }
  return out;
}

export function labelValue(labels: readonly PromLabel[], name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

export const msToNs = (ms: number): bigint => (ms === 0 ? 0n : BigInt(Math.trunc(ms)) * NS_PER_MS);

function jobInstanceAttributes(job: string, instance: string): KeyValue[] {
  const attrs: KeyValue[] = [];
  if (instance !== '') attrs.push(new KeyValue('service.instance.id', instance));
  if (job !== '') {
    const parts = job.split('/');
    if (parts.length === 2) {
      attrs.push(new KeyValue('service.namespace', parts[0]!));
      attrs.push(new KeyValue('service.name', parts[1]!));
    } else attrs.push(new KeyValue('service.name', job));
  }
  return attrs;
}

interface ScopeEntry {
  sm: ScopeMetrics;
  /** Metrics by name, unit, type and kind. */
  metrics: Map<string, Metric>;
}

interface ResourceEntry {
  rm: ResourceMetrics;
  key: string;
  job: string;
  instance: string;
  scopes: Map<string, ScopeEntry>;
}

/** job, instance and scope labels of a series in one scan (they key every lookup below). */
function identityOf(labels: readonly PromLabel[]): { job: string; instance: string; scopeName: string; scopeVersion: string } {
  let job = '';
  let instance = '';
  let scopeName = '';
  let scopeVersion = '';
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    switch (l.name) {
      case 'job':
        job = l.value;
        break;
      case 'instance':
        instance = l.value;
        break;
      case 'otel_scope_name':
        scopeName = l.value;
        break;
      case 'otel_scope_version':
        scopeVersion = l.value;
        break;
    }
  }
  return { job, instance, scopeName, scopeVersion };
}

export class OtlpBuilder {
  readonly resourceMetrics: ResourceMetrics[] = [];
  private readonly resources = new Map<string, ResourceEntry>();
  // Series of one target arrive together: the last resource is checked first (no key built).
  private last: ResourceEntry | undefined;

  constructor(readonly opts: TranslateOptions) {}

  private resource(job: string, instance: string): ResourceEntry {
    const last = this.last;
    if (last !== undefined && last.job === job && last.instance === instance) return last;
    const key = job + SEP + instance;
    let entry = this.resources.get(key);
    if (!entry) {
      const rm = new ResourceMetrics();
      const cached = this.opts.resources.get(key);
      if (cached) rm.resource.attributes = cached.map((kv) => new KeyValue(kv.key, kv.value));
      else {
        rm.resource.attributes = jobInstanceAttributes(job, instance);
        this.opts.resources.set(
          key,
          rm.resource.attributes.map((kv) => new KeyValue(kv.key, kv.value)),
        );
      }
      entry = { rm, key, job, instance, scopes: new Map() };
      this.resources.set(key, entry);
      this.resourceMetrics.push(rm);
    }
    this.last = entry;
    return entry;
  }

  /** A target_info series: its labels become attributes of its job/instance resource, now and in later requests. */
  targetInfo(labels: readonly PromLabel[]): void {
    const id = identityOf(labels);
    const entry = this.resource(id.job, id.instance);
    const attrs = entry.rm.resource.attributes;
    for (const l of labels) {
      if (l.name === 'job' || l.name === 'instance' || l.name.startsWith('__')) continue;
      const existing = attrs.find((a) => a.key === l.name);
      if (existing) existing.value = l.value;
      else attrs.push(new KeyValue(l.name, l.value));
    }
    this.opts.resources.set(
      entry.key,
      attrs.map((kv) => new KeyValue(kv.key, kv.value)),
    );
  }

  /**
   * The Metric for a series; `kind` separates metrics of one name that Go also keeps apart (an
   * exponential and a custom-bucket histogram). `make` creates its data on first use.
   */
  metric(labels: readonly PromLabel[], name: string, unit: string, help: string, promType: string, kind: string, make: () => MetricData): Metric {
    const id = identityOf(labels);
    const res = this.resource(id.job, id.instance);
    const scopeName = id.scopeName || this.opts.scopeName;
    const scopeVersion = id.scopeVersion || this.opts.scopeVersion;
    const scopeKey = scopeName + SEP + scopeVersion;
    let scope = res.scopes.get(scopeKey);
    if (!scope) {
      const sm = new ScopeMetrics();
      sm.scope.name = scopeName;
      sm.scope.version = scopeVersion;
      scope = { sm, metrics: new Map() };
      res.scopes.set(scopeKey, scope);
      res.rm.scopeMetrics.push(sm);
    }
    const key = name + SEP + unit + SEP + promType + SEP + kind;
    let m = scope.metrics.get(key);
    if (m) {
      if (m.description.length < help.length) m.description = help;
      return m;
    }
    m = new Metric();
    m.name = name;
    m.unit = unit;
    m.description = help;
    m.data = make();
    m.metadata = [new KeyValue('prometheus.type', promType)];
    scope.sm.metrics.push(m);
    scope.metrics.set(key, m);
    return m;
  }

  /** The ResourceMetrics built, without resources or scopes that ended up empty (target_info only). */
  result(): ResourceMetrics[] {
    return this.resourceMetrics.filter((rm) => rm.scopeMetrics.length > 0);
  }
}
