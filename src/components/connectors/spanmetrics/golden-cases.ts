// The spans and connector configs recorded through Go's spanmetrics (record-golden.ts) and replayed
// through ours (golden.test.ts). Each case is one request of spans, then two flushes: Go's
// cumulative series show 0 at their first flush and the counts at the second; delta series show
// the counts once. Times are fixed so durations (and so bucket counts) are exact.

import { KeyValue, ResourceSpans, ScopeSpans, Span, SpanEvent, Traces, intValue, type AnyValue } from '../../../pdata/index.js';
import { thriftBatchToTraces } from '../../receivers/jaeger/translate-thrift.js';
import { GOLDEN_BATCHES } from '../../receivers/jaeger/golden-inputs.js';

const T0 = 1_764_000_000_000_000_000n;
const MS = 1_000_000n;

interface SpanSpec {
  name: string;
  kind?: number;
  status?: number;
  /** Duration in ns; negative means end before start. */
  ns: bigint;
  attrs?: Record<string, AnyValue>;
  events?: Array<Record<string, AnyValue>>;
  id?: number;
}

interface ScopeSpec {
  scope?: { name: string; version?: string };
  spans: SpanSpec[];
}

interface ResourceSpec {
  attrs: Record<string, AnyValue>;
  scopes: ScopeSpec[];
}

const kvs = (o: Record<string, AnyValue>): KeyValue[] => Object.entries(o).map(([k, v]) => new KeyValue(k, v));

function build(resources: ResourceSpec[]): Traces {
  let n = 1;
  return new Traces(
    resources.map((r) => {
      const rs = new ResourceSpans();
      rs.resource.attributes = kvs(r.attrs);
      rs.scopeSpans = r.scopes.map((sc) => {
        const ss = new ScopeSpans();
        if (sc.scope) {
          ss.scope.name = sc.scope.name;
          ss.scope.version = sc.scope.version ?? '';
        }
        ss.spans = sc.spans.map((sp) => {
          const span = new Span();
          const id = sp.id ?? n++;
          // Trace and span ids as latin1 byte strings (src/pdata/ids.ts).
          span.traceId = String.fromCharCode(...new Array<number>(15).fill(0xab), id & 0xff);
          span.spanId = String.fromCharCode(...new Array<number>(7).fill(0xcd), id & 0xff);
          span.name = sp.name;
          span.kind = sp.kind ?? 2;
          span.status.code = sp.status ?? 0;
          span.startTimeUnixNano = T0 + BigInt(id) * 1000n;
          span.endTimeUnixNano = span.startTimeUnixNano + sp.ns;
          span.attributes = kvs(sp.attrs ?? {});
          span.events = (sp.events ?? []).map((ea, i) => {
            const ev = new SpanEvent();
            ev.name = `event-${i}`;
            ev.timeUnixNano = span.startTimeUnixNano + 1n;
            ev.attributes = kvs(ea);
            return ev;
          });
          return span;
        });
        return ss;
      });
      return rs;
    }),
  );
}

/** Durations that land on, between, under and over the default bounds (ms). */
const SPREAD = [
  0n,
  1n,
  2n * MS,
  2n * MS + 1n,
  3500n * 1000n,
  10n * MS,
  49n * MS,
  100n * MS,
  999n * MS,
  1400n * MS,
  15_000n * MS,
  20_000n * MS,
  -5n * MS,
];

export interface GoldenCase {
  name: string;
  /** The spanmetrics config (identical for Go and ours). */
  connector: Record<string, unknown>;
  /** The spans as our model; Go gets them as OTLP protobuf, except `jaeger`. */
  traces(): Traces;
  /** Sent to Go's jaeger receiver (thrift_http) instead of OTLP; ours translates the same batch. */
  jaeger?: keyof typeof GOLDEN_BATCHES;
}

