// Config (Go's defaults and messages), the bounds we add (limits, overflow, expiry, evicted
// resources) and the connector's lifecycle (timer flush, shutdown flush, failures, self-metrics).
// What Go itself does is pinned by golden.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KeyValue,
  KeyValueList,
  ResourceSpans,
  ScopeSpans,
  Span,
  Traces,
  Metrics,
  mapValue,
  type Sum,
  type Histogram,
} from '../../../pdata/index.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { renderExposition } from '../../../telemetry/exposition.js';
import { configIssues, decodeConfig } from '../../../testing/components.js';
import { captureLogger } from '../../../testing/logger.js';
import { RecordingConsumer } from '../../../testing/sink.js';
import { testHost } from '../../../testing/host.js';
import { waitFor } from '../../../testing/wait.js';
import { SpanMetricsAggregator, OVERFLOW_KEY } from './aggregate.js';
import { DEFAULT_BUCKETS_MS, resolveSettings, type SpanMetricsConfig } from './config.js';
import { spanMetricsConnectorFactory as factory } from './factory.js';
import type { SpanMetricsConnector } from './connector.js';

function spans(service: string, names: string[], ms = 3, extraResource: Record<string, string> = {}): Traces {
  const rs = new ResourceSpans();
  rs.resource.attributes = [new KeyValue('service.name', service), ...Object.entries(extraResource).map(([k, v]) => new KeyValue(k, v))];
  const ss = new ScopeSpans();
  ss.spans = names.map((name) => {
    const s = new Span();
    s.name = name;
    s.kind = 2;
    s.startTimeUnixNano = 1_000_000_000n;
    s.endTimeUnixNano = 1_000_000_000n + BigInt(ms) * 1_000_000n;
    return s;
  });
  rs.scopeSpans = [ss];
  return new Traces([rs]);
}

function aggregator(input: unknown): SpanMetricsAggregator {
  const { cfg, issues } = decodeConfig<SpanMetricsConfig>(factory, input);
  assert.deepEqual(issues, []);
  return new SpanMetricsAggregator(resolveSettings(cfg));
}

/** calls per span name (or `overflow`) across every resource of a flush. */
function calls(m: Metrics): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const rm of m.resourceMetrics) {
    const metric = rm.scopeMetrics[0]!.metrics.find((x) => x.name === 'traces.span.metrics.calls')!;
    for (const dp of (metric.data as Sum).dataPoints) {
      const name = dp.attributes.find((a) => a.key === 'span.name')?.value;
      const key = dp.attributes.some((a) => a.key === OVERFLOW_KEY && a.value === true) ? 'overflow' : `${String(name)}`;
      out.set(key, (out.get(key) ?? 0n) + (dp.value as bigint));
    }
  }
  return out;
}

test('config: defaults are Go v0.130 defaults plus our limits', () => {
  const { cfg, issues } = decodeConfig<SpanMetricsConfig>(factory, null);
  assert.deepEqual(issues, []);
  assert.equal(cfg.namespace, 'traces.span.metrics');
  assert.equal(cfg.metrics_flush_interval, 60_000);
  assert.equal(cfg.aggregation_temporality, 'AGGREGATION_TEMPORALITY_CUMULATIVE');
  assert.equal(cfg.resource_metrics_cache_size, 1000);
  assert.equal(cfg.metrics_expiration, 0);
  assert.equal(cfg.aggregation_cardinality_limit, 2000);
  assert.equal(cfg.total_cardinality_limit, 20_000);
  assert.equal(cfg.series_expiration, 300_000);
  const st = resolveSettings(cfg);
  assert.deepEqual(st.bounds, DEFAULT_BUCKETS_MS);
  assert.equal(st.histogram, 'explicit');
  assert.equal(st.unit, 'ms');
  const secs = resolveSettings(decodeConfig<SpanMetricsConfig>(factory, { histogram: { unit: 'S' } }).cfg);
  assert.deepEqual(secs.bounds.slice(0, 3), [0.002, 0.004, 0.006]);
  const custom = resolveSettings(decodeConfig<SpanMetricsConfig>(factory, { histogram: { explicit: { buckets: ['100us', '1ms', '1.5s'] } } }).cfg);
  assert.deepEqual(custom.bounds, [0.1, 1, 1500]);
});

