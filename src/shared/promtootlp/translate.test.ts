import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExponentialHistogram, Gauge, Histogram, Metric, ResourceMetrics, Sum, Summary } from '../../pdata/index.js';
import { SymbolTable, STALE_NAN, type PromLabel, type TimeSeriesV1 } from '../codec/prompb/index.js';
import { nativeHistogram } from '../codec/prompb/testkit.js';
import { MetadataStore, ResourceCache, translateV1, translateV2 } from './index.js';

const T = 1_733_140_800_000;
const opts = () => ({ scopeName: 'otelcol-ts', scopeVersion: '0.1.0', resources: new ResourceCache() });
const L = (o: Record<string, string>): PromLabel[] =>
  Object.entries(o)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => ({ name, value }));
const series = (labels: Record<string, string>, values: number[], t = T): TimeSeriesV1 => ({
  labels: L(labels),
  samples: values.map((value, i) => ({ value, timestamp: t + i * 15_000 })),
  exemplars: [],
  histograms: [],
});
const attrs = (kvs: Array<{ key: string; value: unknown }>) => Object.fromEntries(kvs.map((kv) => [kv.key, kv.value]));
function metric(rms: ResourceMetrics[], name: string): Metric {
  for (const rm of rms) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) if (m.name === name) return m;
  throw new Error(`no metric ${name}`);
}

