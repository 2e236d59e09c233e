// The count connector (contrib connector/countconnector/connector.go and counter.go v0.130.0):
// per consumed batch, one ResourceMetrics per input resource that had anything counted, with the
// resource attributes copied and one scope; per metric definition with a count, one delta
// monotonic int Sum with a data point per distinct set of attribute values, stamped with the time
// the resource was counted (Go: time.Now() when its counter is made; no start time). Nothing is
// kept between calls.

import type { Connector } from '../../../core/component.js';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import { KeyValue, type AnyValue, type Resource } from '../../../pdata/common.js';
import { Metric, Metrics, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum } from '../../../pdata/metrics.js';
import type { Logs } from '../../../pdata/logs.js';
import type { Traces } from '../../../pdata/traces.js';
import type { ItemContext } from '../../../shared/ottl/conditions.js';
import type { Levels } from '../../../pdata/wire/scan.js';
import { metricDefs, type CountConfig, type MetricDef } from './config.js';
import { DATA_POINTS, LOG_RECORDS, METRIC_DATA, METRICS, SPAN_EVENTS, SPANS, scanResources } from './scan.js';

export const SCOPE_NAME = 'github.com/open-telemetry/opentelemetry-collector-contrib/connector/countconnector';
const DELTA = 1;

interface Group {
  attrs: KeyValue[];
  n: number;
}

/**
 * The counts of one resource for one item kind (Go's counter). Definitions without attributes
 * and conditions count every item, so they take whole slices at once (`addAll`) rather than an
 * item at a time: the default config costs a length read per scope.
 */
class Counter {
  private readonly plain: number[];
  private readonly groups: Array<Map<string, Group> | undefined>;
  /** Indexes of the definitions that look at each item (attributes or conditions), and of the rest. */
  private readonly perItem: number[] = [];
  private readonly whole: number[] = [];

  constructor(private readonly defs: readonly MetricDef[]) {
    this.plain = defs.map(() => 0);
    this.groups = defs.map(() => undefined);
    defs.forEach((d, i) => (d.attrs.length > 0 || d.condition !== undefined || d.neverCounted ? this.perItem : this.whole).push(i));
  }

  /** True when some definition must look at each item. */
  get needsItems(): boolean {
    return this.perItem.length > 0;
  }

  addAll(n: number): void {
    for (const i of this.whole) this.plain[i]! += n;
  }

  /** One item: its own attributes (grouping) and its context (conditions). */
  update(itemAttrs: readonly KeyValue[], c: ItemContext): void {
    for (const i of this.perItem) {
      const d = this.defs[i]!;
      if (d.neverCounted) continue;
      let key = '';
      let attrs: KeyValue[] | undefined;
      if (d.attrs.length > 0) {
        attrs = [];
        for (const a of d.attrs) {
          const v = groupValue(itemAttrs, a.key, a.def);
          // counter.go: an item lacking a grouping attribute that has no default is not counted.
          if (v === undefined) {
            attrs = undefined;
            break;
          }
          attrs.push(new KeyValue(a.key, v));
          key += valueKey(v);
        }
        if (attrs === undefined) continue;
      }
      if (d.condition !== undefined && !d.condition(c)) continue;
      let groups = this.groups[i];
      if (groups === undefined) this.groups[i] = groups = new Map();
      const g = groups.get(key);
      if (g) g.n++;
      else groups.set(key, { attrs: attrs ?? [], n: 1 });
    }
  }

  get empty(): boolean {
    return this.plain.every((n) => n === 0) && this.groups.every((g) => g === undefined);
  }

  appendTo(out: Metric[], now: bigint): void {
    this.defs.forEach((d, i) => {
      const groups = this.groups[i];
      const points: Group[] = groups ? [...groups.values()] : this.plain[i]! > 0 ? [{ attrs: [], n: this.plain[i]! }] : [];
      if (points.length === 0) return;
      const m = new Metric();
      m.name = d.name;
      m.description = d.description;
      const sum = new Sum();
      sum.isMonotonic = true;
      sum.aggregationTemporality = DELTA;
      for (const g of points) {
        const dp = new NumberDataPoint();
        dp.attributes = g.attrs;
        dp.value = BigInt(g.n);
        dp.timeUnixNano = now;
        sum.dataPoints.push(dp);
      }
      m.data = sum;
      out.push(m);
    });
  }
}