test('config: Go validation messages', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ dimensions: [{ name: 'span.kind' }] }, /^failed validating dimensions: duplicate dimension name span.kind$/],
    [{ dimensions: [{ name: 'a' }, { name: 'a' }] }, /duplicate dimension name a/],
    [{ events: { enabled: true } }, /^failed validating event dimensions: no dimensions configured for events$/],
    [{ histogram: { explicit: { buckets: ['1ms'] }, exponential: { max_size: 10 } } }, /^use either `explicit` or `exponential` buckets histogram$/],
    [{ histogram: { unit: 'h' } }, /^unknown Unit "h", allowed units are "ms" and "s"$/],
    [{ metrics_expiration: '-20s' }, /^invalid metrics_expiration: -20s, the duration should be positive$/],
    [{ metrics_flush_interval: '0s' }, /^invalid metrics_flush_interval: 0s/],
    [{ aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA', metric_timestamp_cache_size: 0 }, /^invalid delta timestamp cache size: 0/],
    [{ aggregation_cardinality_limit: -1 }, /^invalid aggregation_cardinality_limit: -1, the limit should be positive$/],
    [{ resource_metrics_cache_size: 0 }, /must provide a positive size/],
    [{ unknown_key: 1 }, /invalid keys: unknown_key/],
  ];
  for (const [input, re] of cases) {
    const issues = configIssues(factory, input);
    assert.equal(issues.length, 1, `${JSON.stringify(input)} → ${JSON.stringify(issues)}`);
    assert.match(issues[0]!, re);
  }
  // Go's full example config (README) is valid as is.
  assert.deepEqual(
    configIssues(factory, {
      histogram: {
        dimensions: [{ name: 'url.scheme', default: 'https' }],
        explicit: { buckets: ['100us', '1ms', '2ms', '6ms', '10ms', '100ms', '250ms'] },
      },
      dimensions: [{ name: 'http.method', default: 'GET' }, { name: 'http.status_code' }],
      calls_dimensions: [{ name: 'http.url', default: '/ping' }],
      exemplars: { enabled: true },
      exclude_dimensions: ['status.code'],
      dimensions_cache_size: 1000,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
      metrics_flush_interval: '15s',
      metrics_expiration: '5m',
      events: { enabled: true, dimensions: [{ name: 'exception.type' }, { name: 'exception.message' }] },
      resource_metrics_key_attributes: ['service.name', 'telemetry.sdk.language', 'telemetry.sdk.name'],
      include_instrumentation_scope: ['express'],
    }),
    [],
  );
});

test('limit per resource: past it one overflow series counts the rest, other resources unaffected', () => {
  const agg = aggregator({ aggregation_cardinality_limit: 5 });
  agg.consume(
    spans(
      'flood',
      Array.from({ length: 50 }, (_, i) => `/u/${i}`),
    ),
    1n,
    0,
  );
  agg.consume(spans('calm', ['a', 'b']), 1n, 0);
  agg.flush(2n, 0); // cumulative: first flush is all zeros
  const got = calls(agg.flush(3n, 0));
  assert.equal(got.get('overflow'), 45n);
  assert.equal(got.get('/u/0'), 1n);
  assert.equal(got.get('/u/5'), undefined);
  assert.equal(got.get('a'), 1n);
  // calls: 5 + overflow; duration: 5 + overflow; calm: 2 + 2.
  assert.equal(agg.stats.series, 16);
  assert.equal(agg.stats.overflowItems, 45);
});

test('total limit across resources: a flood of resources cannot grow past it', () => {
  const agg = aggregator({ aggregation_cardinality_limit: 0, total_cardinality_limit: 100, histogram: { disable: true } });
  for (let r = 0; r < 50; r++)
    agg.consume(
      spans(
        `svc-${r}`,
        Array.from({ length: 10 }, (_, i) => `op-${i}`),
      ),
      1n,
      0,
    );
  // 100 real series, then one overflow series per resource that arrived after the limit.
  assert.equal(agg.stats.series, 100 + 40);
  agg.flush(2n, 0);
  const got = calls(agg.flush(3n, 0));
  let total = 0n;
  for (const v of got.values()) total += v;
  assert.equal(total, 500n, 'every span is counted, in its series or an overflow one');
  assert.equal(got.get('overflow'), 400n);
});

