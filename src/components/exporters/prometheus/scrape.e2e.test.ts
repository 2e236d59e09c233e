// A real Prometheus (Debian's 2.42, src/testing/prometheus.ts) scraping our collector process: the
// 2023-07 seed's `count` connector → `prometheus` exporter pipeline (its own sections, addresses
// moved to free loopback ports), fed by the OpenTelemetry JS SDK over OTLP/HTTP, plus an SDK meter
// (counter, histogram in ms, gauge) into the same exporter, and our :8888 self-metrics as a second
// target. Checks: both targets up with no scrape error, the counts and SDK values queryable,
// rate() and histogram_quantile() over our series.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { CollectorProcess, REPO_ROOT } from '../../../testing/collector.js';
import { freePorts } from '../../../testing/ports.js';
import { prometheusPath, startPrometheus } from '../../../testing/prometheus.js';

const SEED = join(REPO_ROOT, '..', 'shared', 'seed', 'otel-collector-config.2023-07-23.yaml');
const skip = prometheusPath() === null ? 'prometheus binary not installed' : false;

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
}

test('Prometheus scrapes the seed count → prometheus pipeline and the self-metrics: up, no errors, values queryable', { skip }, async () => {
  const seed = parse(readFileSync(SEED, 'utf8')) as {
    connectors: Record<string, unknown>;
    exporters: Record<string, Record<string, unknown>>;
    service: { pipelines: Record<string, unknown> };
  };
  assert.equal(seed.exporters['prometheus']!['endpoint'], '0.0.0.0:1234');
  const [otlpPort, promPort, selfPort, omPort] = await freePorts(4);
  const config = {
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlpPort}` } } } },
    connectors: { count: seed.connectors['count'] },
    exporters: {
      prometheus: { ...seed.exporters['prometheus'], endpoint: `127.0.0.1:${promPort}` },
      // The same data as OpenMetrics (what Prometheus asks for first), to have its strict parser read it.
      'prometheus/om': { endpoint: `127.0.0.1:${omPort}`, enable_open_metrics: true },
    },
    service: {
      telemetry: { metrics: { address: `127.0.0.1:${selfPort}` } },
      pipelines: {
        'traces/otlp': { receivers: ['otlp'], exporters: ['count'] },
        'logs/otel': { receivers: ['otlp'], exporters: ['count'] },
        'metrics/count': seed.service.pipelines['metrics/count'],
        'metrics/sdk': { receivers: ['otlp'], exporters: ['prometheus', 'prometheus/om'] },
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'prom-e2e-'));
  writeFileSync(join(dir, 'config.yaml'), stringify(config));
  const collector = CollectorProcess.start([`--config=${join(dir, 'config.yaml')}`]);
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  const resource = resourceFromAttributes({
    'service.name': 'checkout',
    'service.namespace': 'shop',
    'service.instance.id': 'c-1',
    'host.name': 'h1',
  });
  const tracer = new BasicTracerProvider({
    resource,
    // One export of all spans: the count connector emits one delta per batch, and a delta that does
    // not start where the last ended replaces the served value (Go's accumulator), so one batch.
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${otlpPort}/v1/traces` }), { scheduledDelayMillis: 60_000 }),
    ],
  });
  const meter = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `http://127.0.0.1:${otlpPort}/v1/metrics` }),
        exportIntervalMillis: 500,
      }),
    ],
  });
  try {
    await collector.waitForLog(/Everything is ready/);
    for (let i = 0; i < 5; i++) tracer.getTracer('e2e').startSpan(`op-${i}`).end();
    await tracer.forceFlush();

    const m = meter.getMeter('e2e', '1.0.0');
    const requests = m.createCounter('http.requests', { unit: '{requests}', description: 'Requests' });
    const latency = m.createHistogram('http.latency', {
      unit: 'ms',
      description: 'Latency',
      advice: { explicitBucketBoundaries: [10, 50, 100, 500] },
    });
    m.createObservableGauge('queue.fill', { unit: '1' }).addCallback((r) => r.observe(0.25, { queue: 'a b' }));
    for (let i = 0; i < 20; i++) {
      requests.add(1, { route: '/pay' });
      latency.record(i < 15 ? 30 : 300, { route: '/pay' });
    }
    await meter.forceFlush();

    prometheus = await startPrometheus({
      config: [
        'global: { scrape_interval: 1s, scrape_timeout: 1s }',
        'scrape_configs:',
        `  - job_name: exporter`,
        `    honor_labels: true`,
        `    static_configs: [{ targets: ['127.0.0.1:${promPort}'] }]`,
        `  - job_name: om`,
        `    static_configs: [{ targets: ['127.0.0.1:${omPort}'] }]`,
        `  - job_name: self`,
        `    static_configs: [{ targets: ['127.0.0.1:${selfPort}'] }]`,
        '',
      ].join('\n'),
    });
    const p = prometheus;
    const up = await p.waitForQuery('up', (v) => v.length === 3 && v.every((s) => s.value === 1));
    assert.deepEqual(up.map((s) => s.metric['job']).sort(), ['exporter', 'om', 'self']);
    const targets = await p.api<{ activeTargets: Target[] }>('/api/v1/targets');
    for (const t of targets.activeTargets) {
      assert.equal(t.health, 'up', `${t.labels['job']}: ${t.lastError}`);
      assert.equal(t.lastError, '');
    }

    // The count connector's delta sums, served as a counter (Go's name and labels).
    const spans = await p.waitForQuery('trace_span_count_total');
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.value, 5);
    assert.equal(spans[0]!.metric['job'], 'shop/checkout');
    assert.equal(spans[0]!.metric['instance'], 'c-1');

    // The SDK's metrics with unit suffixes; rate and histogram_quantile work over them.
    const total = await p.waitForQuery('http_requests_total{job="shop/checkout",route="/pay"}', (v) => v.length === 1 && v[0]!.value === 20);
    assert.equal(total[0]!.metric['otel_scope_name'], 'e2e');
    assert.equal(total[0]!.metric['otel_scope_version'], '1.0.0');
    await p.waitForQuery('rate(http_requests_total{job="shop/checkout"}[5s])', (v) => v.length === 1);
    const buckets = await p.waitForQuery('http_latency_milliseconds_bucket{job="shop/checkout",route="/pay"}', (v) => v.length === 5);
    assert.deepEqual(Object.fromEntries(buckets.map((b) => [b.metric['le'], b.value])), { '10': 0, '50': 15, '100': 15, '500': 20, '+Inf': 20 });
    // The OpenMetrics page (exemplars, # EOF) parsed by Prometheus gives the same buckets; Prometheus
    // 2.x keeps `le` as written, and OpenMetrics writes integral bounds as `10.0` (as Go does).
    const omBuckets = await p.waitForQuery('http_latency_milliseconds_bucket{job="om",route="/pay"}', (v) => v.length === 5);
    assert.deepEqual(Object.fromEntries(omBuckets.map((b) => [b.metric['le'], b.value])), {
      '10.0': 0,
      '50.0': 15,
      '100.0': 15,
      '500.0': 20,
      '+Inf': 20,
    });
    assert.equal(omBuckets[0]!.metric['exported_job'], 'shop/checkout');
    const p50 = await p.waitForQuery('histogram_quantile(0.5, sum by (le) (http_latency_milliseconds_bucket{job="shop/checkout"}))');
    assert.ok(p50[0]!.value > 10 && p50[0]!.value <= 50, `p50 ${p50[0]!.value}`);
    const fill = await p.waitForQuery('queue_fill_ratio');
    assert.equal(fill[0]!.value, 0.25);
    assert.equal(fill[0]!.metric['queue'], 'a b');
    const info = await p.waitForQuery('target_info{job="shop/checkout"}');
    assert.equal(info[0]!.metric['host_name'], 'h1');

    // Our self-metrics scraped too: the exporter's own process counters are there.
    const uptime = await p.waitForQuery('{job="self",__name__=~"otelcol_process_uptime.*"}');
    assert.ok(uptime[0]!.value > 0);
    const scraped = await p.query('scrape_samples_scraped');
    assert.ok(scraped.every((s) => s.value > 0));
  } finally {
    await meter.shutdown().catch(() => undefined);
    await tracer.shutdown().catch(() => undefined);
    await prometheus?.stop();
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