export const CASES: GoldenCase[] = [
  {
    name: 'defaults',
    connector: {},
    traces: () =>
      build([
        {
          attrs: { 'service.name': 'shop', 'service.instance.id': 'a1', 'host.name': 'h1' },
          scopes: [
            {
              spans: [
                ...SPREAD.map((ns) => ({ name: 'GET /cart', ns })),
                { name: 'GET /cart', status: 2, ns: 300n * MS },
                { name: 'GET /cart', status: 1, ns: 5n * MS },
                { name: 'SELECT', kind: 3, ns: 7n * MS },
                { name: 'publish', kind: 4, ns: 1n * MS },
                { name: 'consume', kind: 5, ns: 1n * MS },
                { name: 'internal', kind: 1, ns: 1n * MS },
                { name: 'unspecified', kind: 0, ns: 1n * MS },
              ],
            },
            { scope: { name: 'lib', version: '1.0' }, spans: [{ name: 'GET /cart', ns: 8n * MS, events: [{ a: 'b' }] }] },
          ],
        },
        {
          attrs: { 'service.name': 'auth' },
          scopes: [
            {
              spans: [
                { name: 'login', ns: 42n * MS },
                { name: 'login', status: 2, ns: 1n * MS },
              ],
            },
          ],
        },
        // No service.name: Go skips the resource.
        { attrs: { 'host.name': 'h2' }, scopes: [{ spans: [{ name: 'orphan', ns: 1n * MS }] }] },
        // A non-string service.name reads as "".
        { attrs: { 'service.name': intValue(7) }, scopes: [{ spans: [{ name: 'numbered', ns: 1n * MS }] }] },
      ]),
  },
  {
    name: 'dimensions',
    connector: {
      dimensions: [{ name: 'http.method', default: 'GET' }, { name: 'http.status_code' }, { name: 'region' }],
      calls_dimensions: [{ name: 'http.url', default: '/ping' }],
      histogram: { dimensions: [{ name: 'url.scheme', default: 'https' }, { name: 'ok' }] },
      exclude_dimensions: ['status.code'],
      include_instrumentation_scope: ['express'],
    },
    traces: () =>
      build([
        {
          attrs: { 'service.name': 'api', region: 'eu-west', 'http.method': 'RESOURCE-METHOD' },
          scopes: [
            {
              scope: { name: 'express', version: '4.18' },
              spans: [
                { name: 'GET /a', ns: 3n * MS, attrs: { 'http.method': 'GET', 'http.status_code': intValue(200), 'http.url': '/a' } },
                { name: 'GET /a', ns: 30n * MS, attrs: { 'http.method': 'GET', 'http.status_code': intValue(200), 'http.url': '/a' } },
                { name: 'GET /a', status: 2, ns: 3n * MS, attrs: { 'http.method': 'GET', 'http.status_code': intValue(500), ok: false } },
                { name: 'POST /b', ns: 1n * MS, attrs: { 'http.status_code': 201.5, region: 'us', 'url.scheme': 'http', ok: true } },
              ],
            },
            {
              scope: { name: 'other' },
              spans: [{ name: 'GET /a', ns: 3n * MS, attrs: { 'http.method': 'GET', 'http.status_code': intValue(404) } }],
            },
          ],
        },
      ]),
  },
  {
    name: 'delta-seconds',
    connector: {
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
      histogram: { unit: 's', explicit: { buckets: ['100us', '1ms', '2ms', '6ms', '10ms', '100ms', '250ms', '1s'] } },
      namespace: '',
    },
    traces: () =>
      build([
        { attrs: { 'service.name': 'db' }, scopes: [{ spans: SPREAD.map((ns, i) => ({ name: i % 2 ? 'read' : 'write', kind: 3, ns })) }] },
        {
          attrs: { 'service.name': 'cache' },
          scopes: [
            {
              spans: [
                { name: 'get', ns: 100n * 1000n },
                { name: 'get', ns: 250n * MS },
              ],
            },
          ],
        },
      ]),
  },
  {
    name: 'exponential',
    connector: { histogram: { exponential: { max_size: 10 } } },
    traces: () =>
      build([
        {
          attrs: { 'service.name': 'expo' },
          scopes: [
            {
              spans: [
                ...SPREAD.map((ns) => ({ name: 'wide', ns })),
                ...[1n, 2n, 3n, 4n, 1024n].map((k) => ({ name: 'narrow', ns: k * MS })),
                { name: 'zeros', ns: 0n },
              ],
            },
          ],
        },
      ]),
  },
  {
    name: 'exponential-default',
    connector: { histogram: { unit: 's', exponential: {} } },
    traces: () => build([{ attrs: { 'service.name': 'expo' }, scopes: [{ spans: SPREAD.map((ns) => ({ name: 'wide', ns })) }] }]),
  },
  {
    name: 'events-exemplars',
    connector: {
      exemplars: { enabled: true, max_per_data_point: 2 },
      events: { enabled: true, dimensions: [{ name: 'exception.type' }, { name: 'zone', default: 'z0' }] },
      dimensions: [{ name: 'zone' }],
    },
    traces: () =>
      build([
        {
          attrs: { 'service.name': 'ev', zone: 'resource-zone' },
          scopes: [
            {
              spans: [
                { name: 'op', ns: 3n * MS, events: [{ 'exception.type': 'IOError' }, { 'exception.type': 'IOError', zone: 'event-zone' }, {}] },
                { name: 'op', ns: 5n * MS, attrs: { zone: 'span-zone' }, events: [{ 'exception.type': 'Timeout', zone: 'event-zone' }] },
                { name: 'op', ns: 7n * MS },
                { name: 'op', ns: 9n * MS },
              ],
            },
          ],
        },
      ]),
  },
  {
    name: 'cardinality-limit',
    connector: { aggregation_cardinality_limit: 3, exemplars: { enabled: true } },
    traces: () =>
      build([
        {
          attrs: { 'service.name': 'flood' },
          scopes: [{ spans: Array.from({ length: 12 }, (_, i) => ({ name: `/item/${i}`, ns: BigInt(i + 1) * MS })) }],
        },
        { attrs: { 'service.name': 'calm' }, scopes: [{ spans: [{ name: 'ok', ns: 1n * MS }] }] },
      ]),
  },
  {
    name: 'resource-key-attributes',
    connector: { resource_metrics_key_attributes: ['service.name'] },
    traces: () =>
      build([
        { attrs: { 'service.name': 'svc', 'process.pid': intValue(100) }, scopes: [{ spans: [{ name: 'op', ns: 1n * MS }] }] },
        { attrs: { 'service.name': 'svc', 'process.pid': intValue(200) }, scopes: [{ spans: [{ name: 'op', ns: 2n * MS }] }] },
        { attrs: { 'service.name': 'other', 'process.pid': intValue(100) }, scopes: [{ spans: [{ name: 'op', ns: 2n * MS }] }] },
      ]),
  },
  {
    name: 'resource-cache-evicts',
    connector: { resource_metrics_cache_size: 1, histogram: { disable: true } },
    traces: () =>
      build([
        { attrs: { 'service.name': 'first' }, scopes: [{ spans: [{ name: 'op', ns: 1n * MS }] }] },
        { attrs: { 'service.name': 'second' }, scopes: [{ spans: [{ name: 'op', ns: 1n * MS }] }] },
      ]),
  },
  {
    name: 'jaeger-traefik',
    connector: { dimensions: [{ name: 'http.status_code' }] },
    traces: () => thriftBatchToTraces(GOLDEN_BATCHES.traefik!),
    jaeger: 'traefik',
  },
];
