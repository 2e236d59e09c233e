// The OTLP/JSON batches record.mjs posts, in order, to the Go collector's otlp receiver, and the
// exporter variants it scrapes. record.mjs writes them to inputs.json, which the golden test reads.

const T0 = 1_700_000_000_000_000_000n;
const s = 1_000_000_000n;
const ts = (sec) => String(T0 + BigInt(sec) * s);

const str = (v) => ({ stringValue: v });
const attrs = (o) =>
  Object.entries(o).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? str(v)
        : typeof v === 'boolean'
          ? { boolValue: v }
          : typeof v === 'bigint'
            ? { intValue: String(v) }
            : Array.isArray(v)
              ? { arrayValue: { values: v.map(str) } }
              : { doubleValue: v },
  }));

const num = (v, a, start, end, extra = {}) => ({
  attributes: attrs(a),
  startTimeUnixNano: ts(start),
  timeUnixNano: ts(end),
  ...(typeof v === 'bigint' ? { asInt: String(v) } : { asDouble: v }),
  ...extra,
});
const gauge = (name, unit, points, description = '') => ({ name, unit, description, gauge: { dataPoints: points } });
const sum = (name, unit, temporality, monotonic, points, description = '') => ({
  name,
  unit,
  description,
  sum: { dataPoints: points, aggregationTemporality: temporality, isMonotonic: monotonic },
});
const DELTA = 1;
const CUMULATIVE = 2;
const exemplar = (value, sec, traceId, spanId, a = {}) => ({
  filteredAttributes: attrs(a),
  timeUnixNano: ts(sec),
  asDouble: value,
  traceId,
  spanId,
});
const hist = (name, unit, temporality, points, description = '') => ({
  name,
  unit,
  description,
  histogram: { dataPoints: points, aggregationTemporality: temporality },
});
const hpoint = (a, start, end, bounds, counts, sumV, extra = {}) => ({
  attributes: attrs(a),
  startTimeUnixNano: ts(start),
  timeUnixNano: ts(end),
  count: String(counts.reduce((x, y) => x + y, 0)),
  ...(sumV === undefined ? {} : { sum: sumV }),
  bucketCounts: counts.map(String),
  explicitBounds: bounds,
  ...extra,
});

const resA = attrs({
  'service.name': 'api',
  'service.namespace': 'shop',
  'service.instance.id': 'i-1',
  'host.name': 'h1',
  '0weird': 'x',
  'a.b': '1',
  a_b: '2',
  'deployment.environment': 'prod',
});
const resB = attrs({ 'service.name': 'worker', 'k8s.pod.name': 'w-0' });
const resC = attrs({ 'host.name': 'bare' });
const resD = attrs({ 'service.name': 'api2', 'service.instance.id': 'i-2', region: 'x' });
const scopeA = {
  scope: { name: 'lib.a', version: '1.2.0', attributes: attrs({ 'lib.kind': 'auto' }) },
  schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
};
const scopeB = { scope: { name: 'lib.b' } };

