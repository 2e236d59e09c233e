// The receiver scraping Debian's prometheus-node-exporter on loopback from a prometheus.yml given
// as config_file: static and file_sd targets, the user's blackbox relabel rules (`$1`/`$2`/`$3`
// unescaped), a pinghosts.yaml change picked up without restart, an unreachable target as `up 0`,
// server-only sections warned about once.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Gauge, Metric, Metrics, ResourceMetrics, Sum } from '../../../pdata/index.js';
import { haveNodeExporter, startNodeExporter } from '../../../shared/codec/promtext/testkit.js';
import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { freePort } from '../../../testing/ports.js';
import { withTempDir } from '../../../testing/tmp.js';
import { waitFor } from '../../../testing/wait.js';
import { prometheusReceiverFactory } from './factory.js';
import type { PrometheusReceiver } from './receiver.js';

const attrs = (kvs: ReadonlyArray<{ key: string; value: unknown }>): Record<string, unknown> =>
  Object.fromEntries(kvs.map((kv) => [kv.key, kv.value]));

function received(built: BuiltReceiver): Array<{ rm: ResourceMetrics; metric: Metric }> {
  const out: Array<{ rm: ResourceMetrics; metric: Metric }> = [];
  for (const p of built.consumers.metrics!.payloads)
    for (const rm of (p as Metrics).resourceMetrics) for (const sm of rm.scopeMetrics) for (const metric of sm.metrics) out.push({ rm, metric });
  return out;
}

function upOf(built: BuiltReceiver, instance: string): number | undefined {
  const found = received(built)
    .filter((f) => f.metric.name === 'up' && attrs(f.rm.resource.attributes)['service.instance.id'] === instance)
    .pop();
  return found ? Number((found.metric.data as Gauge).dataPoints[0]!.value) : undefined;
}

test(
  'prometheus receiver: node-exporter via static and file_sd targets, the user’s relabel rules, reload on file change',
  { skip: !haveNodeExporter() && 'prometheus-node-exporter not installed' },
  async () => {
    const ne = await startNodeExporter();
    const deadPort = await freePort();
    try {
      await withTempDir(async (dir) => {
        const pinghosts = join(dir, 'pinghosts.yaml');
        writeFileSync(pinghosts, `- targets: ['http://first.example;First;internal']\n`);
        const promYml = join(dir, 'prometheus.yml');
        writeFileSync(
          promYml,
          `global:
  scrape_interval:     1m
  evaluation_interval: 1m
  external_labels:
      monitor: 'Alertmanager'

rule_files:
    - 'alert.rules'

scrape_configs:
  - job_name: 'nodeexp'
    scrape_interval: 1s
    scrape_timeout: 900ms
    static_configs:
    - targets: ['${ne.address}', '127.0.0.1:${deadPort}']
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'node_(cpu_seconds_total|load1|uname_info)'
        action: keep

  - job_name: 'blackbox'
    scrape_interval: 1s
    scrape_timeout: 900ms
    metrics_path: /metrics
    params:
      module: [svc_http]
    file_sd_configs:
      - files:
        - pinghosts.yaml
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'  #first is the url, thus unique for instance
        target_label: instance
        replacement: $1
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'  #second is humanname to use in charts
        target_label: humanname
        replacement: $2
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'  #third state whether this is testing external or internal network
        target_label: routing
        replacement: $3
      - source_labels: [instance]
        target_label: __param_target
      - target_label: __address__
        replacement: ${ne.address}  # stands in for the blackbox exporter
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'node_load1'
        action: keep
`,
        );
        const built = buildReceiver(prometheusReceiverFactory, { config_file: promYml }, ['metrics']) as BuiltReceiver<PrometheusReceiver>;
        await built.receiver.start(testHost());
        try {
          const warnings = built.lines.filter((l) => String(l.msg).includes('rule_files'));
          assert.equal(warnings.length, 1, 'one warning naming rule_files');

          const targets = built.receiver.targets();
          assert.deepEqual(
            targets.get('blackbox')!.map((t) => [t.url, attrs(t.labels.map((l) => ({ key: l.name, value: l.value })))]),
            [
              [
                `http://${ne.address}/metrics?module=svc_http&target=http%3A%2F%2Ffirst.example`,
                { humanname: 'First', instance: 'http://first.example', job: 'blackbox', routing: 'internal' },
              ],
            ],
          );

          await waitFor(
            () => upOf(built, ne.address) === 1 && upOf(built, `127.0.0.1:${deadPort}`) === 0,
            10_000,
            'up 1 for node-exporter, up 0 for the dead port',
          );
          const cpu = received(built).find((f) => f.metric.name === 'node_cpu_seconds_total')!;
          assert.ok(cpu, 'node_cpu_seconds_total received');
          assert.deepEqual(attrs(cpu.rm.resource.attributes), {
            'service.name': 'nodeexp',
            'service.instance.id': ne.address,
            'server.port': ne.address.split(':')[1],
            'url.scheme': 'http',
          });
          const sum = cpu.metric.data as Sum;
          assert.equal(sum.type, 'Sum');
          assert.equal(sum.isMonotonic, true);
          assert.deepEqual(Object.keys(attrs(sum.dataPoints[0]!.attributes)).sort(), ['cpu', 'mode', 'monitor']);
          assert.equal(attrs(sum.dataPoints[0]!.attributes).monitor, 'Alertmanager', 'external_labels applied');
          // Counters start at their first scrape and keep that start; gauges carry none.
          const cpuPoints = (): Array<{ start: bigint; time: bigint }> =>
            received(built)
              .filter((f) => f.metric.name === 'node_cpu_seconds_total' && attrs(f.rm.resource.attributes)['service.instance.id'] === ne.address)
              .map((f) => (f.metric.data as Sum).dataPoints.find((d) => attrs(d.attributes).cpu === '0' && attrs(d.attributes).mode === 'idle')!)
              .map((d) => ({ start: BigInt(d.startTimeUnixNano), time: BigInt(d.timeUnixNano) }));
          await waitFor(() => cpuPoints().length >= 2, 5_000, 'two scrapes of node_cpu_seconds_total');
          const [p1, p2] = cpuPoints();
          assert.ok(p1!.start > 0n && p1!.start === p1!.time, 'first point starts at its own scrape');
          assert.equal(p2!.start, p1!.start, 'later points keep the start');
          assert.ok(p2!.time > p1!.time);
          const load1 = received(built).find((f) => f.metric.name === 'node_load1')!;
          assert.equal(BigInt((load1.metric.data as Gauge).dataPoints[0]!.startTimeUnixNano), 0n, 'gauges have no start time');
          const names = new Set(
            received(built)
              .filter((f) => attrs(f.rm.resource.attributes)['service.name'] === 'nodeexp')
              .map((f) => f.metric.name),
          );
          for (const n of names)
            assert.ok(/^(node_(cpu_seconds_total|load1|uname_info)|up|scrape_.*)$/.test(n), `metric_relabel_configs keep: unexpected ${n}`);
          for (const n of ['scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'])
            assert.ok(names.has(n), n);

          await waitFor(
            () =>
              received(built).some(
                (f) => f.metric.name === 'node_load1' && attrs(f.rm.resource.attributes)['service.instance.id'] === 'http://first.example',
              ),
            10_000,
            'blackbox job scraped',
          );
          const load = received(built).find(
            (f) => f.metric.name === 'node_load1' && attrs(f.rm.resource.attributes)['service.instance.id'] === 'http://first.example',
          )!;
          assert.deepEqual(attrs((load.metric.data as Gauge).dataPoints[0]!.attributes), {
            humanname: 'First',
            routing: 'internal',
            monitor: 'Alertmanager',
          });

          writeFileSync(pinghosts, `- targets: ['http://second.example;Second;external']\n`);
          await waitFor(
            () =>
              built.receiver
                .targets()
                .get('blackbox')![0]
                ?.labels.some((l) => l.value === 'Second') === true,
            5_000,
            'pinghosts.yaml change picked up',
          );
          assert.equal(built.receiver.targets().get('blackbox')!.length, 1);
          await waitFor(
            () =>
              received(built).some(
                (f) => f.metric.name === 'node_load1' && attrs(f.rm.resource.attributes)['service.instance.id'] === 'http://second.example',
              ),
            10_000,
            'new target scraped',
          );
        } finally {
          await built.receiver.shutdown();
        }
      });
    } finally {
      await ne.stop();
    }
  },
);