test('series_expiration: idle series go, and a new name takes the freed slot instead of overflowing', () => {
  const agg = aggregator({ aggregation_cardinality_limit: 2, series_expiration: '1m', histogram: { disable: true } });
  agg.consume(spans('s', ['old-1', 'old-2']), 1n, 0);
  agg.flush(2n, 1000);
  agg.consume(spans('s', ['old-2']), 3n, 30_000);
  agg.flush(4n, 70_000); // old-1 idle for 70 s
  assert.equal(agg.stats.expiredSeries, 1);
  agg.consume(spans('s', ['new']), 5n, 71_000);
  agg.flush(6n, 72_000);
  const got = calls(agg.flush(7n, 73_000));
  assert.deepEqual([...got.keys()].sort(), ['new', 'old-2']);
  assert.equal(agg.stats.overflowItems, 0);
});

test('metrics_expiration (Go): a resource not seen for that long is dropped; default never expires resources', () => {
  const agg = aggregator({ metrics_expiration: '30s', series_expiration: 0 });
  agg.consume(spans('gone', ['x']), 1n, 0);
  agg.consume(spans('stays', ['y']), 1n, 0);
  agg.flush(2n, 10_000);
  agg.consume(spans('stays', ['y']), 3n, 25_000);
  const m = agg.flush(4n, 40_000);
  assert.equal(m.resourceMetrics.length, 2, 'both are emitted at the flush that expires one');
  assert.deepEqual([...calls(agg.flush(5n, 41_000)).keys()], ['y']);
  assert.equal(agg.stats.resources, 1);
});

test('evicted resources waiting for their last flush are bounded by resource_metrics_cache_size', () => {
  const agg = aggregator({ resource_metrics_cache_size: 2, histogram: { disable: true } });
  for (let r = 0; r < 10; r++) agg.consume(spans(`svc-${r}`, ['op']), 1n, 0);
  assert.equal(agg.resourceCount, 4);
  assert.equal(agg.stats.droppedResources, 6);
  assert.equal(agg.stats.series, 4);
  // Go: the evicted ones are emitted once more, then forgotten.
  assert.equal(agg.flush(2n, 0).resourceMetrics.length, 4);
  assert.equal(agg.flush(3n, 0).resourceMetrics.length, 2);
  assert.equal(agg.stats.series, 2);
});

