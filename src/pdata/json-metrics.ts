// OTLP/JSON for metrics (rules in json-common.ts).

import {
  arr,
  bool,
  enumValue,
  f64,
  hexId,
  i32,
  i64,
  jAttrs,
  jId,
  jNum,
  jStr,
  jU64,
  keyValuesFromJSON,
  members,
  numJSON,
  obj,
  resourceFromJSON,
  scopeFromJSON,
  str,
  topArray,
  u32,
  u64,
  type JObj,
  envelopeToJSON,
} from './json-common.js';
import {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogram,
  ExponentialHistogramDataPoint,
  Gauge,
  Histogram,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
  Summary,
  SummaryDataPoint,
  ValueAtQuantile,
  type MetricData,
} from './metric-model.js';

const TEMPORALITY_NAMES: Readonly<Record<string, number>> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/** Looks a field up by its lowerCamelCase or snake_case name. */
function field(o: JObj, camel: string, snake: string): unknown {
  return o[camel] !== undefined ? o[camel] : o[snake];
}

export function metricsFromJSON(text: string | Uint8Array): ResourceMetrics[] {
  return topArray(text, 'resourceMetrics', 'resource_metrics').map((v) => {
    const o = obj(v, 'resourceMetrics');
    const rm = new ResourceMetrics();
    rm.resource = resourceFromJSON(o['resource']);
    rm.schemaUrl = str(field(o, 'schemaUrl', 'schema_url'), 'resourceMetrics.schemaUrl');
    rm.scopeMetrics = arr(field(o, 'scopeMetrics', 'scope_metrics'), 'scopeMetrics').map((sv) => {
      const so = obj(sv, 'scopeMetrics');
      const sm = new ScopeMetrics();
      sm.scope = scopeFromJSON(so['scope']);
      sm.schemaUrl = str(field(so, 'schemaUrl', 'schema_url'), 'scopeMetrics.schemaUrl');
      sm.metrics = arr(so['metrics'], 'metrics').map(metricFromJSON);
      return sm;
    });
    return rm;
  });
}

function metricFromJSON(v: unknown): Metric {
  const o = obj(v, 'metric');
  const m = new Metric();
  m.name = str(o['name'], 'metric.name');
  m.description = str(o['description'], 'metric.description');
  m.unit = str(o['unit'], 'metric.unit');
  m.metadata = keyValuesFromJSON(o['metadata'], 'metric.metadata');
  for (const k in o) {
    const x = o[k];
    if (k === 'gauge') {
      const g = new Gauge();
      g.dataPoints = dps(x, 'gauge').map(numberDpFromJSON);
      m.data = g;
    } else if (k === 'sum') {
      const so = obj(x, 'sum');
      const s = new Sum();
      s.dataPoints = dps(so, 'sum').map(numberDpFromJSON);
      s.aggregationTemporality = temporality(so, 'sum');
      s.isMonotonic = bool(field(so, 'isMonotonic', 'is_monotonic'), 'sum.isMonotonic');
      m.data = s;
    } else if (k === 'histogram') {
      const h = new Histogram();
      h.dataPoints = dps(x, 'histogram').map(histogramDpFromJSON);
      h.aggregationTemporality = temporality(obj(x, 'histogram'), 'histogram');
      m.data = h;
    } else if (k === 'exponentialHistogram' || k === 'exponential_histogram') {
      const h = new ExponentialHistogram();
      h.dataPoints = dps(x, 'exponentialHistogram').map(expHistogramDpFromJSON);
      h.aggregationTemporality = temporality(obj(x, 'exponentialHistogram'), 'exponentialHistogram');
      m.data = h;
    } else if (k === 'summary') {
      const s = new Summary();
      s.dataPoints = dps(x, 'summary').map(summaryDpFromJSON);
      m.data = s;
    }
  }
  return m;
}

function dps(v: unknown, what: string): unknown[] {
  return arr(field(obj(v, what), 'dataPoints', 'data_points'), `${what}.dataPoints`);
}

function temporality(o: JObj, what: string): number {
  return enumValue(field(o, 'aggregationTemporality', 'aggregation_temporality'), TEMPORALITY_NAMES, `${what}.aggregationTemporality`);
}

/** Fields every data point kind shares. */
function common(o: JObj, p: { attributes: unknown; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number }, what: string): void {
  p.attributes = keyValuesFromJSON(o['attributes'], `${what}.attributes`);
  p.startTimeUnixNano = u64(field(o, 'startTimeUnixNano', 'start_time_unix_nano'), `${what}.startTimeUnixNano`);
  p.timeUnixNano = u64(field(o, 'timeUnixNano', 'time_unix_nano'), `${what}.timeUnixNano`);
  p.flags = u32(o['flags'], `${what}.flags`);
}

function numberValue(o: JObj, what: string): number | bigint | null {
  const i = field(o, 'asInt', 'as_int');
  if (i !== undefined && i !== null) return i64(i, `${what}.asInt`);
  const d = field(o, 'asDouble', 'as_double');
  if (d !== undefined && d !== null) return f64(d, `${what}.asDouble`);
  return null;
}

