// Our exporter writing into a real Prometheus (Debian's 2.42, --web.enable-remote-write-receiver
// with native histograms on), checked through its query API: names and labels, classic histogram
// buckets, rate() and histogram_quantile() over our counters and buckets, native histograms,
// summaries, target_info, staleness markers; and many batches sent at once with several requests
// each in parallel, which Prometheus would refuse as "out of order" if any series' samples were
// reordered. Skips when /usr/bin/prometheus is absent.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import {
  ExponentialHistogram,
  ExponentialHistogramDataPoint,
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
  Summary,
  SummaryDataPoint,
  ValueAtQuantile,
  type MetricData,
} from '../../../pdata/index.js';
import { buildExporter } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { prometheusPath, startPrometheus, type RunningPrometheus } from '../../../testing/prometheus.js';
import { prometheusRemoteWriteExporterFactory as factory } from './factory.js';

const skip = prometheusPath() === null ? 'prometheus binary not installed' : false;
const CUMULATIVE = 2;
const STEP_S = 15;
/** Whole seconds, a little in the past so every sample is inside Prometheus' head block. */
const END_S = Math.floor(Date.now() / 1000) - 5;

let prom: RunningPrometheus;

before(async () => {
  if (skip) return;
  prom = await startPrometheus({ flags: ['--web.enable-remote-write-receiver', '--enable-feature=native-histograms'] });
});

after(async () => {
  await prom?.stop();
});

function metric(name: string, unit: string, data: MetricData): Metric {
  const m = new Metric();
  m.name = name;
  m.unit = unit;
  m.data = data;
  return m;
}

function payload(metrics: Metric[], resource: Record<string, string>): Metrics {
  const rm = new ResourceMetrics();
  rm.resource.attributes = Object.entries(resource).map(([k, v]) => new KeyValue(k, v));
  const sm = new ScopeMetrics();
  sm.metrics = metrics;
  rm.scopeMetrics.push(sm);
  return new Metrics([rm]);
}

const ns = (s: number) => BigInt(s) * 1_000_000_000n;

/** Step `k` of 5 (k = 0..4) of an instrumented service, at END_S - (4 - k) * 15 s. */
function step(k: number): Metrics {
  const t = ns(END_S - (4 - k) * STEP_S);
  const start = ns(END_S - 3600);

  const requests = new Sum();
  requests.aggregationTemporality = CUMULATIVE;
  requests.isMonotonic = true;
  const rp = new NumberDataPoint();
  Object.assign(rp, { startTimeUnixNano: start, timeUnixNano: t, value: BigInt(k * 15), attributes: [new KeyValue('http.route', '/api/items')] });
  requests.dataPoints.push(rp);

  // Ten observations per second, all in (0.1, 0.5]: the median interpolates to 0.3.
  const duration = new Histogram();
  duration.aggregationTemporality = CUMULATIVE;
  const hp = new HistogramDataPoint();
  Object.assign(hp, {
    startTimeUnixNano: start,
    timeUnixNano: t,
    count: BigInt(k * 150),
    sum: k * 150 * 0.3,
    explicitBounds: [0.1, 0.5, 1],
    bucketCounts: [0n, BigInt(k * 150), 0n, 0n],
    attributes: [new KeyValue('http.route', '/api/items')],
  });
  duration.dataPoints.push(hp);

  const native = new ExponentialHistogram();
  native.aggregationTemporality = CUMULATIVE;
  const ep = new ExponentialHistogramDataPoint();
  Object.assign(ep, {
    startTimeUnixNano: start,
    timeUnixNano: t,
    count: BigInt(6 * (k + 1)),
    sum: 12.5 * (k + 1),
    scale: 1,
    zeroCount: BigInt(k + 1),
  });
  ep.positive.offset = 0;
  ep.positive.bucketCounts = [BigInt(2 * (k + 1)), BigInt(3 * (k + 1))];
  native.dataPoints.push(ep);

  const summary = new Summary();
  const sp = new SummaryDataPoint();
  Object.assign(sp, { startTimeUnixNano: start, timeUnixNano: t, count: BigInt(100 * (k + 1)), sum: 42 * (k + 1) });
  sp.quantileValues = [0.5, 0.99].map((q) => Object.assign(new ValueAtQuantile(), { quantile: q, value: q * 2 }));
  summary.dataPoints.push(sp);

  const temp = new Gauge();
  const gp = new NumberDataPoint();
  Object.assign(gp, { timeUnixNano: t, value: 20 + k, attributes: [new KeyValue('room', 'lab')] });
  // The last step marks the series stale: an instant query no longer finds it.
  if (k === 4) gp.flags = 1;
  temp.dataPoints.push(gp);

  const delta = new Sum();
  delta.aggregationTemporality = 1;
  delta.isMonotonic = true;
  const dp = new NumberDataPoint();
  Object.assign(dp, { timeUnixNano: t, value: 1n });
  delta.dataPoints.push(dp);

  return payload(
    [
      metric('http.server.requests', '{request}', requests),
      metric('http.server.duration', 's', duration),
      metric('rpc.latency', 's', native),
      metric('gc.pause', 's', summary),
      metric('room.temperature', 'Cel', temp),
      metric('delta.events', '1', delta),
    ],
    { 'service.name': 'items', 'service.namespace': 'shop', 'service.instance.id': 'pod-1', 'deployment.environment': 'test' },
  );
}