/**
 * The value counter.go groups by: an Int stays an Int, a Double a Double, anything else becomes
 * `Value.Str()`, which is the empty string for every non-string type (bool, bytes, map, slice).
 * An absent attribute takes the default (non-empty string, non-zero int or float) or is missing.
 */
function groupValue(attrs: readonly KeyValue[], key: string, def: string | bigint | number | undefined): AnyValue | undefined {
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    if (kv.key !== key) continue;
    const v = kv.value;
    return typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string' ? v : '';
  }
  return def;
}

function valueKey(v: AnyValue): string {
  return `${typeof v === 'bigint' ? 'i' : typeof v === 'number' ? 'd' : 's'}${String(v)}\u0000`;
}

function resourceMetrics(resource: Resource, counters: Counter[], now: bigint): ResourceMetrics | null {
  // connector.go: "don't add an empty resource".
  if (counters.every((c) => c.empty)) return null;
  const rm = new ResourceMetrics();
  rm.resource.attributes = resource.attributes.map((kv) => new KeyValue(kv.key, kv.value));
  const sm = new ScopeMetrics();
  sm.scope.name = SCOPE_NAME;
  for (const c of counters) c.appendTo(sm.metrics, now);
  rm.scopeMetrics.push(sm);
  return rm;
}

const countsWhole = (defs: readonly MetricDef[]): boolean => defs.every((d) => d.attrs.length === 0 && d.condition === undefined && !d.neverCounted);

export class CountDefinitions {
  readonly spans: MetricDef[];
  readonly spanevents: MetricDef[];
  readonly metrics: MetricDef[];
  readonly datapoints: MetricDef[];
  readonly logs: MetricDef[];
  constructor(cfg: CountConfig) {
    this.spans = metricDefs(cfg, 'spans');
    this.spanevents = metricDefs(cfg, 'spanevents');
    this.metrics = metricDefs(cfg, 'metrics');
    this.datapoints = metricDefs(cfg, 'datapoints');
    this.logs = metricDefs(cfg, 'logs');
    this.tracesWhole = countsWhole(this.spans) && countsWhole(this.spanevents);
    this.metricsWhole = countsWhole(this.metrics) && countsWhole(this.datapoints);
    this.logsWhole = countsWhole(this.logs);
  }
  /** Per signal: no count looks at an item, so the counts can come from the bytes (scan.ts). */
  readonly tracesWhole: boolean;
  readonly metricsWhole: boolean;
  readonly logsWhole: boolean;
}

/** Counts from the request bytes, per resource block; undefined when the decoded path must decide. */
function scanned(
  kinds: ReadonlyArray<readonly MetricDef[]>,
  data: Traces | Logs | Metrics,
  levels: readonly Levels[],
  now: () => bigint,
): ResourceMetrics[] | undefined {
  if (!data.hasProto() || data.isDecoded()) return undefined;
  const out: ResourceMetrics[] = [];
  for (const { resource, counts } of scanResources(data.toProto(), levels)) {
    // A metric without a data field fails the call (decoded path): counts[2] are the metrics with data.
    if (data.signal === 'metrics' && counts[0] !== counts[2]) return undefined;
    const counters = kinds.map((defs, i) => {
      const c = new Counter(defs);
      c.addAll(counts[i]!);
      return c;
    });
    const rm = resourceMetrics(resource, counters, now());
    if (rm) out.push(rm);
  }
  return out;
}

function countTraces(defs: CountDefinitions, data: Traces, now: () => bigint): ResourceMetrics[] {
  const out: ResourceMetrics[] = [];
  const c: ItemContext = { resource: undefined!, scope: undefined! };
  for (const rs of data.resourceSpans) {
    const spans = new Counter(defs.spans);
    const events = new Counter(defs.spanevents);
    const at = now();
    c.resource = rs.resource;
    for (const ss of rs.scopeSpans) {
      c.scope = ss.scope;
      spans.addAll(ss.spans.length);
      if (!spans.needsItems && !events.needsItems) {
        for (const span of ss.spans) events.addAll(span.events.length);
        continue;
      }
      for (const span of ss.spans) {
        c.span = span;
        c.event = undefined;
        if (spans.needsItems) spans.update(span.attributes, c);
        events.addAll(span.events.length);
        if (events.needsItems) {
          for (const ev of span.events) {
            c.event = ev;
            events.update(ev.attributes, c);
          }
        }
      }
    }
    const rm = resourceMetrics(rs.resource, [spans, events], at);
    if (rm) out.push(rm);
  }
  return out;
}