function optDouble(v: unknown, what: string): number | null {
  return v === undefined || v === null ? null : f64(v, what);
}

function exemplarsFromJSON(o: JObj, what: string): Exemplar[] {
  return arr(o['exemplars'], `${what}.exemplars`).map((v) => {
    const xo = obj(v, 'exemplar');
    const x = new Exemplar();
    x.filteredAttributes = keyValuesFromJSON(field(xo, 'filteredAttributes', 'filtered_attributes'), 'exemplar.filteredAttributes');
    x.timeUnixNano = u64(field(xo, 'timeUnixNano', 'time_unix_nano'), 'exemplar.timeUnixNano');
    x.value = numberValue(xo, 'exemplar');
    x.spanId = hexId(field(xo, 'spanId', 'span_id'), 8, 'exemplar.spanId');
    x.traceId = hexId(field(xo, 'traceId', 'trace_id'), 16, 'exemplar.traceId');
    return x;
  });
}

function numberDpFromJSON(v: unknown): NumberDataPoint {
  const o = obj(v, 'dataPoint');
  const p = new NumberDataPoint();
  common(o, p, 'dataPoint');
  p.value = numberValue(o, 'dataPoint');
  p.exemplars = exemplarsFromJSON(o, 'dataPoint');
  return p;
}

function histogramDpFromJSON(v: unknown): HistogramDataPoint {
  const o = obj(v, 'dataPoint');
  const p = new HistogramDataPoint();
  common(o, p, 'dataPoint');
  p.count = u64(o['count'], 'dataPoint.count');
  p.sum = optDouble(o['sum'], 'dataPoint.sum');
  p.bucketCounts = arr(field(o, 'bucketCounts', 'bucket_counts'), 'dataPoint.bucketCounts').map((x) => u64(x, 'dataPoint.bucketCounts'));
  p.explicitBounds = arr(field(o, 'explicitBounds', 'explicit_bounds'), 'dataPoint.explicitBounds').map((x) => f64(x, 'dataPoint.explicitBounds'));
  p.exemplars = exemplarsFromJSON(o, 'dataPoint');
  p.min = optDouble(o['min'], 'dataPoint.min');
  p.max = optDouble(o['max'], 'dataPoint.max');
  return p;
}

function bucketsFromJSON(v: unknown, what: string): ExponentialBuckets {
  const o = obj(v, what);
  const b = new ExponentialBuckets();
  b.offset = i32(o['offset'], `${what}.offset`);
  b.bucketCounts = arr(field(o, 'bucketCounts', 'bucket_counts'), `${what}.bucketCounts`).map((x) => u64(x, `${what}.bucketCounts`));
  return b;
}

function expHistogramDpFromJSON(v: unknown): ExponentialHistogramDataPoint {
  const o = obj(v, 'dataPoint');
  const p = new ExponentialHistogramDataPoint();
  common(o, p, 'dataPoint');
  p.count = u64(o['count'], 'dataPoint.count');
  p.sum = optDouble(o['sum'], 'dataPoint.sum');
  p.scale = i32(o['scale'], 'dataPoint.scale');
  p.zeroCount = u64(field(o, 'zeroCount', 'zero_count'), 'dataPoint.zeroCount');
  p.positive = bucketsFromJSON(o['positive'], 'dataPoint.positive');
  p.negative = bucketsFromJSON(o['negative'], 'dataPoint.negative');
  p.exemplars = exemplarsFromJSON(o, 'dataPoint');
  p.min = optDouble(o['min'], 'dataPoint.min');
  p.max = optDouble(o['max'], 'dataPoint.max');
  p.zeroThreshold = f64(field(o, 'zeroThreshold', 'zero_threshold'), 'dataPoint.zeroThreshold');
  return p;
}

function summaryDpFromJSON(v: unknown): SummaryDataPoint {
  const o = obj(v, 'dataPoint');
  const p = new SummaryDataPoint();
  common(o, p, 'dataPoint');
  p.count = u64(o['count'], 'dataPoint.count');
  p.sum = f64(o['sum'], 'dataPoint.sum');
  p.quantileValues = arr(field(o, 'quantileValues', 'quantile_values'), 'dataPoint.quantileValues').map((x) => {
    const qo = obj(x, 'quantileValue');
    const q = new ValueAtQuantile();
    q.quantile = f64(qo['quantile'], 'quantileValue.quantile');
    q.value = f64(qo['value'], 'quantileValue.value');
    return q;
  });
  return p;
}

// ---- encode ----

