// Test payloads for the debug, logging and file exporter tests: the same content as the Go
// collector's pdata/testdata generators (GenerateTraces, GenerateLogs, GenerateMetricsAllTypes),
// so the expected text can be checked against what Go prints for them.

import {
  ExponentialHistogram,
  ExponentialHistogramDataPoint,
  Exemplar,
  Gauge,
  Histogram,
  HistogramDataPoint,
  KeyValue,
  LogRecord,
  Logs,
  Metric,
  Metrics,
  NumberDataPoint,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  Sum,
  Summary,
  SummaryDataPoint,
  Traces,
  ValueAtQuantile,
  idFromHex,
  intValue,
} from '../../../pdata/index.js';

/** Nanoseconds of 2020-02-11T20:26:<sec>Z plus `ns`. */
const at = (sec: number, ns: number): bigint => BigInt(Date.UTC(2020, 1, 11, 20, 26, sec)) * 1_000_000n + BigInt(ns);
const START = at(12, 321);
const EVENT = at(13, 123);
const END = at(13, 789);

const attrs = (o: Record<string, string | bigint | number | boolean>): KeyValue[] => Object.entries(o).map(([k, v]) => new KeyValue(k, v));
const TRACE_ID = idFromHex('0102030405060708090a0b0c0d0e0f10');
const SPAN_ID = idFromHex('1112131415161718');

function resourceAttrs(): KeyValue[] {
  return attrs({ 'resource-attr': 'resource-attr-val-1' });
}

/** GenerateTraces(n): spans alternate between operationA and operationB. */
export function goTraces(n: number): Traces {
  const rs = new ResourceSpans();
  rs.resource.attributes = resourceAttrs();
  const ss = new ScopeSpans();
  rs.scopeSpans.push(ss);
  for (let i = 0; i < n; i++) {
    const span = new Span();
    span.startTimeUnixNano = START;
    span.endTimeUnixNano = END;
    if (i % 2 === 0) {
      span.name = 'operationA';
      span.droppedAttributesCount = 1;
      span.traceState = 'ot=th:0';
      span.traceId = TRACE_ID;
      span.spanId = SPAN_ID;
      const ev0 = new SpanEvent();
      ev0.timeUnixNano = EVENT;
      ev0.name = 'event-with-attr';
      ev0.attributes = attrs({ 'span-event-attr': 'span-event-attr-val' });
      ev0.droppedAttributesCount = 2;
      const ev1 = new SpanEvent();
      ev1.timeUnixNano = EVENT;
      ev1.name = 'event';
      ev1.droppedAttributesCount = 2;
      span.events = [ev0, ev1];
      span.droppedEventsCount = 1;
      span.status.code = 2;
      span.status.message = 'status-cancelled';
    } else {
      span.name = 'operationB';
      const l0 = new SpanLink();
      l0.attributes = attrs({ 'span-link-attr': 'span-link-attr-val' });
      l0.droppedAttributesCount = 4;
      const l1 = new SpanLink();
      l1.droppedAttributesCount = 4;
      span.links = [l0, l1];
      span.droppedLinksCount = 3;
    }
    ss.spans.push(span);
  }
  return new Traces([rs]);
}

/** GenerateLogs(n). */
export function goLogs(n: number): Logs {
  const rl = new ResourceLogs();
  rl.resource.attributes = resourceAttrs();
  const sl = new ScopeLogs();
  rl.scopeLogs.push(sl);
  for (let i = 0; i < n; i++) {
    const lr = new LogRecord();
    lr.timeUnixNano = END;
    lr.droppedAttributesCount = 1;
    lr.severityNumber = 9;
    lr.severityText = 'Info';
    if (i % 2 === 0) {
      lr.spanId = idFromHex('0102040800000000');
      lr.traceId = idFromHex('08040201000000000000000000000000');
      lr.attributes = attrs({ app: 'server', instance_num: intValue(1) });
      lr.body = 'This is a log message';
    } else {
      lr.attributes = attrs({ customer: 'acme', env: 'dev' });
      lr.body = 'something happened';
    }
    sl.logRecords.push(lr);
  }
  return new Logs([rl]);
}

const A1 = () => attrs({ 'label-1': 'label-value-1' });
const A2 = () => attrs({ 'label-2': 'label-value-2' });
const A12 = () => attrs({ 'label-1': 'label-value-1', 'label-2': 'label-value-2' });
const A13 = () => attrs({ 'label-1': 'label-value-1', 'label-3': 'label-value-3' });