test('1.0: counters, gauges, classic histograms and summaries become one OTLP metric each, typed by metadata', () => {
  const md = new MetadataStore();
  const tgt = { job: 'node', instance: 'host:9100' };
  const res = translateV1(
    {
      timeseries: [
        series({ __name__: 'http_requests_total', code: '200', ...tgt }, [10, 12]),
        series({ __name__: 'temperature', ...tgt }, [21.5]),
        series({ __name__: 'lat_bucket', le: '0.1', ...tgt }, [2]),
        series({ __name__: 'lat_bucket', le: '1', ...tgt }, [5]),
        series({ __name__: 'lat_bucket', le: '+Inf', ...tgt }, [6]),
        series({ __name__: 'lat_sum', ...tgt }, [3.25]),
        series({ __name__: 'lat_count', ...tgt }, [6]),
        series({ __name__: 'rpc', quantile: '0.5', ...tgt }, [0.2]),
        series({ __name__: 'rpc', quantile: '0.99', ...tgt }, [0.9]),
        series({ __name__: 'rpc_sum', ...tgt }, [40]),
        series({ __name__: 'rpc_count', ...tgt }, [100]),
        series({ __name__: 'mystery', ...tgt }, [1, STALE_NAN]),
        series({ __name__: 'scoped', otel_scope_name: 'lib', otel_scope_version: '2', ...tgt }, [7]),
        series({ __name__: 'target_info', env: 'prod', ...tgt }, [1]),
      ],
      metadata: [
        { type: 1, metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' },
        { type: 2, metricFamilyName: 'temperature', help: 'Temp.', unit: 'Cel' },
        { type: 3, metricFamilyName: 'lat', help: 'Latency.', unit: 'seconds' },
        { type: 5, metricFamilyName: 'rpc', help: 'RPC.', unit: '' },
      ],
    },
    md,
    opts(),
  );
  assert.deepEqual(res.errors, []);
  assert.equal(res.resourceMetrics.length, 1);
  const rm = res.resourceMetrics[0]!;
  assert.deepEqual(attrs(rm.resource.attributes), { 'service.instance.id': 'host:9100', 'service.name': 'node', env: 'prod' });
  assert.deepEqual(
    rm.scopeMetrics.map((s) => [s.scope.name, s.scope.version]),
    [
      ['otelcol-ts', '0.1.0'],
      ['lib', '2'],
    ],
  );

  const counter = metric(res.resourceMetrics, 'http_requests_total');
  const sum = counter.data as Sum;
  assert.equal(sum.type, 'Sum');
  assert.equal(sum.isMonotonic, true);
  assert.equal(sum.aggregationTemporality, 2);
  assert.equal(counter.description, 'Requests.');
  assert.deepEqual(
    sum.dataPoints.map((d) => [d.value, d.timeUnixNano, attrs(d.attributes)]),
    [
      [10, BigInt(T) * 1_000_000n, { code: '200' }],
      [12, BigInt(T + 15_000) * 1_000_000n, { code: '200' }],
    ],
  );
  assert.deepEqual(attrs(counter.metadata), { 'prometheus.type': 'counter' });

  const gauge = metric(res.resourceMetrics, 'temperature');
  assert.equal(gauge.data!.type, 'Gauge');
  assert.equal(gauge.unit, 'Cel');

  const hist = metric(res.resourceMetrics, 'lat');
  assert.equal(hist.unit, 'seconds');
  const h = hist.data as Histogram;
  assert.equal(h.type, 'Histogram');
  assert.equal(h.aggregationTemporality, 2);
  assert.equal(h.dataPoints.length, 1);
  assert.deepEqual(h.dataPoints[0]!.explicitBounds, [0.1, 1]);
  assert.deepEqual(h.dataPoints[0]!.bucketCounts, [2n, 3n, 1n]);
  assert.equal(h.dataPoints[0]!.count, 6n);
  assert.equal(h.dataPoints[0]!.sum, 3.25);
  assert.deepEqual(h.dataPoints[0]!.attributes, []);

  const summary = metric(res.resourceMetrics, 'rpc').data as Summary;
  assert.equal(summary.type, 'Summary');
  assert.deepEqual(
    summary.dataPoints[0]!.quantileValues.map((q) => [q.quantile, q.value]),
    [
      [0.5, 0.2],
      [0.99, 0.9],
    ],
  );
  assert.equal(summary.dataPoints[0]!.count, 100n);
  assert.equal(summary.dataPoints[0]!.sum, 40);

  const unknown = metric(res.resourceMetrics, 'mystery');
  assert.equal(unknown.data!.type, 'Gauge');
  assert.deepEqual(attrs(unknown.metadata), { 'prometheus.type': 'unknown' });
  assert.equal((unknown.data as Gauge).dataPoints.length, 1);
  assert.equal(res.stats.staleMarkers, 1);
  // 2 + 1 + 5 histogram parts + 4 summary parts + 1 + 1
  assert.equal(res.stats.samples, 14);

  // target_info is remembered for the next request from the same job/instance.
  const next = translateV1({ timeseries: [series({ __name__: 'temperature', ...tgt }, [1])], metadata: [] }, md, {
    ...opts(),
    resources: (() => {
      const o = opts();
      translateV1({ timeseries: [series({ __name__: 'target_info', env: 'prod', ...tgt }, [1])], metadata: [] }, md, o);
      return o.resources;
    })(),
  });
  assert.deepEqual(attrs(next.resourceMetrics[0]!.resource.attributes), { 'service.instance.id': 'host:9100', 'service.name': 'node', env: 'prod' });
  // Metadata learned earlier still types a later request.
  assert.equal(
    metric(
      translateV1({ timeseries: [series({ __name__: 'http_requests_total' }, [1])], metadata: [] }, md, opts()).resourceMetrics,
      'http_requests_total',
    ).data!.type,
    'Sum',
  );
});

test('1.0 without metadata: histogram and summary parts are grouped by shape; job "ns/name" splits', () => {
  const res = translateV1(
    {
      timeseries: [
        series({ __name__: 'd_bucket', le: '1', job: 'shop/cart', path: '/a' }, [1, 2]),
        series({ __name__: 'd_bucket', le: '+Inf', job: 'shop/cart', path: '/a' }, [3, 4]),
        series({ __name__: 'd_count', job: 'shop/cart', path: '/a' }, [3, 4]),
        series({ __name__: 'd_bucket', le: '+Inf', job: 'shop/cart', path: '/b' }, [9]),
        series({ __name__: 'jobs_done_total', job: 'shop/cart' }, [9]),
      ],
      metadata: [],
    },
    new MetadataStore(),
    opts(),
  );
  assert.deepEqual(attrs(res.resourceMetrics[0]!.resource.attributes), { 'service.namespace': 'shop', 'service.name': 'cart' });
  const h = metric(res.resourceMetrics, 'd').data as Histogram;
  assert.deepEqual(
    h.dataPoints.map((d) => [attrs(d.attributes).path, d.count, d.bucketCounts, d.sum]),
    [
      ['/a', 3n, [1n, 2n], null],
      ['/a', 4n, [2n, 2n], null],
      ['/b', 9n, [9n], null],
    ],
  );
  // No metadata yet: a `_total` series is a counter by convention.
  assert.equal(metric(res.resourceMetrics, 'jobs_done_total').data!.type, 'Sum');
});

test('1.0: invalid series are reported and skipped, the rest is translated', () => {
  const res = translateV1(
    {
      timeseries: [
        series({ __name__: 'ok' }, [1]),
        { labels: [{ name: 'job', value: 'x' }], samples: [{ value: 1, timestamp: T }], exemplars: [], histograms: [] },
        {
          labels: [
            { name: '__name__', value: 'dup' },
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
          samples: [{ value: 1, timestamp: T }],
          exemplars: [],
          histograms: [],
        },
        series({ __name__: 'bad', 'service.name': 'x' }, [1]),
        series({ __name__: 'bad-name' }, [1]),
      ],
      metadata: [],
    },
    new MetadataStore(),
    opts(),
  );
  assert.deepEqual(res.errors, [
    'missing metric name in labels (series {job="x"})',
    'duplicate label "a" in labels (series {__name__="dup", a="1", a="2"})',
    'invalid label name "service.name" (series {__name__="bad", service.name="x"})',
    'invalid metric name "bad-name" (series {__name__="bad-name"})',
  ]);
  assert.equal(metric(res.resourceMetrics, 'ok').data!.type, 'Gauge');
});

test('2.0: native histograms become exponential histograms, created timestamps start times, metadata types and units', () => {
  const st = new SymbolTable();
  const req = {
    symbols: st.symbols,
    timeseries: [
      {
        labelsRefs: st.refs(L({ __name__: 'reqs_total', job: 'api', instance: 'a:1' })),
        samples: [{ value: 5, timestamp: T }],
        histograms: [],
        exemplars: [{ labelsRefs: st.refs(L({ trace_id: '0af7651916cd43dd8448eb211c80319c', user: 'u1' })), value: 1, timestamp: T }],
        metadata: { type: 1, helpRef: st.ref('All requests.'), unitRef: st.ref('{request}') },
        createdTimestamp: T - 60_000,
      },
      {
        labelsRefs: st.refs(L({ __name__: 'lat', job: 'api', instance: 'a:1' })),
        samples: [],
        histograms: [nativeHistogram({ timestamp: T, startTimestamp: T - 1000 }), nativeHistogram({ resetHint: 3 })],
        exemplars: [],
        metadata: { type: 3, helpRef: 0, unitRef: st.ref('s') },
        createdTimestamp: 0,
      },
      {
        labelsRefs: st.refs(L({ __name__: 'nhcb', job: 'api', instance: 'a:1' })),
        samples: [],
        histograms: [
          nativeHistogram({ schema: -53, positiveSpans: [{ offset: 0, length: 3 }], positiveDeltas: [4, 0, -4], customValues: [0.1, 0.5] }),
        ],
        exemplars: [],
        metadata: { type: 3, helpRef: 0, unitRef: 0 },
        createdTimestamp: 0,
      },
    ],
  };
  const res = translateV2(req, opts());
  assert.deepEqual(res.errors, []);
  const counter = metric(res.resourceMetrics, 'reqs_total');
  assert.equal(counter.unit, '{request}');
  assert.equal(counter.description, 'All requests.');
  const dp = (counter.data as Sum).dataPoints[0]!;
  assert.equal(dp.startTimeUnixNano, BigInt(T - 60_000) * 1_000_000n);
  assert.equal(dp.exemplars.length, 1);
  assert.equal(Buffer.from(dp.exemplars[0]!.traceId, 'latin1').toString('hex'), '0af7651916cd43dd8448eb211c80319c');
  assert.deepEqual(attrs(dp.exemplars[0]!.filteredAttributes), { user: 'u1' });

  const exp = metric(res.resourceMetrics, 'lat').data as ExponentialHistogram;
  assert.equal(exp.type, 'ExponentialHistogram');
  assert.equal(exp.dataPoints.length, 1, 'the gauge histogram (reset hint GAUGE) is dropped');
  const e = exp.dataPoints[0]!;
  assert.equal(e.scale, 1);
  assert.equal(e.startTimeUnixNano, BigInt(T - 1000) * 1_000_000n);
  assert.equal(e.count, 12n);
  assert.equal(e.zeroCount, 2n);
  // Spans (-2, 2), (+1, 2) over deltas 2,-1,2,-3 → counts 2,1,[0],3,0 from OTLP offset -3.
  assert.equal(e.positive.offset, -3);
  assert.deepEqual(e.positive.bucketCounts, [2n, 1n, 0n, 3n, 0n]);
  assert.equal(e.negative.offset, -1);
  assert.deepEqual(e.negative.bucketCounts, [1n, 2n]);
  assert.equal(res.stats.histograms, 2);
  assert.equal(res.stats.dropped, 1);
  assert.equal(res.stats.samples, 1);
  assert.equal(res.stats.exemplars, 1);

  const nhcb = metric(res.resourceMetrics, 'nhcb').data as Histogram;
  assert.deepEqual(nhcb.dataPoints[0]!.explicitBounds, [0.1, 0.5]);
  assert.deepEqual(nhcb.dataPoints[0]!.bucketCounts, [4n, 4n, 0n]);
});

test('2.0: broken symbol references and out-of-range metadata refs invalidate their series', () => {
  const st = new SymbolTable();
  const good = st.refs(L({ __name__: 'g' }));
  const res = translateV2(
    {
      symbols: st.symbols,
      timeseries: [
        {
          labelsRefs: good,
          samples: [{ value: 1, timestamp: T }],
          histograms: [],
          exemplars: [],
          metadata: { type: 2, helpRef: 0, unitRef: 0 },
          createdTimestamp: 0,
        },
        {
          labelsRefs: [1, 99],
          samples: [{ value: 1, timestamp: T }],
          histograms: [],
          exemplars: [],
          metadata: { type: 2, helpRef: 0, unitRef: 0 },
          createdTimestamp: 0,
        },
        {
          labelsRefs: [1],
          samples: [{ value: 1, timestamp: T }],
          histograms: [],
          exemplars: [],
          metadata: { type: 2, helpRef: 0, unitRef: 0 },
          createdTimestamp: 0,
        },
        {
          labelsRefs: good,
          samples: [{ value: 1, timestamp: T }],
          histograms: [],
          exemplars: [],
          metadata: { type: 2, helpRef: 50, unitRef: 0 },
          createdTimestamp: 0,
        },
      ],
    },
    opts(),
  );
  assert.deepEqual(res.errors, [
    'labels_refs references symbol 99, but the symbol table has 3 entries',
    'labels_refs has an odd number of references (1)',
    'help ref 50 is out of bounds of symbolsTable (series {__name__="g"})',
  ]);
  assert.equal((metric(res.resourceMetrics, 'g').data as Gauge).dataPoints.length, 1);
});

test('fuzz: decode + translate never throws anything but PrompbDecodeError', async () => {
  const { fuzzDecoder } = await import('../../testing/fuzz.js');
  const { decodeRequestV2, decodeWriteRequestV1, encodeRequestV2, encodeWriteRequestV1, PrompbDecodeError } =
    await import('../codec/prompb/index.js');
  const { sampleV1, sampleV2 } = await import('../codec/prompb/testkit.js');
  const isPrompb = (e: unknown) => e instanceof PrompbDecodeError;
  const md = new MetadataStore();
  const o = opts();
  const r1 = fuzzDecoder({
    name: 'promtootlp-v1',
    seeds: [encodeWriteRequestV1(sampleV1())],
    decode: (b) => translateV1(decodeWriteRequestV1(b), md, o),
    expected: isPrompb,
  });
  const r2 = fuzzDecoder({
    name: 'promtootlp-v2',
    seeds: [encodeRequestV2(sampleV2())],
    decode: (b) => translateV2(decodeRequestV2(b), o),
    expected: isPrompb,
  });
  assert.ok(r1.accepted > 0 && r2.accepted > 0, JSON.stringify([r1, r2]));
});
