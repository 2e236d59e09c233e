// The OTLP/JSON metrics fed to Go's and our prometheusremotewrite exporter, and the exporter
// settings of each fixture case. Every type, temporality and naming rule of the translator has a
// metric here; timestamps are fixed (nanoseconds, as OTLP/JSON strings).

const T1 = '1700000000123456789';
const T2 = '1700000010987654321';
const T0 = '1699990000000000000';

const str = (v) => ({ stringValue: v });
const kv = (key, value) => ({ key, value: typeof value === 'string' ? str(value) : value });

const exemplars = [
  {
    timeUnixNano: T1,
    asDouble: 0.0042,
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    filteredAttributes: [kv('client', 'a')],
  },
  { timeUnixNano: T1, asInt: '7', filteredAttributes: [kv('user', 'b'.repeat(120))] },
  { timeUnixNano: T2, asDouble: 3.5, traceId: '5b8efff798038103d269b633813fc60d', spanId: 'eee19b7ec3c1b175' },
  { timeUnixNano: T2, asDouble: 1e30, spanId: 'eee19b7ec3c1b176' },
];

const shopResource = {
  attributes: [
    kv('service.name', 'api'),
    kv('service.namespace', 'shop'),
    kv('service.instance.id', 'host-1:8080'),
    kv('host.name', 'host-1'),
    kv('k8s.pod.name', 'api-7d9f'),
    kv('os.version', { intValue: '22' }),
  ],
};

const shopMetrics = [
  {
    name: 'cpu.utilization',
    unit: '1',
    description: 'CPU utilization',
    gauge: {
      dataPoints: [
        // Out of time order within one series: requests must carry them sorted.
        { timeUnixNano: T2, asDouble: 0.25, attributes: [kv('cpu', '0'), kv('state', 'idle')] },
        { timeUnixNano: T1, asDouble: 0.5, attributes: [kv('cpu', '0'), kv('state', 'idle')] },
        { timeUnixNano: T1, asDouble: 0.125, attributes: [kv('cpu', '1'), kv('state', 'user')] },
      ],
    },
  },
  {
    name: 'memory.usage',
    unit: 'By',
    gauge: {
      dataPoints: [
        {
          timeUnixNano: T1,
          asInt: '123456789',
          attributes: [
            kv('http.method', 'GET'),
            kv('http_method', 'POST'),
            kv('http-method', 'GET'),
            kv('1st', 'x'),
            kv('_private', 'y'),
            kv('__dunder', 'z'),
            kv('ünïcödé', 'välue ✓'),
            kv('bool', { boolValue: true }),
            kv('dbl', { doubleValue: 1.5 }),
            kv('arr', { arrayValue: { values: [str('a'), { intValue: '1' }] } }),
            kv('map', { kvlistValue: { values: [kv('k', 'v')] } }),
          ],
        },
      ],
    },
  },
  {
    name: 'temperature',
    unit: 'Cel',
    gauge: {
      dataPoints: [
        { timeUnixNano: T1, asDouble: 'NaN', attributes: [kv('probe', 'nan')] },
        { timeUnixNano: T1, asDouble: 'Infinity', attributes: [kv('probe', 'inf')] },
        { timeUnixNano: T1, asDouble: '-Infinity', attributes: [kv('probe', 'neginf')] },
        { timeUnixNano: T1, asDouble: 21.5, flags: 1, attributes: [kv('probe', 'stale')] },
        { timeUnixNano: T1, attributes: [kv('probe', 'novalue')] },
        { timeUnixNano: T1, asDouble: -0.0, attributes: [kv('probe', 'negzero')] },
      ],
    },
  },
  {
    name: 'my-metric.with/odd chars_é',
    unit: 'm/s',
    gauge: { dataPoints: [{ timeUnixNano: T1, asDouble: 3 }] },
  },
  { name: '2xx.responses', unit: '%', gauge: { dataPoints: [{ timeUnixNano: T1, asDouble: 99.5 }] } },
  {
    name: 'http.server.requests',
    unit: '{request}',
    description: 'Requests served',
    sum: {
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: [
        { startTimeUnixNano: T0, timeUnixNano: T1, asInt: '10', attributes: [kv('code', '200'), kv('le', 'attr-le')], exemplars },
        { startTimeUnixNano: T0, timeUnixNano: T2, asInt: '15', attributes: [kv('code', '200'), kv('le', 'attr-le')] },
        { startTimeUnixNano: T0, timeUnixNano: T1, asInt: '2', attributes: [kv('code', '500')] },
      ],
    },
  },
  {
    name: 'process.cpu.time',
    unit: 's',
    sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: T0, timeUnixNano: T1, asDouble: 12.75 }] },
  },
  {
    name: 'requests_total',
    unit: '1',
    sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: T1, asInt: '3' }] },
  },
  {
    name: 'queue.length',
    unit: '{item}',
    sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ timeUnixNano: T1, asInt: '-4' }] },
  },
  {
    name: 'delta.counter',
    unit: '1',
    sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: T1, asInt: '5' }] },
  },
  {
    name: 'delta.updown',
    sum: { aggregationTemporality: 1, isMonotonic: false, dataPoints: [{ timeUnixNano: T1, asInt: '5' }] },
  },
  { name: 'empty.gauge', gauge: { dataPoints: [] } },
  {
    name: 'http.server.duration',
    unit: 'ms',
    description: 'Request duration',
    histogram: {
      aggregationTemporality: 2,
      dataPoints: [
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '10',
          sum: 1234.5,
          min: 0.001,
          max: 900,
          bucketCounts: ['1', '2', '0', '3', '1', '2', '1', '0'],
          explicitBounds: [1e-7, 0.005, 0.5, 1, 2.5, 100, 1e21],
          attributes: [kv('route', '/a')],
          exemplars,
        },
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '4',
          bucketCounts: ['4'],
          explicitBounds: [],
          attributes: [kv('route', '/nosum-nobounds')],
        },
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '3',
          sum: 3,
          flags: 1,
          bucketCounts: ['1', '2'],
          explicitBounds: [1],
          attributes: [kv('route', '/stale')],
        },
      ],
    },
  },
  {
    name: 'delta.histogram',
    histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: T1, count: '1', sum: 1, bucketCounts: ['1'], explicitBounds: [] }] },
  },
  {
    name: 'latency.exp',
    unit: 's',
    exponentialHistogram: {
      aggregationTemporality: 2,
      dataPoints: [
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '20',
          sum: 42.5,
          scale: 0,
          zeroCount: '2',
          positive: { offset: -2, bucketCounts: ['1', '0', '0', '0', '2', '3', '0', '1'] },
          negative: { offset: 1, bucketCounts: ['4', '5'] },
          attributes: [kv('kind', 'scale0')],
          exemplars,
        },
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '17',
          scale: 10,
          zeroCount: '0',
          positive: { offset: 1021, bucketCounts: ['1', '2', '3', '4', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '5', '2'] },
          attributes: [kv('kind', 'scale10')],
        },
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '6',
          sum: 1,
          scale: 3,
          positive: { offset: 5, bucketCounts: ['0', '0', '1', '2', '3'] },
          attributes: [kv('kind', 'leadingzeros')],
        },
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '0',
          scale: -4,
          attributes: [kv('kind', 'empty')],
        },
      ],
    },
  },
  {
    name: 'latency.exp.badscale',
    exponentialHistogram: {
      aggregationTemporality: 2,
      dataPoints: [
        { timeUnixNano: T1, count: '1', scale: 2, positive: { offset: 0, bucketCounts: ['1'] }, attributes: [kv('n', '1')] },
        { timeUnixNano: T1, count: '1', scale: -5, positive: { offset: 0, bucketCounts: ['1'] }, attributes: [kv('n', '2')] },
        { timeUnixNano: T1, count: '1', scale: 2, positive: { offset: 0, bucketCounts: ['1'] }, attributes: [kv('n', '3')] },
      ],
    },
  },
  {
    name: 'rpc.duration',
    unit: 's',
    summary: {
      dataPoints: [
        {
          startTimeUnixNano: T0,
          timeUnixNano: T1,
          count: '100',
          sum: 50.5,
          quantileValues: [
            { quantile: 0, value: 0.01 },
            { quantile: 0.5, value: 0.4 },
            { quantile: 0.99, value: 2.5 },
            { quantile: 1, value: 3 },
          ],
          attributes: [kv('method', 'Get')],
        },
      ],
    },
  },
];