const batch1 = {
  resourceMetrics: [
    {
      resource: { attributes: resA },
      scopeMetrics: [
        {
          ...scopeA,
          metrics: [
            hist(
              'http.server.duration',
              'ms',
              CUMULATIVE,
              [
                hpoint({ 'http.method': 'GET', 'http.status_code': 200n }, 0, 10, [5, 10, 25.5, 100, 1000000], [1, 2, 3, 4, 0, 1], 1234.5, {
                  exemplars: [exemplar(7.5, 9, '5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174', { user: 'u1' })],
                }),
                hpoint({ 'http.method': 'POST', 'http.status_code': 500n }, 0, 10, [5, 10, 25.5, 100, 1000000], [0, 0, 0, 0, 0, 0], undefined),
              ],
              'Duration of "HTTP" requests\nin ms \\ wall',
            ),
            sum(
              'http.requests',
              '{requests}',
              CUMULATIVE,
              true,
              [
                num(42n, { route: '/a"b\\c\nd', '0code': 'x', _private: 'y', café: 'é' }, 0, 10, {
                  exemplars: [exemplar(1, 8, '5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174')],
                }),
                num(7n, { route: '/health', '0code': 'x', _private: 'y', café: 'é' }, 0, 10),
              ],
              'Requests served',
            ),
            sum('bytes.sent', 'By', DELTA, true, [num(100, { peer: 'p1' }, 0, 10), num(5, { peer: 'p2' }, 0, 10)]),
            sum('queue.size', '1', CUMULATIVE, false, [num(3n, {}, 0, 10)]),
            sum('temperature.change', 'Cel', DELTA, false, [num(1.5, {}, 0, 10)]),
            gauge('cpu.utilization', '1', [
              num(0.5, { cpu: '0' }, 0, 10),
              num(NaN, { cpu: '1' }, 0, 10),
              num(Infinity, { cpu: '2' }, 0, 10),
              num(-0, { cpu: '3' }, 0, 10),
              num(1e6, { cpu: '4' }, 0, 10),
              num(1.5e-7, { cpu: '5' }, 0, 10),
              num(-Infinity, { cpu: '6' }, 0, 10),
              num(0.1 + 0.2, { cpu: '7' }, 0, 10),
            ]),
            gauge('process.memory.usage', 'KiBy', [num(123456789n, {}, 0, 10)]),
            gauge('network.io.rate', 'By/s', [num(2048.25, { direction: 'in' }, 0, 10)]),
            sum('process.uptime_total', 's', CUMULATIVE, true, [num(3600.5, {}, 0, 10)]),
            {
              name: 'rpc.latency',
              unit: 's',
              description: 'RPC latency',
              summary: {
                dataPoints: [
                  {
                    attributes: attrs({ method: 'Get' }),
                    startTimeUnixNano: ts(0),
                    timeUnixNano: ts(10),
                    count: '10',
                    sum: 4.25,
                    quantileValues: [
                      { quantile: 0.5, value: 0.3 },
                      { quantile: 0.99, value: 1.2 },
                    ],
                  },
                ],
              },
            },
            {
              name: 'payload.size',
              unit: 'By',
              exponentialHistogram: {
                aggregationTemporality: CUMULATIVE,
                dataPoints: [
                  {
                    attributes: [],
                    startTimeUnixNano: ts(0),
                    timeUnixNano: ts(10),
                    count: '3',
                    sum: 30,
                    scale: 1,
                    zeroCount: '1',
                    positive: { offset: 2, bucketCounts: ['1', '1'] },
                  },
                ],
              },
            },
            gauge('3d.render.time', 'ms', [num(16n, {}, 0, 10)]),
            gauge('café.temp', 'Cel', [num(21.5, {}, 0, 10)]),
            gauge('weird...name__x', 'm/s', [num(1n, { 'a/b': '1', 'list.attr': ['x', 'y'], 'flag.on': true, 'dbl.attr': 2.5 }, 0, 10)]),
            // Go refuses these series (label "job" twice; a reserved "__" label): dropped, error logged.
            gauge('job.clash', '', [num(1n, { job: 'mine' }, 0, 10)]),
            gauge('reserved.label', '', [num(1n, { __dunder: 'z' }, 0, 10)]),
            // Stale point: deletes the series (and Go stops reading the metric's other points).
            gauge('stale.gauge', '', [num(1n, { k: 'a' }, 0, 10)]),
          ],
        },
        {
          ...scopeB,
          metrics: [sum('http.requests', '{requests}', CUMULATIVE, true, [num(9n, { route: '/b' }, 0, 10)], 'Requests served')],
        },
      ],
    },
    {
      resource: { attributes: resB },
      scopeMetrics: [
        {
          ...scopeB,
          metrics: [
            sum('jobs.done', '', DELTA, true, [num(2n, { queue: 'q1' }, 0, 10)], 'Jobs done'),
            hist('job.duration', 's', DELTA, [hpoint({ queue: 'q1' }, 0, 10, [0.1, 1, 10], [1, 1, 0, 0], 0.7)]),
            hist('job.size', 'By', DELTA, [hpoint({ queue: 'q1' }, 0, 10, [10, 100], [1, 0, 0], 5)]),
          ],
        },
      ],
    },
    {
      resource: { attributes: resD },
      scopeMetrics: [
        {
          ...scopeB,
          metrics: [
            sum(
              'http.requests',
              '{requests}',
              CUMULATIVE,
              true,
              [
                num(3n, { route: '/d' }, 0, 10, {
                  exemplars: [exemplar(2, 7, '0102030405060708090a0b0c0d0e0f10', '0102030405060708'), exemplar(3, 8, '', '')],
                }),
              ],
              'Requests served',
            ),
            hist('http.server.duration', 'ms', CUMULATIVE, [
              hpoint({ 'http.method': 'GET' }, 0, 10, [5, 10], [1, 0, 2], 2e7, {
                exemplars: [
                  exemplar(2e7, 9, '0102030405060708090a0b0c0d0e0f10', '0102030405060708'),
                  exemplar(1, 9, '', '0102030405060708'),
                  exemplar(4, 9, '0102030405060708090a0b0c0d0e0f11', ''),
                ],
              }),
            ]),
            {
              name: 'rpc.latency',
              unit: 's',
              description: 'RPC latency',
              summary: {
                dataPoints: [{ attributes: [], startTimeUnixNano: ts(0), timeUnixNano: ts(10), count: '0', sum: 0, quantileValues: [] }],
              },
            },
            gauge('cpu.utilization', '1', [num(1n, { cpu: 'all' }, 0, 10)]),
          ],
        },
      ],
    },
    {
      resource: { attributes: resC },
      scopeMetrics: [{ scope: {}, metrics: [gauge('bare.gauge', 'ms', [num(5n, {}, 0, 10)])] }],
    },
  ],
};

