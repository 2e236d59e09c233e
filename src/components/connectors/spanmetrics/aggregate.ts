// The spanmetrics aggregation, pure (no timers, no I/O): spans in, per-resource series updated;
// `flush(now)` builds the Metrics Go's connector would emit at that tick and resets what Go
// resets. Behaviour from contrib connector/spanmetricsconnector/{connector.go,
// internal/metrics/metrics.go,internal/cache/cache.go} v0.130.0:
// - a resource without `service.name` is skipped; resources are told apart by a hash of their
//   attributes (or of `resource_metrics_key_attributes` only) and kept in an LRU of
//   `resource_metrics_cache_size`; an evicted resource is still emitted at the next flush, then
//   forgotten, and revived if it shows up before that;
// - a series is keyed by service, span name, kind, status code and the configured dimensions
//   (span attributes first, then resource — or event — attributes, then the default), each metric
//   (calls, duration, events) with its own table and its own cardinality limit, past which one
//   series with only `otel.metric.overflow=true` counts the rest (and gets no exemplars);
// - cumulative sums emit 0 on their first flush (Prometheus would drop a first sample);
//   delta state is dropped every flush, with each series' start time the previous flush time
//   (an LRU of `metric_timestamp_cache_size` keys, shared by all resources, as in Go).
// Ours on top (README "Beyond Go"): a limit on live series across all resources, idle series
// expiry, a bound on evicted resources waiting for their last flush, and counters for all three.

import { KeyValue, anyValueToString, type AnyValue } from '../../../pdata/index.js';
import type { Traces } from '../../../pdata/traces.js';
import type { ResourceSpans, Span } from '../../../pdata/trace-model.js';
import { ExponentialHistogram, Histogram, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum } from '../../../pdata/metric-model.js';
import { Metrics } from '../../../pdata/metrics.js';
import type { Dimension, Settings } from './config.js';
import { ExpoHistogram } from './expo-histogram.js';

import {
  SCOPE_NAME,
  OVERFLOW_KEY,
  CUMULATIVE,
  DELTA,
  SEP,
  KIND,
  STATUS,
  kindStr,
  statusStr,
  own,
  ownValue,
  lookup,
  dimensionValue,
  SumSeries,
  ExplicitSeries,
  ExpoSeries,
  AnySeries,
  PartialSeries,
  PartialResource,
  AggregateStats,
  SeriesTable,
  ResourceEntry,
  resourceKey,
} from './series.js';
import { reviveAttrs, reviveExemplar, addExemplar, observe, stampExemplars, copyAttrs, explicitPoint, expoPoint } from './points.js';

export { SCOPE_NAME, OVERFLOW_KEY } from './series.js';
export type { PartialSeries, PartialResource, AggregateStats } from './series.js';

export class SpanMetricsAggregator {
  readonly stats: AggregateStats = { series: 0, resources: 0, overflowItems: 0, expiredSeries: 0, droppedResources: 0 };
  /** Set by SeriesTable.get: whether the series just returned is an overflow series. */
  lastOverflow = false;
  // The span being aggregated, read by buildAttributes when a series is created.
  private curSpan: Span | undefined;
  private curService = '';
  private curScopeName = '';
  private curScopeVersion = '';
  private readonly lru = new Map<string, ResourceEntry>();
  private readonly evicted = new Map<string, ResourceEntry>();
  private readonly lastDeltaTimestamps = new Map<string, bigint>();
  private readonly makeSum = (attrs: KeyValue[], start: bigint): SumSeries => ({
    attrs,
    start,
    lastSeenMs: 0,
    exemplars: [],
    indexName: undefined,
    indexSlot: 0,
    count: 0,
    isFirst: true,
  });
  private readonly makeHist: (attrs: KeyValue[], start: bigint) => ExplicitSeries | ExpoSeries;

  private readonly callsIndexed: boolean;
  private readonly durationIndexed: boolean;

