import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Gauge,
  Histogram,
  HistogramDataPoint,
  KeyValue,
  LogRecord,
  Metric,
  NumberDataPoint,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Span,
  Summary,
  SummaryDataPoint,
  ValueAtQuantile,
  idFromHex,
  intValue,
} from '../../../pdata/index.js';
import { logsToNormal, metricsToNormal, tracesToNormal } from './normal.js';

const kv = (k: string, v: string | boolean | number | bigint) => new KeyValue(k, v);

function withResourceAndScope<
  R extends { schemaUrl: string; resource: { attributes: KeyValue[] } },
  S extends { schemaUrl: string; scope: { name: string; version: string; attributes: KeyValue[] } },
>(r: R, s: S): void {
  r.schemaUrl = 'https://opentelemetry.io/resource-schema-url';
  r.resource.attributes = [kv('resourceKey1', 'resourceValue1'), kv('resourceKey2', false)];
  s.schemaUrl = 'http://opentelemetry.io/scope-schema-url';
  s.scope.name = 'scope-name';
  s.scope.version = '1.2.3';
  s.scope.attributes = [kv('scopeKey1', 'scopeValue1'), kv('scopeKey2', true)];
}

test('normal traces: one line per span with resource and scope details', () => {
  const rs = new ResourceSpans();
  const ss = new ScopeSpans();
  withResourceAndScope(rs, ss);
  const span = new Span();
  span.name = 'span-name';
  span.traceId = idFromHex('0102030405060708090a0b0c0d0e0f10');
  span.spanId = idFromHex('1112131415161718');
  span.attributes = [kv('key1', 'value1'), kv('key2', 'value2')];
  ss.spans.push(span);
  rs.scopeSpans.push(ss);
  const bare = new ResourceSpans();
  const named0 = new ScopeSpans();
  named0.scope.name = 'scope-zero';
  const named1 = new ScopeSpans();
  named1.scope.name = 'scope-one';
  bare.scopeSpans.push(named0, named1);
  assert.equal(
    tracesToNormal([rs, bare]),
    'ResourceTraces #0 [https://opentelemetry.io/resource-schema-url] resourceKey1=resourceValue1 resourceKey2=false\n' +
      'ScopeTraces #0 scope-name@1.2.3 [http://opentelemetry.io/scope-schema-url] scopeKey1=scopeValue1 scopeKey2=true\n' +
      'span-name 0102030405060708090a0b0c0d0e0f10 1112131415161718 key1=value1 key2=value2\n' +
      'ResourceTraces #1\nScopeTraces #0 scope-zero\nScopeTraces #1 scope-one\n',
  );
  assert.equal(tracesToNormal([]), '');
});

test('normal logs: body then attributes, a trailing space when there are none', () => {
  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  withResourceAndScope(rl, sl);
  const a = new LogRecord();
  a.body = 'Single line log message';
  a.attributes = [kv('key1', 'value1'), kv('key2', 'value2')];
  const b = new LogRecord();
  b.body = 'Multi-line\nlog message';
  const c = new LogRecord();
  c.body = intValue(42);
  sl.logRecords.push(a, b, c);
  rl.scopeLogs.push(sl);
  assert.equal(
    logsToNormal([rl]),
    'ResourceLog #0 [https://opentelemetry.io/resource-schema-url] resourceKey1=resourceValue1 resourceKey2=false\n' +
      'ScopeLog #0 scope-name@1.2.3 [http://opentelemetry.io/scope-schema-url] scopeKey1=scopeValue1 scopeKey2=true\n' +
      'Single line log message key1=value1 key2=value2\n' +
      'Multi-line\nlog message \n' +
      '42 \n',
  );
});

function metricOf(name: string, data: Metric['data']): Metric {
  const m = new Metric();
  m.name = name;
  m.data = data;
  return m;
}

test('normal metrics: one line per data point in Go %v number format', () => {
  const g = new Gauge();
  const p = new NumberDataPoint();
  p.attributes = [kv('state', 'free'), kv('cpu', intValue(8))];
  p.value = 78.901234567;
  const big = new NumberDataPoint();
  big.value = 1234567.5;
  const none = new NumberDataPoint();
  g.dataPoints = [p, big, none];

  const h = new Histogram();
  const hp = new HistogramDataPoint();
  hp.attributes = [kv('http.response.status_code', intValue(200)), kv('http.request.method', 'GET')];
  hp.count = 1340n;
  hp.sum = 99.573;
  hp.min = 0.017;
  hp.max = 8.13;
  hp.explicitBounds = [0.125, 0.5, 1, 3];
  hp.bucketCounts = [1324n, 13n, 0n, 2n, 1n];
  h.dataPoints = [hp];

  const s = new Summary();
  const sp = new SummaryDataPoint();
  sp.count = 1340n;
  sp.sum = 99.573;
  const q = new ValueAtQuantile();
  q.quantile = 0.01;
  q.value = 15;
  sp.quantileValues = [q];
  s.dataPoints = [sp];

  const rm = new ResourceMetrics();
  const sm = new ScopeMetrics();
  sm.metrics = [metricOf('system.cpu.utilization', g), metricOf('http.server.request.duration', h), metricOf('summary', s)];
  rm.scopeMetrics.push(sm);
  assert.equal(
    metricsToNormal([rm]),
    'ResourceMetrics #0\nScopeMetrics #0\n' +
      'system.cpu.utilization{state=free,cpu=8} 78.901234567\n' +
      'system.cpu.utilization{} 1.2345675e+06\n' +
      'system.cpu.utilization{} \n' +
      'http.server.request.duration{http.response.status_code=200,http.request.method=GET} count=1340 sum=99.573 min=0.017 max=8.13 le0.125=1324 le0.5=13 le1=0 le3=2 1\n' +
      'summary{} count=1340 sum=99.573000 q0.01=15\n',
  );
});
