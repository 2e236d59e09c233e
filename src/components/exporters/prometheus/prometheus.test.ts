import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { DecodeContext } from '../../../core/schema.js';
import {
  Gauge,
  Histogram,
  HistogramDataPoint,
  KeyValue,
  Metric,
  Metrics,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
} from '../../../pdata/index.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { testHost } from '../../../testing/host.js';
import { prometheusConfig, validatePrometheus, type PrometheusConfig } from './config.js';
import { createPrometheusExporter } from './exporter.js';
import { prometheusExporterFactory } from './factory.js';

const logger = pino({ level: 'silent' });

function decode(user: unknown): PrometheusConfig {
  const ctx = new DecodeContext();
  const cfg = prometheusConfig.decode(user, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

function scrape(address: string, path = '/metrics', headers: Record<string, string> = {}) {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise<{ status: number; type: string | undefined; encoding: string | undefined; raw: Buffer; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({
          status: res.statusCode!,
          type: res.headers['content-type'],
          encoding: res.headers['content-encoding'],
          raw,
          body: raw.toString('utf8'),
        });
      });
    })
      .on('error', reject)
      .end();
  });
}

function point(value: number | bigint, attrs: Record<string, string> = {}): NumberDataPoint {
  const p = new NumberDataPoint();
  p.value = value;
  p.attributes = Object.entries(attrs).map(([k, v]) => new KeyValue(k, v));
  return p;
}

function payload(metrics: Metric[]): Metrics {
  const rm = new ResourceMetrics();
  rm.resource.attributes = [
    new KeyValue('service.name', 'api'),
    new KeyValue('service.namespace', 'shop'),
    new KeyValue('service.instance.id', 'i-1'),
  ];
  const sm = new ScopeMetrics();
  sm.metrics = metrics;
  rm.scopeMetrics = [sm];
  return new Metrics([rm]);
}

function deltaCounter(value: bigint): Metric {
  const m = new Metric();
  m.name = 'http.server.requests';
  m.description = 'Requests served';
  const sum = new Sum();
  sum.isMonotonic = true;
  sum.aggregationTemporality = 1;
  sum.dataPoints = [point(value, { 'http.method': 'GET' })];
  m.data = sum;
  return m;
}

function gauge(value: number): Metric {
  const m = new Metric();
  m.name = 'queue.depth';
  m.description = 'Items waiting';
  const g = new Gauge();
  g.dataPoints = [point(value)];
  m.data = g;
  return m;
}

function histogram(): Metric {
  const m = new Metric();
  m.name = 'latency';
  m.description = 'Latency';
  const h = new Histogram();
  h.aggregationTemporality = 2;
  const p = new HistogramDataPoint();
  p.explicitBounds = [0.1, 1];
  p.bucketCounts = [2n, 3n, 1n];
  p.count = 6n;
  p.sum = 4.5;
  h.dataPoints = [p];
  m.data = h;
  return m;
}

async function withExporter(
  user: Record<string, unknown>,
  now: () => number,
  fn: (address: string, consume: (m: Metrics) => Promise<void>) => Promise<void>,
) {
  const cfg = decode({ endpoint: '127.0.0.1:0', ...user });
  const exp = createPrometheusExporter({ id: 'prometheus', kind: 'exporter', logger, telemetry: new MetricsRegistry() }, cfg, now);
  await exp.start(testHost());
  try {
    await fn(exp.address!, (m) => exp.consume(m, {}));
  } finally {
    await exp.shutdown();
  }
}