  constructor(readonly settings: Settings) {
    const ex = settings.exclude;
    const defaultsOnly = !ex.service && !ex.name && !ex.kind && !ex.status;
    this.callsIndexed = defaultsOnly && settings.callsDimensions.length === 0;
    this.durationIndexed = defaultsOnly && settings.durationDimensions.length === 0;
    const buckets = settings.bounds.length + 1;
    const maxSize = settings.expoMaxSize;
    this.makeHist =
      settings.histogram === 'exponential'
        ? (attrs, start) => ({ attrs, start, lastSeenMs: 0, exemplars: [], indexName: undefined, indexSlot: 0, hist: new ExpoHistogram(maxSize) })
        : (attrs, start) => ({
            attrs,
            start,
            lastSeenMs: 0,
            exemplars: [],
            indexName: undefined,
            indexSlot: 0,
            counts: new Float64Array(buckets),
            count: 0,
            sum: 0,
          });
  }

  get resourceCount(): number {
    return this.lru.size + this.evicted.size;
  }

  /** Aggregates every span of `traces`; `nowNs` is the series start time Go takes per call, `nowMs` the idle clock. */
  consume(traces: Traces, nowNs: bigint, nowMs: number): void {
    for (const rs of traces.resourceSpans) this.consumeResource(rs, nowNs, nowMs);
  }

  private consumeResource(rs: ResourceSpans, nowNs: bigint, nowMs: number): void {
    const rattrs = rs.resource.attributes;
    const svc = lookup(rattrs, 'service.name');
    if (svc === undefined) return;
    // Go reads it with Str(): a non-string service.name counts as "".
    const service = typeof svc === 'string' ? svc : '';
    const entry = this.resourceEntry(rattrs);
    entry.lastSeenMs = nowMs;
    const st = this.settings;
    const { callsDimensions, durationDimensions, eventDimensions } = st;
    this.curService = service;
    for (const ss of rs.scopeSpans) {
      this.curScopeName = ss.scope.name;
      this.curScopeVersion = ss.scope.version;
      for (const span of ss.spans) {
        this.curSpan = span;
        const startT = span.startTimeUnixNano;
        const endT = span.endTimeUnixNano;
        // Go: end before start counts as 0; the difference is exact before it becomes a float.
        const duration = endT > startT ? Number(endT - startT) / st.unitDivider : 0;
        const withExemplar = st.exemplars && span.traceId !== '' && !/^\0+$/.test(span.traceId);
        // The name index applies when no dimension beyond the defaults is configured for the metric.
        const slot =
          span.kind >= 0 && span.kind < KIND.length && span.status.code >= 0 && span.status.code < STATUS.length
            ? span.kind * STATUS.length + span.status.code
            : -1;
        let base: string | undefined;
        let key: string | undefined;

        let s = this.callsIndexed && slot >= 0 ? entry.sums.byName.get(span.name)?.[slot] : undefined;
        if (s !== undefined) this.lastOverflow = false;
        else {
          base = this.baseKey(service, span);
          key = this.dimKey(base, span, callsDimensions, rattrs, undefined);
          s = entry.sums.get(key, callsDimensions, rattrs, undefined, nowNs, this.makeSum);
          if (!this.lastOverflow && this.callsIndexed && slot >= 0) entry.sums.index(own(span.name), slot, s);
        }
        if (this.lastOverflow) this.stats.overflowItems++;
        else if (withExemplar) addExemplar(s, span, duration, st.maxExemplars);
        s.count++;
        s.lastSeenMs = nowMs;

        if (entry.hist !== null) {
          let h = this.durationIndexed && slot >= 0 ? entry.hist.byName.get(span.name)?.[slot] : undefined;
          if (h !== undefined) this.lastOverflow = false;
          else {
            base ??= this.baseKey(service, span);
            const dkey =
              durationDimensions === callsDimensions && key !== undefined ? key : this.dimKey(base, span, durationDimensions, rattrs, undefined);
            h = entry.hist.get(dkey, durationDimensions, rattrs, undefined, nowNs, this.makeHist);
            if (!this.lastOverflow && this.durationIndexed && slot >= 0) entry.hist.index(own(span.name), slot, h);
          }
          if (!this.lastOverflow && withExemplar) addExemplar(h, span, duration, st.maxExemplars);
          observe(h, duration, st.bounds);
          h.lastSeenMs = nowMs;
        }

        if (st.events) {
          for (const ev of span.events) {
            base ??= this.baseKey(service, span);
            const ekey = this.dimKey(base, span, eventDimensions, ev.attributes, rattrs);
            const e = entry.events.get(ekey, eventDimensions, ev.attributes, rattrs, nowNs, this.makeSum);
            if (this.lastOverflow) this.stats.overflowItems++;
            else if (withExemplar) addExemplar(e, span, duration, st.maxExemplars);
            e.count++;
            e.lastSeenMs = nowMs;
          }
        }
      }
    }
  }