test('Prometheus 2.42 stores what we write: names, labels, buckets, rate(), histogram_quantile(), native histograms', { skip }, async () => {
  const { exporter, lines } = buildExporter(
    factory,
    { endpoint: `${prom.url}/api/v1/write`, external_labels: { cluster: 'home' }, retry_on_failure: { max_interval: '1s', max_elapsed_time: '5s' } },
    ['metrics'],
  );
  await exporter.start(testHost());
  try {
    // Handed over at once, as a busy pipeline would: the queue keeps them in order.
    await Promise.all([0, 1, 2, 3, 4].map((k) => exporter.consume(step(k), EMPTY_CONTEXT)));
    const at = END_S;
    const q = (expr: string) => prom.query(expr, at);
    await prom.waitForQuery(`count_over_time(http_server_requests_total[2m] @ ${at})`, (v) => v[0]?.value === 5);

    const [counter] = await q('http_server_requests_total');
    assert.deepEqual(counter!.metric, {
      __name__: 'http_server_requests_total',
      job: 'shop/items',
      instance: 'pod-1',
      http_route: '/api/items',
      cluster: 'home',
    });
    assert.equal(counter!.value, 60);
    const [rate] = await q('rate(http_server_requests_total[1m])');
    assert.ok(Math.abs(rate!.value - 1) < 1e-9, `rate ${rate!.value}`);

    const buckets = await q('http_server_duration_seconds_bucket');
    assert.deepEqual(buckets.map((b) => b.metric.le).sort(), ['+Inf', '0.1', '0.5', '1']);
    assert.equal(buckets.find((b) => b.metric.le === '0.5')!.value, 600);
    const [median] = await q('histogram_quantile(0.5, rate(http_server_duration_seconds_bucket[1m]))');
    assert.ok(Math.abs(median!.value - 0.3) < 1e-9, `median ${median!.value}`);
    const [mean] = await q('rate(http_server_duration_seconds_sum[1m]) / rate(http_server_duration_seconds_count[1m])');
    assert.ok(Math.abs(mean!.value - 0.3) < 1e-9, `mean ${mean!.value}`);

    // Native histogram: scale 1, zero bucket 5, buckets (1, √2] = 10 and (√2, 2] = 15 at the last step.
    const [count] = await q('histogram_count(rpc_latency_seconds)');
    assert.equal(count!.value, 30);
    const [sum] = await q('histogram_sum(rpc_latency_seconds)');
    assert.equal(sum!.value, 62.5);
    const [fraction] = await q('histogram_fraction(0, 1.5, rpc_latency_seconds)');
    assert.ok(fraction!.value > 0.5 && fraction!.value < 1, `fraction ${fraction!.value}`);

    const quantiles = await q('gc_pause_seconds');
    assert.deepEqual(quantiles.map((s) => [s.metric.quantile, s.value]).sort(), [
      ['0.5', 1],
      ['0.99', 1.98],
    ]);
    assert.equal((await q('gc_pause_seconds_count'))[0]!.value, 500);

    const [info] = await q('target_info');
    assert.deepEqual(info!.metric, {
      __name__: 'target_info',
      job: 'shop/items',
      instance: 'pod-1',
      deployment_environment: 'test',
      cluster: 'home',
    });

    // The stale marker hides the gauge at the last step; one step earlier it is there.
    assert.deepEqual(await q('room_temperature_celsius'), []);
    assert.equal((await prom.query('room_temperature_celsius', at - STEP_S))[0]!.value, 23);

    // Delta sums are not written, and we say so.
    assert.deepEqual(await q('{__name__=~"delta_events.*"}'), []);
    assert.ok(lines.some((l) => l.metric === 'delta.events' && String(l.msg).startsWith('Dropped a metric')));
    assert.deepEqual(
      lines.filter((l) => l.level >= 50).map((l) => l.msg),
      [],
      'no export failed',
    );
  } finally {
    await exporter.shutdown();
  }
});

test('many batches at once, each split into parallel requests: Prometheus never answers "out of order"', { skip }, async () => {
  const { exporter, lines } = buildExporter(
    factory,
    { endpoint: `${prom.url}/api/v1/write`, max_batch_size_bytes: 4000, remote_write_queue: { num_consumers: 4 }, target_info: { enabled: false } },
    ['metrics'],
  );
  await exporter.start(testHost());
  const SERIES = 200;
  const BATCHES = 30;
  try {
    const batches: Metrics[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const g = new Gauge();
      for (let i = 0; i < SERIES; i++) {
        const p = new NumberDataPoint();
        Object.assign(p, { timeUnixNano: ns(END_S - BATCHES + b), value: b, attributes: [new KeyValue('series', String(i))] });
        g.dataPoints.push(p);
      }
      batches.push(payload([metric('ordering.probe', '', g)], { 'service.name': 'ordering' }));
    }
    await Promise.all(batches.map((m) => exporter.consume(m, EMPTY_CONTEXT)));
    const expr = `count(count_over_time(ordering_probe[2m] @ ${END_S}) == ${BATCHES})`;
    await prom.waitForQuery(expr, (v) => v[0]?.value === SERIES, 30_000);
    assert.deepEqual(
      lines.filter((l) => l.level >= 40 && !String(l.msg).startsWith('starting')).map((l) => l.msg),
      [],
    );
  } finally {
    await exporter.shutdown();
  }
});
