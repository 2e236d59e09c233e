// A real Prometheus (Debian's 2.42, Remote-Write 1.0) scraping itself and a static target and
// remote-writing into the receiver: counters, gauges, classic histograms, summaries and
// target_info arrive as the right OTLP types with the right attributes, and a retryable refusal
// makes Prometheus resend rather than drop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsumerError } from '../../../core/consumer.js';
import type { Gauge, Histogram, Metric, ResourceMetrics, Sum, Summary } from '../../../pdata/index.js';
import { prometheusPath, startPrometheus } from '../../../testing/prometheus.js';
import { waitFor } from '../../../testing/wait.js';
import { attrs, receivedMetrics, startPrw } from './testkit.js';

const SHOP_METRICS = `# HELP shop_orders_total Orders placed.
# TYPE shop_orders_total counter
shop_orders_total{region="eu"} 42
# HELP shop_queue_depth Items waiting.
# TYPE shop_queue_depth gauge
shop_queue_depth 7
# HELP shop_latency_seconds Checkout latency.
# TYPE shop_latency_seconds histogram
shop_latency_seconds_bucket{le="0.1"} 3
shop_latency_seconds_bucket{le="0.5"} 5
shop_latency_seconds_bucket{le="+Inf"} 6
shop_latency_seconds_sum 1.7
shop_latency_seconds_count 6
# HELP shop_rpc_seconds RPC time.
# TYPE shop_rpc_seconds summary
shop_rpc_seconds{quantile="0.5"} 0.05
shop_rpc_seconds{quantile="0.9"} 0.2
shop_rpc_seconds_sum 12
shop_rpc_seconds_count 100
# HELP target_info Target metadata.
# TYPE target_info gauge
target_info{deployment_environment="test"} 1
`;