  /** buildKey's default part: the four default dimensions not excluded, NUL-separated. */
  private baseKey(service: string, span: Span): string {
    const ex = this.settings.exclude;
    let k = '';
    let first = true;
    const add = (v: string): void => {
      k = first ? v : k + SEP + v;
      first = false;
    };
    if (!ex.service) add(service);
    if (!ex.name) add(span.name);
    if (!ex.kind) add(kindStr(span.kind));
    if (!ex.status) add(statusStr(span.status.code));
    return k;
  }

  private dimKey(base: string, span: Span, dims: readonly Dimension[], a: readonly KeyValue[], b: readonly KeyValue[] | undefined): string {
    let k = base;
    for (let i = 0; i < dims.length; i++) {
      const v = dimensionValue(dims[i]!, span.attributes, a, b);
      if (v !== undefined) k += SEP + (typeof v === 'string' ? v : anyValueToString(v));
    }
    return k;
  }

  /** buildAttributes: the default dimensions, the instrumentation scope if listed, then the configured ones. */
  buildAttributes(dims: readonly Dimension[], a: readonly KeyValue[], b: readonly KeyValue[] | undefined): KeyValue[] {
    const st = this.settings;
    const span = this.curSpan!;
    const scopeName = this.curScopeName;
    const scopeVersion = this.curScopeVersion;
    const out: KeyValue[] = [];
    const put = (key: string, v: AnyValue): void => {
      const kv = out.find((x) => x.key === key);
      if (kv) kv.value = v;
      else out.push(new KeyValue(key, v));
    };
    if (!st.exclude.service) put('service.name', own(this.curService));
    if (!st.exclude.name) put('span.name', own(span.name));
    if (!st.exclude.kind) put('span.kind', kindStr(span.kind));
    if (!st.exclude.status) put('status.code', statusStr(span.status.code));
    if (scopeName !== '' && st.includeScopes.has(scopeName)) {
      put('span.instrumentation.scope.name', own(scopeName));
      if (scopeVersion !== '') put('span.instrumentation.scope.version', own(scopeVersion));
    }
    for (const d of dims) {
      const v = dimensionValue(d, span.attributes, a, b);
      if (v !== undefined) put(d.name, ownValue(v));
    }
    return out;
  }

  private resourceEntry(rattrs: KeyValue[]): ResourceEntry {
    const key = resourceKey(rattrs, this.settings.resourceKeyAttributes);
    let entry = this.lru.get(key);
    if (entry !== undefined) {
      // Most recently used moves last (Map keeps insertion order).
      this.lru.delete(key);
      this.lru.set(key, entry);
      return entry;
    }
    entry = this.evicted.get(key);
    if (entry !== undefined) this.evicted.delete(key);
    else {
      entry = new ResourceEntry(
        this,
        rattrs.map((kv) => new KeyValue(own(kv.key), ownValue(kv.value))),
      );
      this.stats.resources++;
    }
    this.lru.set(own(key), entry);
    if (this.lru.size > this.settings.resourceCacheSize) {
      const [oldKey, old] = this.lru.entries().next().value as [string, ResourceEntry];
      this.lru.delete(oldKey);
      this.evicted.set(oldKey, old);
      // Ours: Go keeps every evicted resource until the next flush; a flood of new resources
      // within one interval would grow without bound, so past one cache's worth the oldest goes now.
      if (this.evicted.size > this.settings.resourceCacheSize) {
        const [k, e] = this.evicted.entries().next().value as [string, ResourceEntry];
        this.evicted.delete(k);
        this.forget(e);
        this.stats.droppedResources++;
      }
    }
    return entry;
  }