function point<P extends { attributes: KeyValue[]; startTimeUnixNano: bigint; timeUnixNano: bigint }>(p: P, a: KeyValue[]): P {
  p.attributes = a;
  p.startTimeUnixNano = START;
  p.timeUnixNano = END;
  return p;
}

function numberPoint(a: KeyValue[], value: number | bigint): NumberDataPoint {
  const p = point(new NumberDataPoint(), a);
  p.value = value;
  return p;
}

function exemplar(value: number | bigint): Exemplar {
  const e = new Exemplar();
  e.traceId = TRACE_ID;
  e.spanId = SPAN_ID;
  e.timeUnixNano = EVENT;
  e.value = value;
  e.filteredAttributes = attrs({ 'exemplar-attachment': 'exemplar-attachment-value' });
  return e;
}

function metric(name: string, data: Metric['data']): Metric {
  const m = new Metric();
  m.name = name;
  m.unit = '1';
  m.data = data;
  return m;
}

function gaugeInt(): Metric {
  const g = new Gauge();
  g.dataPoints = [numberPoint(A1(), 123n), numberPoint(A2(), 456n)];
  return metric('gauge-int', g);
}

function gaugeDouble(): Metric {
  const g = new Gauge();
  g.dataPoints = [numberPoint(A12(), 1.23), numberPoint(A13(), 4.56)];
  return metric('gauge-double', g);
}

function sum(name: string, points: NumberDataPoint[]): Metric {
  const s = new Sum();
  s.isMonotonic = true;
  s.aggregationTemporality = 2;
  s.dataPoints = points;
  return metric(name, s);
}

function histogram(): Metric {
  const h = new Histogram();
  h.aggregationTemporality = 2;
  const p0 = point(new HistogramDataPoint(), A13());
  p0.count = 1n;
  p0.sum = 15;
  const p1 = point(new HistogramDataPoint(), A2());
  p1.count = 1n;
  p1.sum = 15;
  p1.min = 15;
  p1.max = 15;
  p1.bucketCounts = [0n, 1n];
  p1.exemplars = [exemplar(15)];
  p1.explicitBounds = [1];
  h.dataPoints = [p0, p1];
  return metric('histogram', h);
}

function exponentialHistogram(): Metric {
  const h = new ExponentialHistogram();
  h.aggregationTemporality = 1;
  const p0 = point(new ExponentialHistogramDataPoint(), A13());
  p0.count = 5n;
  p0.sum = 0.15;
  p0.zeroCount = 1n;
  p0.scale = 1;
  p0.positive.offset = 1;
  p0.positive.bucketCounts = [1n, 1n];
  p0.negative.offset = -1;
  p0.negative.bucketCounts = [1n, 1n];
  const p1 = point(new ExponentialHistogramDataPoint(), A2());
  p1.count = 3n;
  p1.sum = 1.25;
  p1.min = 0;
  p1.max = 1;
  p1.zeroCount = 1n;
  p1.scale = -1;
  p1.positive.offset = -1;
  p1.positive.bucketCounts = [1n, 1n];
  p1.exemplars = [exemplar(15n)];
  h.dataPoints = [p0, p1];
  return metric('exponential-histogram', h);
}

function summary(): Metric {
  const s = new Summary();
  const p0 = point(new SummaryDataPoint(), A13());
  p0.count = 1n;
  p0.sum = 15;
  const p1 = point(new SummaryDataPoint(), A2());
  p1.count = 1n;
  p1.sum = 15;
  const q = new ValueAtQuantile();
  q.quantile = 0.01;
  q.value = 15;
  p1.quantileValues = [q];
  s.dataPoints = [p0, p1];
  return metric('summary', s);
}

function metricsOf(list: Metric[]): Metrics {
  const rm = new ResourceMetrics();
  rm.resource.attributes = resourceAttrs();
  const sm = new ScopeMetrics();
  sm.metrics = list;
  rm.scopeMetrics.push(sm);
  return new Metrics([rm]);
}

/** GenerateMetricsAllTypes(): one metric of each type, two data points each. */
export function goMetricsAllTypes(): Metrics {
  return metricsOf([
    gaugeInt(),
    gaugeDouble(),
    sum('sum-int', [numberPoint(A1(), 123n), numberPoint(A2(), 456n)]),
    sum('sum-double', [numberPoint(A12(), 1.23), numberPoint(A13(), 4.56)]),
    histogram(),
    exponentialHistogram(),
    summary(),
  ]);
}

/** GenerateMetrics(2): gauge-int and gauge-double. */
export function goMetrics2(): Metrics {
  return metricsOf([gaugeInt(), gaugeDouble()]);
}