export function metricsToJSON(list: readonly ResourceMetrics[]): string {
  const keys = { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' };
  return envelopeToJSON(
    keys,
    list,
    (r) => r.scopeMetrics,
    (s) => s.metrics,
    metricToJSON,
  );
}

const jDbl = (name: string, v: number): string | undefined => (v === 0 && !Object.is(v, -0) ? undefined : `"${name}":${numJSON(v)}`);
const jOptDbl = (name: string, v: number | null): string | undefined => (v === null ? undefined : `"${name}":${numJSON(v)}`);
const jValue = (v: number | bigint | null): string | undefined =>
  v === null ? undefined : typeof v === 'bigint' ? `"asInt":"${v}"` : `"asDouble":${numJSON(v)}`;

function metricToJSON(m: Metric): string {
  return members([
    jStr('name', m.name),
    jStr('description', m.description),
    jStr('unit', m.unit),
    dataToJSON(m.data),
    jAttrs('metadata', m.metadata),
  ]);
}

function dataToJSON(d: MetricData | null): string | undefined {
  if (d === null) return undefined;
  switch (d.type) {
    case 'Gauge':
      return `"gauge":${members([pointsJSON(d.dataPoints, numberDpToJSON)])}`;
    case 'Sum':
      return `"sum":${members([pointsJSON(d.dataPoints, numberDpToJSON), jNum('aggregationTemporality', d.aggregationTemporality), d.isMonotonic ? '"isMonotonic":true' : undefined])}`;
    case 'Histogram':
      return `"histogram":${members([pointsJSON(d.dataPoints, histogramDpToJSON), jNum('aggregationTemporality', d.aggregationTemporality)])}`;
    case 'ExponentialHistogram':
      return `"exponentialHistogram":${members([pointsJSON(d.dataPoints, expHistogramDpToJSON), jNum('aggregationTemporality', d.aggregationTemporality)])}`;
    case 'Summary':
      return `"summary":${members([pointsJSON(d.dataPoints, summaryDpToJSON)])}`;
  }
}

function pointsJSON<T>(points: readonly T[], fn: (p: T) => string): string | undefined {
  return points.length === 0 ? undefined : `"dataPoints":[${points.map(fn).join(',')}]`;
}

function exemplarsJSON(xs: readonly Exemplar[]): string | undefined {
  if (xs.length === 0) return undefined;
  return `"exemplars":[${xs
    .map((x) =>
      members([
        jAttrs('filteredAttributes', x.filteredAttributes),
        jU64('timeUnixNano', x.timeUnixNano),
        jValue(x.value),
        jId('spanId', x.spanId),
        jId('traceId', x.traceId),
      ]),
    )
    .join(',')}]`;
}

function numberDpToJSON(p: NumberDataPoint): string {
  return members([
    jAttrs('attributes', p.attributes),
    jU64('startTimeUnixNano', p.startTimeUnixNano),
    jU64('timeUnixNano', p.timeUnixNano),
    jValue(p.value),
    exemplarsJSON(p.exemplars),
    jNum('flags', p.flags),
  ]);
}

function histogramDpToJSON(p: HistogramDataPoint): string {
  return members([
    jAttrs('attributes', p.attributes),
    jU64('startTimeUnixNano', p.startTimeUnixNano),
    jU64('timeUnixNano', p.timeUnixNano),
    jU64('count', p.count),
    jOptDbl('sum', p.sum),
    p.bucketCounts.length ? `"bucketCounts":[${p.bucketCounts.map((c) => `"${c}"`).join(',')}]` : undefined,
    p.explicitBounds.length ? `"explicitBounds":[${p.explicitBounds.map(numJSON).join(',')}]` : undefined,
    exemplarsJSON(p.exemplars),
    jNum('flags', p.flags),
    jOptDbl('min', p.min),
    jOptDbl('max', p.max),
  ]);
}

function bucketsJSON(name: string, b: ExponentialBuckets): string | undefined {
  if (b.offset === 0 && b.bucketCounts.length === 0) return undefined;
  return `"${name}":${members([jNum('offset', b.offset), b.bucketCounts.length ? `"bucketCounts":[${b.bucketCounts.map((c) => `"${c}"`).join(',')}]` : undefined])}`;
}

function expHistogramDpToJSON(p: ExponentialHistogramDataPoint): string {
  return members([
    jAttrs('attributes', p.attributes),
    jU64('startTimeUnixNano', p.startTimeUnixNano),
    jU64('timeUnixNano', p.timeUnixNano),
    jU64('count', p.count),
    jOptDbl('sum', p.sum),
    jNum('scale', p.scale),
    jU64('zeroCount', p.zeroCount),
    bucketsJSON('positive', p.positive),
    bucketsJSON('negative', p.negative),
    jNum('flags', p.flags),
    exemplarsJSON(p.exemplars),
    jOptDbl('min', p.min),
    jOptDbl('max', p.max),
    jDbl('zeroThreshold', p.zeroThreshold),
  ]);
}

function summaryDpToJSON(p: SummaryDataPoint): string {
  return members([
    jAttrs('attributes', p.attributes),
    jU64('startTimeUnixNano', p.startTimeUnixNano),
    jU64('timeUnixNano', p.timeUnixNano),
    jU64('count', p.count),
    jDbl('sum', p.sum),
    p.quantileValues.length
      ? `"quantileValues":[${p.quantileValues.map((q) => members([jDbl('quantile', q.quantile), jDbl('value', q.value)])).join(',')}]`
      : undefined,
    jNum('flags', p.flags),
  ]);
}