function countLogs(defs: CountDefinitions, data: Logs, now: () => bigint): ResourceMetrics[] {
  const out: ResourceMetrics[] = [];
  const c: ItemContext = { resource: undefined!, scope: undefined! };
  for (const rl of data.resourceLogs) {
    const logs = new Counter(defs.logs);
    const at = now();
    c.resource = rl.resource;
    for (const sl of rl.scopeLogs) {
      c.scope = sl.scope;
      logs.addAll(sl.logRecords.length);
      if (!logs.needsItems) continue;
      for (const lr of sl.logRecords) {
        c.log = lr;
        logs.update(lr.attributes, c);
      }
    }
    const rm = resourceMetrics(rl.resource, [logs], at);
    if (rm) out.push(rm);
  }
  return out;
}

const NO_ATTRIBUTES: readonly KeyValue[] = [];

function countMetrics(defs: CountDefinitions, data: Metrics, now: () => bigint): ResourceMetrics[] {
  const out: ResourceMetrics[] = [];
  const c: ItemContext = { resource: undefined!, scope: undefined! };
  const invalid: string[] = [];
  for (const rm of data.resourceMetrics) {
    const metrics = new Counter(defs.metrics);
    const points = new Counter(defs.datapoints);
    const at = now();
    c.resource = rm.resource;
    for (const sm of rm.scopeMetrics) {
      c.scope = sm.scope;
      metrics.addAll(sm.metrics.length);
      for (const m of sm.metrics) {
        c.metric = m;
        c.dp = undefined;
        if (metrics.needsItems) metrics.update(NO_ATTRIBUTES, c);
        // connector.go: a metric without data (MetricTypeEmpty) fails the whole call.
        if (m.data === null) {
          invalid.push(`metric ${JSON.stringify(m.name)}: invalid metric type: Empty`);
          continue;
        }
        points.addAll(m.data.dataPoints.length);
        if (!points.needsItems) continue;
        for (const dp of m.data.dataPoints) {
          c.dp = dp as ItemContext['dp'];
          points.update(dp.attributes, c);
        }
      }
    }
    const res = resourceMetrics(rm.resource, [metrics, points], at);
    if (res) out.push(res);
  }
  if (invalid.length) throw ConsumerError.permanent(invalid.join('; '));
  return out;
}

const clock = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** The counts of one payload as a Metrics payload (empty when nothing was counted). */
export function countPayload(defs: CountDefinitions, data: Payload, now: () => bigint = clock): Metrics {
  switch (data.signal) {
    case 'traces':
      return new Metrics(
        (defs.tracesWhole ? scanned([defs.spans, defs.spanevents], data, [SPANS, SPAN_EVENTS], now) : undefined) ?? countTraces(defs, data, now),
      );
    case 'logs':
      return new Metrics((defs.logsWhole ? scanned([defs.logs], data, [LOG_RECORDS], now) : undefined) ?? countLogs(defs, data, now));
    case 'metrics':
      return new Metrics(
        (defs.metricsWhole ? scanned([defs.metrics, defs.datapoints], data, [METRICS, DATA_POINTS, METRIC_DATA], now) : undefined) ??
          countMetrics(defs, data, now),
      );
  }
}

export class CountConnector implements Connector {
  readonly mutatesData = false;
  private readonly defs: CountDefinitions;

  constructor(
    cfg: CountConfig,
    private readonly next: Consumer,
  ) {
    this.defs = new CountDefinitions(cfg);
  }

  async consume(data: Payload, rctx: RequestContext): Promise<void> {
    // connector.go hands the (possibly empty) Metrics on at every call.
    await this.next.consume(countPayload(this.defs, data), rctx);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