  private forget(e: ResourceEntry): void {
    this.stats.series -= e.seriesCount;
    this.stats.resources--;
  }

  /**
   * Worker side: everything accumulated since the last call, as plain data, and the state reset
   * (as a delta flush does). The worker's own limits still bound its memory; a worker's overflow
   * series merges into the leader's.
   */
  takePartial(): PartialResource[] {
    const out: PartialResource[] = [];
    const table = (t: SeriesTable<AnySeries> | null): PartialSeries[] => {
      if (t === null) return [];
      const list: PartialSeries[] = [];
      for (const [key, s] of t.map) {
        list.push({
          key,
          attrs: s.attrs,
          start: s.start,
          count: 'count' in s ? s.count : s.hist.count,
          sum: 'sum' in s ? s.sum : 'hist' in s ? s.hist.sum : 0,
          counts: 'counts' in s ? Array.from(s.counts) : null,
          expo: 'hist' in s ? s.hist.state() : null,
          exemplars: s.exemplars,
        });
      }
      return list;
    };
    // Least recently used first (the evicted ones, then the LRU from its oldest), so the leader's LRU ends in the same order.
    for (const e of [...this.evicted.values(), ...this.lru.values()]) {
      out.push({
        attrs: e.attrs,
        lastSeenMs: e.lastSeenMs,
        calls: table(e.sums),
        duration: table(e.hist as SeriesTable<AnySeries> | null),
        events: table(e.events),
      });
    }
    this.lru.clear();
    this.evicted.clear();
    this.stats.series = 0;
    this.stats.resources = 0;
    return out;
  }

  /** Leader side: a worker's partial, merged as if its spans had been consumed here (same limits, same overflow). */
  mergePartial(partial: readonly PartialResource[], nowMs: number): void {
    for (const p of partial) {
      const entry = this.resourceEntry(reviveAttrs(p.attrs));
      entry.lastSeenMs = Math.max(entry.lastSeenMs, nowMs);
      this.mergeTable(entry.sums, p.calls, this.makeSum, nowMs);
      if (entry.hist !== null) this.mergeTable(entry.hist, p.duration, this.makeHist, nowMs);
      this.mergeTable(entry.events, p.events, this.makeSum, nowMs);
    }
  }

  private mergeTable<S extends AnySeries>(
    table: SeriesTable<S>,
    list: readonly PartialSeries[],
    make: (attrs: KeyValue[], start: bigint) => S,
    nowMs: number,
  ): void {
    const max = this.settings.maxExemplars;
    for (const p of list) {
      const s = p.key === OVERFLOW_KEY ? table.getOverflow(p.start, make) : table.getWithAttrs(p.key, reviveAttrs(p.attrs), p.start, make);
      // Overflowed spans are counted once, on calls and events (as consume does).
      if (this.lastOverflow) {
        if (!('counts' in s) && !('hist' in s)) this.stats.overflowItems += p.count;
      } else for (const ex of p.exemplars) if (s.exemplars.length < max) s.exemplars.push(reviveExemplar(ex));
      s.lastSeenMs = nowMs;
      if ('hist' in s) s.hist.merge(p.expo!);
      else if ('counts' in s) {
        for (let i = 0; i < s.counts.length; i++) s.counts[i]! += p.counts![i] ?? 0;
        s.count += p.count;
        s.sum += p.sum;
      } else s.count += p.count;
    }
  }

  /** Builds the metrics of every resource at `nowNs` (buildMetrics), then resets state (resetState). */
  flush(nowNs: bigint, nowMs: number): Metrics {
    const out: ResourceMetrics[] = [];
    for (const [, e] of this.lru) out.push(this.buildResource(e, nowNs));
    for (const [, e] of this.evicted) out.push(this.buildResource(e, nowNs));
    this.reset(nowMs);
    return new Metrics(out);
  }