// Second batch: deltas that continue (start == previous end: added), that restart (start after the
// previous end: replace), histograms with the same and with changed bounds, an older cumulative point
// (ignored), a stale marker.
const batch2 = {
  resourceMetrics: [
    {
      resource: { attributes: resA },
      scopeMetrics: [
        {
          ...scopeA,
          metrics: [
            sum('bytes.sent', 'By', DELTA, true, [num(50, { peer: 'p1' }, 10, 20), num(7, { peer: 'p2' }, 15, 20)]),
            sum(
              'http.requests',
              '{requests}',
              CUMULATIVE,
              true,
              [num(40n, { route: '/health', '0code': 'x', _private: 'y', café: 'é' }, 0, 5)],
              'Requests served',
            ),
            gauge('stale.gauge', '', [num(0n, { k: 'a' }, 10, 20, { flags: 1 })]),
          ],
        },
      ],
    },
    {
      resource: { attributes: resB },
      scopeMetrics: [
        {
          ...scopeB,
          metrics: [
            sum('jobs.done', '', DELTA, true, [num(3n, { queue: 'q1' }, 10, 20)], 'Jobs done'),
            hist('job.duration', 's', DELTA, [hpoint({ queue: 'q1' }, 10, 20, [0.1, 1, 10], [0, 2, 1, 1], 20.5)]),
            hist('job.size', 'By', DELTA, [hpoint({ queue: 'q1' }, 10, 20, [10, 100, 1000], [0, 1, 1, 0], 600)]),
          ],
        },
      ],
    },
  ],
};

export const BATCHES = [batch1, batch2];

/** Exporter variants, each on its own port in one Go process; every one gets every batch. */
export const VARIANTS = {
  default: {},
  options: {
    namespace: 'my ns',
    const_labels: { env: 'test', 'region.name': 'eu' },
    send_timestamps: true,
    resource_to_telemetry_conversion: { enabled: true },
  },
  nosuffix: { add_metric_suffixes: false },
  openmetrics: { enable_open_metrics: true },
  openmetrics_options: {
    enable_open_metrics: true,
    send_timestamps: true,
    namespace: 'om',
    add_metric_suffixes: false,
    const_labels: { env: 'test' },
  },
};

/** What Prometheus 2.x/3.x sends when scraping, and a client that names no format. */
export const ACCEPTS = {
  prometheus: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  plain: '',
};