async function startShop(): Promise<{ address: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(SHOP_METRICS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

type Found = { rm: ResourceMetrics; metric: Metric };

test(
  'Prometheus 2.42 remote-writes its own and a static target’s metrics: OTLP types, attributes, resources',
  { skip: !prometheusPath() && 'no prometheus binary' },
  async () => {
    const shop = await startShop();
    const r = await startPrw();
    const prom = await startPrometheus({
      config: (self) => `global: {scrape_interval: 1s}
scrape_configs:
  - job_name: self
    static_configs: [{targets: ['${self}']}]
  - job_name: shop/checkout
    static_configs: [{targets: ['${shop.address}']}]
remote_write:
  - url: ${r.url}
    metadata_config: {send: true, send_interval: 1s}
    queue_config: {batch_send_deadline: 500ms, max_shards: 1, min_backoff: 100ms, max_backoff: 500ms}
`,
    });
    try {
      const find = (name: string, ok: (f: Found) => boolean = () => true): Found | undefined =>
        receivedMetrics(r.sink)
          .filter((m) => m.metric.name === name)
          .reverse()
          .find(ok);
      // Wait until metadata has typed the families (the histogram carries its help text then).
      await waitFor(
        () =>
          find('shop_latency_seconds', (f) => f.metric.description !== '') !== undefined &&
          find('shop_orders_total', (f) => f.rm.resource.attributes.some((a) => a.key === 'deployment_environment')) !== undefined,
        20_000,
        'shop metrics typed by metadata',
      );

      const orders = find('shop_orders_total', (f) => f.metric.description !== '')!;
      assert.deepEqual(attrs(orders.rm.resource.attributes), {
        'service.instance.id': shop.address,
        'service.namespace': 'shop',
        'service.name': 'checkout',
        deployment_environment: 'test',
      });
      const sum = orders.metric.data as Sum;
      assert.equal(sum.type, 'Sum');
      assert.equal(sum.isMonotonic, true);
      assert.equal(sum.aggregationTemporality, 2);
      assert.equal(orders.metric.description, 'Orders placed.');
      assert.deepEqual(attrs(sum.dataPoints[0]!.attributes), { region: 'eu' });
      assert.equal(sum.dataPoints[0]!.value, 42);
      assert.deepEqual(attrs(orders.metric.metadata), { 'prometheus.type': 'counter' });

      const depth = find('shop_queue_depth')!.metric;
      assert.equal(depth.data!.type, 'Gauge');
      assert.equal((depth.data as Gauge).dataPoints[0]!.value, 7);

      const lat = find('shop_latency_seconds', (f) => f.metric.description !== '')!.metric;
      assert.equal(lat.description, 'Checkout latency.');
      const h = lat.data as Histogram;
      assert.equal(h.type, 'Histogram');
      const complete = h.dataPoints.find((d) => d.sum !== null && d.bucketCounts.length === 3);
      assert.ok(complete, `a point with all parts: ${JSON.stringify(h.dataPoints.map((d) => [d.bucketCounts.map(String), d.sum]))}`);
      assert.deepEqual(complete.explicitBounds, [0.1, 0.5]);
      assert.deepEqual(complete.bucketCounts, [3n, 2n, 1n]);
      assert.equal(complete.count, 6n);
      assert.equal(complete.sum, 1.7);
      assert.deepEqual(complete.attributes, []);

      await waitFor(
        () =>
          find('shop_rpc_seconds', (f) => (f.metric.data as Summary).dataPoints.some((d) => d.quantileValues.length === 2 && d.count > 0n)) !==
          undefined,
        10_000,
        'summary',
      );
      const rpc = find('shop_rpc_seconds', (f) =>
        (f.metric.data as Summary).dataPoints.some((d) => d.quantileValues.length === 2 && d.count > 0n),
      )!.metric;
      assert.equal(rpc.data!.type, 'Summary');
      const sp = (rpc.data as Summary).dataPoints.find((d) => d.quantileValues.length === 2 && d.count > 0n)!;
      assert.deepEqual(
        sp.quantileValues.map((q) => [q.quantile, q.value]),
        [
          [0.5, 0.05],
          [0.9, 0.2],
        ],
      );
      assert.equal(sp.count, 100n);
      assert.equal(sp.sum, 12);

      // Prometheus' own metrics: `up` for both jobs, its HTTP request counter, its own histograms.
      await waitFor(
        () => find('prometheus_http_request_duration_seconds', (f) => f.metric.data!.type === 'Histogram') !== undefined,
        10_000,
        'self histogram',
      );
      const ups = receivedMetrics(r.sink).filter((m) => m.metric.name === 'up');
      const jobs = new Set(ups.map((u) => String(attrs(u.rm.resource.attributes)['service.name'])));
      assert.ok(jobs.has('self') && jobs.has('checkout'), [...jobs].join(','));
      const selfUp = ups.find((u) => attrs(u.rm.resource.attributes)['service.instance.id'] === prom.address)!;
      assert.equal((selfUp.metric.data as Gauge).dataPoints[0]!.value, 1);
      assert.ok(receivedMetrics(r.sink).some((m) => m.metric.name === 'prometheus_http_requests_total' && m.metric.data!.type === 'Sum'));
      // No series was refused: Prometheus counted no failed samples.
      const failed = await prom.query('sum(prometheus_remote_storage_samples_failed_total)');
      assert.equal(failed[0]?.value ?? 0, 0);
    } finally {
      await prom.stop();
      await r.stop();
      await shop.close();
    }
  },
);

test(
  'a retryable refusal (503) makes Prometheus resend: samples scraped during the outage arrive afterwards',
  { skip: !prometheusPath() && 'no prometheus binary' },
  async () => {
    const shop = await startShop();
    const r = await startPrw();
    const prom = await startPrometheus({
      config: `global: {scrape_interval: 1s}
scrape_configs:
  - job_name: shop
    static_configs: [{targets: ['${shop.address}']}]
remote_write:
  - url: ${r.url}
    queue_config: {batch_send_deadline: 300ms, max_shards: 1, min_backoff: 100ms, max_backoff: 300ms}
`,
    });
    try {
      await r.sink.waitForItems(1, 20_000);
      r.sink.refuseWith = ConsumerError.retryable('backend down');
      const outageStart = Date.now();
      await new Promise((res) => setTimeout(res, 2_500));
      const outageEnd = Date.now();
      r.sink.refuseWith = undefined;
      const inOutage = () =>
        receivedMetrics(r.sink).some(
          (m) =>
            m.metric.name === 'shop_queue_depth' &&
            (m.metric.data as Gauge).dataPoints.some((d) => {
              const ms = Number(d.timeUnixNano / 1_000_000n);
              return ms > outageStart + 200 && ms < outageEnd - 200;
            }),
        );
      await waitFor(inOutage, 15_000, 'samples from the outage window resent');
      assert.match(r.metricsText(), /otelcol_receiver_refused_metric_points(_total)?\{[^}]*\} [1-9]/);
      // Prometheus' own account (its /metrics page; it does not scrape itself here): retried, none failed.
      const own = await (await fetch(`${prom.url}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(own)?.[1] ?? NaN);
      assert.ok(
        value('prometheus_remote_storage_samples_retried_total') > 0,
        own
          .split('\n')
          .filter((l) => l.includes('remote_storage_samples'))
          .join('\n'),
      );
      assert.equal(value('prometheus_remote_storage_samples_failed_total'), 0);
    } finally {
      await prom.stop();
      await r.stop();
      await shop.close();
    }
  },
);