  private buildResource(e: ResourceEntry, now: bigint): ResourceMetrics {
    const st = this.settings;
    const temporality = st.delta ? DELTA : CUMULATIVE;
    const rm = new ResourceMetrics();
    rm.resource.attributes = e.attrs.map((kv) => new KeyValue(kv.key, kv.value));
    const sm = new ScopeMetrics();
    sm.scope.name = SCOPE_NAME;
    rm.scopeMetrics.push(sm);
    const touched = new Set<string>();
    const startOf = (key: string, start: bigint): bigint => {
      if (!st.delta) return start;
      const last = this.lastDeltaTimestamps.get(key);
      if (last !== undefined) {
        this.lastDeltaTimestamps.delete(key);
        this.lastDeltaTimestamps.set(key, last);
        start = last;
      }
      touched.add(key);
      return start;
    };

    sm.metrics.push(this.sumMetric('calls', e.sums, now, temporality, startOf));
    if (e.hist !== null) {
      const m = new Metric();
      m.name = this.metricName('duration');
      m.unit = st.unit;
      if (st.histogram === 'exponential') {
        const h = new ExponentialHistogram();
        h.aggregationTemporality = temporality;
        for (const [k, s] of e.hist.map) h.dataPoints.push(expoPoint(s as ExpoSeries, startOf(k, s.start), now));
        m.data = h;
      } else {
        const h = new Histogram();
        h.aggregationTemporality = temporality;
        for (const [k, s] of e.hist.map) h.dataPoints.push(explicitPoint(s as ExplicitSeries, st.bounds, startOf(k, s.start), now));
        m.data = h;
      }
      sm.metrics.push(m);
    }
    if (st.events) sm.metrics.push(this.sumMetric('events', e.events, now, temporality, startOf));

    for (const k of touched) {
      this.lastDeltaTimestamps.delete(k);
      this.lastDeltaTimestamps.set(k, now);
      if (this.lastDeltaTimestamps.size > st.timestampCacheSize) {
        this.lastDeltaTimestamps.delete(this.lastDeltaTimestamps.keys().next().value as string);
      }
    }
    return rm;
  }

  private metricName(name: string): string {
    return this.settings.namespace === '' ? name : `${this.settings.namespace}.${name}`;
  }

  private sumMetric(
    name: string,
    table: SeriesTable<SumSeries>,
    now: bigint,
    temporality: number,
    startOf: (k: string, s: bigint) => bigint,
  ): Metric {
    const m = new Metric();
    m.name = this.metricName(name);
    const sum = new Sum();
    sum.isMonotonic = true;
    sum.aggregationTemporality = temporality;
    for (const [k, s] of table.map) {
      const dp = new NumberDataPoint();
      dp.startTimeUnixNano = startOf(k, s.start);
      dp.timeUnixNano = now;
      if (temporality === CUMULATIVE && s.isFirst) {
        dp.value = 0n;
        s.isFirst = false;
      } else dp.value = BigInt(s.count);
      dp.exemplars = stampExemplars(s.exemplars, now);
      dp.attributes = copyAttrs(s.attrs);
      sum.dataPoints.push(dp);
    }
    m.data = sum;
    return m;
  }

  private reset(nowMs: number): void {
    const st = this.settings;
    if (st.delta) {
      this.lru.clear();
      this.evicted.clear();
      this.stats.series = 0;
      this.stats.resources = 0;
      return;
    }
    for (const e of this.evicted.values()) this.forget(e);
    this.evicted.clear();
    const seriesCutoff = st.seriesExpirationMs > 0 ? nowMs - st.seriesExpirationMs : -Infinity;
    for (const [k, e] of this.lru) {
      if (st.exemplars) {
        e.sums.clearExemplars();
        e.events.clearExemplars();
        e.hist?.clearExemplars();
      }
      if (st.metricsExpirationMs > 0 && nowMs - e.lastSeenMs >= st.metricsExpirationMs) {
        this.lru.delete(k);
        this.forget(e);
        continue;
      }
      if (seriesCutoff > -Infinity) {
        const n = e.sums.expire(seriesCutoff) + (e.hist?.expire(seriesCutoff) ?? 0) + e.events.expire(seriesCutoff);
        this.stats.series -= n;
        this.stats.expiredSeries += n;
        if (e.seriesCount === 0) {
          this.lru.delete(k);
          this.stats.resources--;
        }
      }
    }
  }
}