/** Four resources: a full one, service.name only, attributes without service, none. */
export const INPUT = {
  resourceMetrics: [
    { resource: shopResource, scopeMetrics: [{ scope: { name: 'lib', version: '1.0', attributes: [kv('scope.attr', 's')] }, metrics: shopMetrics }] },
    {
      resource: { attributes: [kv('service.name', 'worker')] },
      scopeMetrics: [
        {
          scope: { name: 'w' },
          metrics: [
            {
              name: 'jobs.done',
              unit: '{job}',
              sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: T2, asInt: '9' }] },
            },
          ],
        },
      ],
    },
    {
      resource: { attributes: [kv('host.name', 'lonely'), kv('region', 'eu')] },
      scopeMetrics: [{ scope: {}, metrics: [{ name: 'free.disk', unit: 'KiBy', gauge: { dataPoints: [{ timeUnixNano: T1, asInt: '5' }] } }] }],
    },
    {
      resource: {},
      scopeMetrics: [
        { scope: {}, metrics: [{ name: 'bare', gauge: { dataPoints: [{ timeUnixNano: T1, asDouble: 1, attributes: [kv('job', 'from-attr')] }] } }] },
      ],
    },
  ],
};

/** Fixture cases: the exporter settings (beyond endpoint) that differ. */
export const CASES = {
  default: {},
  options: {
    namespace: 'ns',
    external_labels: { cluster: 'c1', 'env.name': 'prod', job: 'ext-job' },
    resource_to_telemetry_conversion: { enabled: true },
    send_metadata: true,
    max_batch_size_bytes: 2000,
  },
  no_suffixes: {
    add_metric_suffixes: false,
    target_info: { enabled: false },
  },
};