test('delta monotonic sums add up into a _total counter; gauge and histogram are served', async () => {
  await withExporter({ namespace: 'app', const_labels: { env: 'prod' } }, Date.now, async (address, consume) => {
    await consume(payload([deltaCounter(3n), gauge(7), histogram()]));
    await consume(payload([deltaCounter(4n), gauge(5)]));
    const res = await scrape(address);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/plain; version=0.0.4; charset=utf-8; escaping=underscores');
    const scope = 'otel_scope_name="",otel_scope_schema_url="",otel_scope_version=""';
    const labels = `env="prod",instance="i-1",job="shop/api",${scope}`;
    assert.equal(
      res.body,
      [
        '# HELP app_http_server_requests_total Requests served',
        '# TYPE app_http_server_requests_total counter',
        `app_http_server_requests_total{env="prod",http_method="GET",instance="i-1",job="shop/api",${scope}} 7`,
        '# HELP app_latency Latency',
        '# TYPE app_latency histogram',
        `app_latency_bucket{${labels},le="0.1"} 2`,
        `app_latency_bucket{${labels},le="1"} 5`,
        `app_latency_bucket{${labels},le="+Inf"} 6`,
        `app_latency_sum{${labels}} 4.5`,
        `app_latency_count{${labels}} 6`,
        '# HELP app_queue_depth Items waiting',
        '# TYPE app_queue_depth gauge',
        `app_queue_depth{${labels}} 5`,
        // Go serves target_info for every job+instance, even without other resource attributes.
        '# HELP app_target_info Target metadata',
        '# TYPE app_target_info gauge',
        'app_target_info{instance="i-1",job="shop/api"} 1',
        '',
      ].join('\n'),
    );
    assert.equal((await scrape(address, '/other')).status, 404);
  });
});

test('series not updated within metric_expiration are dropped', async () => {
  let clock = 1_000_000;
  await withExporter(
    { metric_expiration: '50ms' },
    () => clock,
    async (address, consume) => {
      await consume(payload([gauge(1), deltaCounter(2n)]));
      clock += 40;
      await consume(payload([gauge(2)]));
      let body = (await scrape(address)).body;
      assert.match(body, /^queue_depth\{instance="i-1",job="shop\/api",otel_scope_name="",otel_scope_schema_url="",otel_scope_version=""\} 2$/m);
      assert.match(body, /^http_server_requests_total\{/m);
      clock += 30;
      body = (await scrape(address)).body;
      assert.match(body, /^queue_depth\{/m);
      assert.doesNotMatch(body, /http_server_requests_total/);
      clock += 60;
      assert.equal((await scrape(address)).body, '');
    },
  );
});

test('config: endpoint required, Go defaults, leader placement', () => {
  const cfg = decode({});
  assert.equal(cfg.metric_expiration, 300_000);
  assert.equal(cfg.add_metric_suffixes, true);
  assert.equal(cfg.send_timestamps, false);
  assert.deepEqual(
    validatePrometheus(cfg).map((i) => i.message),
    ['expecting a non-blank address to run the Prometheus metrics handler'],
  );
  assert.deepEqual(validatePrometheus(decode({ endpoint: ':1234', enable_open_metrics: true })), []);
  assert.equal(prometheusExporterFactory.placement, 'leader');
});

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

test('content negotiation over HTTP: OpenMetrics only when enabled and asked for; gzip when asked', async () => {
  await withExporter({ enable_open_metrics: true }, Date.now, async (address, consume) => {
    await consume(payload([deltaCounter(3n)]));
    const om = await scrape(address, '/metrics', { accept: PROMETHEUS_ACCEPT });
    assert.equal(om.type, 'application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores');
    assert.match(om.body, /^# TYPE http_server_requests counter$/m);
    assert.match(om.body, /^http_server_requests_total\{.*\} 3\.0$/m);
    assert.ok(om.body.endsWith('# EOF\n'));
    const om001 = await scrape(address, '/metrics', { accept: 'application/openmetrics-text' });
    assert.equal(om001.type, 'application/openmetrics-text; version=0.0.1; charset=utf-8; escaping=underscores');
    const text = await scrape(address, '/metrics', { accept: 'text/plain;version=0.0.4,application/openmetrics-text;q=0.5' });
    assert.equal(text.type, 'text/plain; version=0.0.4; charset=utf-8; escaping=underscores');
    assert.match(text.body, /^http_server_requests_total\{.*\} 3$/m);
    const gz = await scrape(address, '/metrics', { 'accept-encoding': 'gzip' });
    assert.equal(gz.encoding, 'gzip');
    assert.equal(gunzipSync(gz.raw).toString('utf8'), text.body);
    assert.equal((await scrape(address, '/metrics', { 'accept-encoding': 'gzip;q=0' })).encoding, undefined);
  });
  await withExporter({}, Date.now, async (address, consume) => {
    await consume(payload([deltaCounter(3n)]));
    const res = await scrape(address, '/metrics', { accept: PROMETHEUS_ACCEPT });
    assert.equal(res.type, 'text/plain; version=0.0.4; charset=utf-8; escaping=underscores');
    assert.doesNotMatch(res.body, /# EOF/);
  });
});