test('prometheus receiver: basic_auth (password_file) and authorization reach the target; a wrong password is up 0', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    const ok =
      req.headers.authorization === `Basic ${Buffer.from('scraper:s3cret').toString('base64')}` || req.headers.authorization === 'Bearer tok';
    if (!ok) res.writeHead(401).end('unauthorized');
    else res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('# TYPE a_total counter\na_total 1\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'pw'), 's3cret\n');
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `scrape_configs:
  - job_name: basic
    scrape_interval: 1s
    basic_auth: {username: scraper, password_file: pw}
    static_configs: [{targets: ['${addr}']}]
  - job_name: bearer
    scrape_interval: 1s
    authorization: {credentials: tok}
    static_configs: [{targets: ['${addr}']}]
  - job_name: wrong
    scrape_interval: 1s
    basic_auth: {username: scraper, password: nope}
    static_configs: [{targets: ['${addr}']}]
`,
      );
      const built = buildReceiver(prometheusReceiverFactory, { config_file: join(dir, 'prometheus.yml') }, [
        'metrics',
      ]) as BuiltReceiver<PrometheusReceiver>;
      await built.receiver.start(testHost());
      try {
        const upFor = (job: string): number | undefined => {
          const f = received(built)
            .filter((x) => x.metric.name === 'up' && attrs(x.rm.resource.attributes)['service.name'] === job)
            .pop();
          return f ? Number((f.metric.data as Gauge).dataPoints[0]!.value) : undefined;
        };
        await waitFor(() => upFor('basic') === 1 && upFor('bearer') === 1 && upFor('wrong') === 0, 5_000, 'up per job');
        assert.ok(seen.includes('Bearer tok'));
        assert.ok(
          built.lines.some((l) => String(l.msg).includes('server returned HTTP status 401')),
          'the refusal is logged',
        );
        assert.ok(!built.lines.some((l) => JSON.stringify(l).includes('s3cret') || JSON.stringify(l).includes('nope')), 'no secret in the logs');
      } finally {
        await built.receiver.shutdown();
      }
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
});