test('delta: state is dropped every flush, and start time is the previous flush', () => {
  const agg = aggregator({ aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA' });
  agg.consume(spans('d', ['op', 'op']), 10n, 0);
  const first = agg.flush(20n, 0);
  assert.equal(agg.stats.series, 0);
  agg.consume(spans('d', ['op']), 30n, 0);
  const second = agg.flush(40n, 0);
  const dp1 = (first.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data as Sum).dataPoints[0]!;
  const dp2 = (second.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data as Sum).dataPoints[0]!;
  assert.deepEqual([dp1.value, dp1.startTimeUnixNano, dp1.timeUnixNano], [2n, 10n, 20n]);
  assert.deepEqual([dp2.value, dp2.startTimeUnixNano, dp2.timeUnixNano], [1n, 20n, 40n]);
  assert.equal(second.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.name, 'traces.span.metrics.calls');
  const hist = second.resourceMetrics[0]!.scopeMetrics[0]!.metrics[1]!.data as Histogram;
  assert.equal(hist.aggregationTemporality, 1);
});

async function startConnector(input: Record<string, unknown>, next = new RecordingConsumer()) {
  const { cfg, issues } = decodeConfig<SpanMetricsConfig>(factory, input);
  assert.deepEqual(issues, []);
  const { logger, lines } = captureLogger();
  const telemetry = new MetricsRegistry();
  const c = factory.create({ id: 'spanmetrics/test', kind: 'connector', logger, telemetry }, cfg, 'traces', 'metrics', next) as SpanMetricsConnector;
  await c.start(testHost());
  return { c, next, lines, metricsText: () => renderExposition(telemetry.collect()) };
}

test('connector: flushes on its interval, never refuses spans, and flushes once more at shutdown', async () => {
  const { c, next, metricsText } = await startConnector({ metrics_flush_interval: '50ms', aggregation_cardinality_limit: 3 });
  try {
    await c.consume(spans('svc', ['a', 'b', 'c', 'd', 'e']), {});
    await waitFor(() => next.payloads.some((p) => calls(p as Metrics).get('overflow') === 2n), 3000, 'a flush with the counts');
    const text = metricsText();
    assert.match(text, /otelcol_connector_spanmetrics_overflow_items\{connector="spanmetrics\/test"\} 2/);
    assert.match(text, /otelcol_connector_spanmetrics_cardinality_limit\{connector="spanmetrics\/test",scope="resource"\} 3/);
    assert.match(text, /otelcol_connector_spanmetrics_cardinality_limit\{connector="spanmetrics\/test",scope="total"\} 20000/);
    assert.match(text, /otelcol_connector_spanmetrics_series\{connector="spanmetrics\/test"\} 8/);
  } finally {
    await c.shutdown();
  }
  const { c: c2, next: next2 } = await startConnector({ metrics_flush_interval: '1h', aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA' });
  await c2.consume(spans('svc', ['late']), {});
  assert.equal(next2.payloads.length, 0);
  await c2.shutdown();
  assert.equal(calls(next2.payloads[0] as Metrics).get('late'), 1n, 'shutdown flushed the last interval');
  await c2.shutdown();
  assert.equal(next2.payloads.length, 1, 'shutdown is idempotent');
});

test('connector: a failing consumer is logged and the state carries on', async () => {
  const next = new RecordingConsumer();
  next.refuseWith = new Error('backend down');
  const { c, lines } = await startConnector({ metrics_flush_interval: '1h' }, next);
  await c.consume(spans('svc', ['a']), {});
  await c.flush();
  assert.ok(lines.some((l) => l.msg === 'Failed ConsumeMetrics' && String(l.err).includes('backend down')));
  next.refuseWith = undefined;
  await c.flush();
  await c.shutdown();
  assert.equal(calls(next.payloads[0] as Metrics).get('a'), 1n);
});

test('--workers opt-in: worker aggregators ship partials (structured clone), the leader merges and flushes them', async () => {
  const { cfg } = decodeConfig<SpanMetricsConfig>(factory, { aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA' });
  const ctx = { id: 'spanmetrics', kind: 'connector' as const, logger: captureLogger().logger, telemetry: new MetricsRegistry() };
  const workers = [factory.partial.createAggregator(ctx, cfg, 'traces', 'metrics'), factory.partial.createAggregator(ctx, cfg, 'traces', 'metrics')];
  assert.equal(workers[0]!.take(), undefined, 'nothing added: nothing to ship');
  const withMap = spans('w', ['a', 'b']);
  withMap.resourceSpans[0]!.resource.attributes.push(new KeyValue('labels', mapValue({ team: 'x' })));
  workers[0]!.add(withMap, {});
  workers[1]!.add(spans('w', ['a']), {});
  workers[1]!.add(spans('w', ['a']), {});
  const { c, next } = await startConnector({ metrics_flush_interval: '1h', aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA' });
  for (const w of workers) c.merge(structuredClone(w.take()));
  assert.equal(workers[1]!.take(), undefined, 'take() resets the worker');
  await c.shutdown();
  const m = next.payloads[0] as Metrics;
  assert.deepEqual(Object.fromEntries(calls(m)), { a: 3n, b: 1n });
  // A map-valued resource attribute is a KeyValueList again, so it encodes.
  assert.ok(m.resourceMetrics[0]!.resource.attributes.find((a) => a.key === 'labels')!.value instanceof KeyValueList);
  assert.match(m.toJSON(), /"kvlistValue"/);
});
