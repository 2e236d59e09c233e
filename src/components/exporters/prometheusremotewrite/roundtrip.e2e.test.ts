// The user's Gap 3, closed end to end: Prometheus A scrapes a static target and remote-writes to
// our collector (a real `dist/cli.js` process: prometheusremotewrite receiver → batch →
// prometheusremotewrite exporter), which remote-writes into Prometheus B. The same series — names,
// every label, values — must be queryable at both ends: a counter, a gauge, a classic histogram's
// buckets/sum/count, a summary's quantiles, target_info. Skips without /usr/bin/prometheus.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { CollectorProcess } from '../../../testing/collector.js';
import { freePort } from '../../../testing/ports.js';
import { prometheusPath, startPrometheus, type RunningPrometheus } from '../../../testing/prometheus.js';
import { withTempDir } from '../../../testing/tmp.js';

const SHOP_METRICS = `# HELP shop_orders_total Orders placed.
# TYPE shop_orders_total counter
shop_orders_total{region="eu"} 42
shop_orders_total{region="us"} 7
# HELP shop_queue_depth Items waiting.
# TYPE shop_queue_depth gauge
shop_queue_depth 7
# HELP shop_latency_seconds Checkout latency.
# TYPE shop_latency_seconds histogram
shop_latency_seconds_bucket{le="0.1"} 3
shop_latency_seconds_bucket{le="0.5"} 8
shop_latency_seconds_bucket{le="+Inf"} 10
shop_latency_seconds_sum 2.5
shop_latency_seconds_count 10
# HELP shop_rpc_seconds RPC latency.
# TYPE shop_rpc_seconds summary
shop_rpc_seconds{quantile="0.5"} 0.05
shop_rpc_seconds{quantile="0.9"} 0.2
shop_rpc_seconds_sum 12
shop_rpc_seconds_count 100
# HELP target_info Target metadata.
# TYPE target_info gauge
target_info{deployment_environment="test"} 1
`;

const EXPRESSIONS = [
  'shop_orders_total',
  'shop_queue_depth',
  'shop_latency_seconds_bucket',
  'shop_latency_seconds_sum',
  'shop_latency_seconds_count',
  'shop_rpc_seconds',
  'shop_rpc_seconds_sum',
  'shop_rpc_seconds_count',
  'target_info',
];

/** A vector as sorted "labels = value" lines, comparable across servers. */
async function snapshot(prom: RunningPrometheus, expr: string): Promise<string[]> {
  const v = await prom.query(`${expr}{job="shop"}`);
  return v.map((s) => `${JSON.stringify(Object.fromEntries(Object.entries(s.metric).sort()))} = ${s.value}`).sort();
}

test(
  'Prometheus → our PRW receiver → batch → our PRW exporter → Prometheus: the same series at both ends',
  { skip: !prometheusPath() && 'no prometheus binary' },
  async () => {
    const shop = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(SHOP_METRICS));
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    const shopAddress = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
    const promB = await startPrometheus({ flags: ['--web.enable-remote-write-receiver'] });
    let promA: RunningPrometheus | undefined;
    let collector: CollectorProcess | undefined;
    try {
      await withTempDir(async (dir) => {
        const receiverPort = await freePort();
        const config = {
          receivers: { prometheusremotewrite: { endpoint: `127.0.0.1:${receiverPort}` } },
          processors: { batch: { timeout: '200ms' } },
          exporters: { prometheusremotewrite: { endpoint: `${promB.url}/api/v1/write` } },
          service: {
            telemetry: { metrics: { level: 'none' } },
            pipelines: { metrics: { receivers: ['prometheusremotewrite'], processors: ['batch'], exporters: ['prometheusremotewrite'] } },
          },
        };
        const file = `${dir}/config.yaml`;
        writeFileSync(file, stringify(config));
        collector = CollectorProcess.start([`--config=${file}`]);
        await collector.waitForLog(/Everything is ready/, 20_000);

        promA = await startPrometheus({
          config: `global: {scrape_interval: 1s}
scrape_configs:
  - job_name: shop
    static_configs: [{targets: ['${shopAddress}']}]
remote_write:
  - url: http://127.0.0.1:${receiverPort}/api/v1/write
    metadata_config: {send: true, send_interval: 1s}
    queue_config: {batch_send_deadline: 500ms, max_shards: 1, min_backoff: 100ms, max_backoff: 500ms}
`,
        });
        const a = promA;
        await a.waitForQuery('shop_orders_total{job="shop"}', (v) => v.length === 2);
        // Every series A holds must appear at B with the same labels and value.
        let last: [string, string[], string[]] | undefined;
        const deadline = Date.now() + 30_000;
        for (;;) {
          last = undefined;
          for (const expr of EXPRESSIONS) {
            const [atA, atB] = [await snapshot(a, expr), await snapshot(promB, expr)];
            if (atA.length === 0 || JSON.stringify(atA) !== JSON.stringify(atB)) {
              last = [expr, atA, atB];
              break;
            }
          }
          if (!last || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        if (last) assert.deepEqual(last[2], last[1], `${last[0]} at B (ours in between) vs A\ncollector log:\n${collector.stderr.slice(-3000)}`);
        const buckets = await snapshot(promB, 'shop_latency_seconds_bucket');
        assert.equal(buckets.length, 3);
        assert.ok(buckets.some((b) => b.includes('"le":"0.5"') && b.endsWith('= 8')));
        assert.doesNotMatch(collector.stderr, /"level":50/, 'no error logged by the collector');
      });
    } finally {
      await collector?.stop();
      await promA?.stop();
      await promB.stop();
      shop.close();
    }
  },
);
