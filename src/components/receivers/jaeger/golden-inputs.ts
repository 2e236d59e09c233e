// The Jaeger batches recorded through the Go collector (record-golden.ts) and replayed through ours
// (translate.test.ts). Each case aims at translation rules: Traefik v2's shape first, then every
// tag type, the status precedence, references, special tags and process edge cases.

import type { JaegerBatch, JaegerSpan } from '../../../shared/codec/jaeger/thrift.js';
import { span, tag } from '../../../shared/codec/jaeger/thrift-encode.js';

const T0 = 1_764_000_000_000_000n; // µs since the epoch
const TRACE = 0x1a2b3c4d5e6f7081n;

function traefikServer(id: bigint, status: bigint, extra: Partial<JaegerSpan> = {}): JaegerSpan {
  return span({
    traceIdLow: TRACE + id,
    spanId: id,
    operationName: 'entrypoint web',
    startTime: T0 + id * 1000n,
    duration: 1532n,
    tags: [
      tag('component', 'traefik'),
      tag('span.kind', 'server'),
      tag('http.method', 'GET'),
      tag('http.url', 'http://grafana.example.net/api/health'),
      tag('http.host', 'grafana.example.net'),
      tag('http.status_code', status),
      tag('sampler.type', 'const'),
      tag('sampler.param', true),
    ],
    ...extra,
  });
}

export const GOLDEN_BATCHES: Record<string, JaegerBatch> = {
  traefik: {
    process: {
      serviceName: 'traefik',
      tags: [tag('jaeger.version', 'Go-2.30.0'), tag('hostname', 'edge-1'), tag('ip', '172.18.0.5'), tag('client-uuid', '3b2f0c1d9e8a7f6b')],
    },
    spans: [
      traefikServer(0x11n, 200n),
      span({
        traceIdLow: TRACE + 0x11n,
        spanId: 0x12n,
        parentSpanId: 0x11n,
        operationName: 'router grafana@docker',
        startTime: T0 + 0x11n * 1000n + 10n,
        duration: 1400n,
        tags: [tag('component', 'traefik'), tag('span.kind', 'server'), tag('router.name', 'grafana@docker'), tag('service.name', 'grafana@docker')],
      }),
      span({
        traceIdLow: TRACE + 0x11n,
        spanId: 0x13n,
        parentSpanId: 0x12n,
        operationName: 'forward grafana@docker/http://172.18.0.9:3000',
        startTime: T0 + 0x11n * 1000n + 20n,
        duration: 1300n,
        tags: [
          tag('component', 'traefik'),
          tag('span.kind', 'client'),
          tag('http.method', 'GET'),
          tag('http.url', 'http://172.18.0.9:3000/api/health'),
          tag('http.status_code', 200n),
        ],
      }),
      traefikServer(0x21n, 404n),
      traefikServer(0x22n, 502n),
      span({
        traceIdLow: TRACE + 0x23n,
        spanId: 0x23n,
        operationName: 'forward api/http://10.0.0.2',
        startTime: T0,
        duration: 10n,
        tags: [tag('span.kind', 'client'), tag('http.status_code', 404n), tag('http.status_message', 'Not Found')],
      }),
      span({
        traceIdLow: TRACE + 0x24n,
        spanId: 0x24n,
        operationName: 'entrypoint websecure',
        startTime: T0,
        duration: 99n,
        tags: [tag('span.kind', 'server'), tag('error', true), tag('http.status_message', 'Bad Gateway'), tag('http.status_code', 502n)],
        logs: [
          { timestamp: T0 + 5n, fields: [tag('event', 'error'), tag('message', 'dial tcp 10.0.0.2:80: connect: connection refused')] },
          { timestamp: T0 + 7n, fields: [tag('error.object', 'EOF'), tag('retry', 2n)] },
        ],
      }),
    ],
  },

  tag_types: {
    process: {
      serviceName: 'types',
      tags: [tag('p.double', 1.5), tag('p.bool', false), tag('p.long', -7n), tag('p.bin', new Uint8Array([0, 1, 254, 255]))],
    },
    spans: [
      span({
        traceIdHigh: 0x0102030405060708n,
        traceIdLow: 0x090a0b0c0d0e0f10n,
        spanId: 0x1112131415161718n,
        operationName: 'all the types ✓',
        startTime: T0,
        duration: 1n,
        tags: [
          tag('str', 'héllo wörld'),
          tag('str.empty', ''),
          tag('double', 3.25),
          tag('double.neg', -0.5),
          tag('bool.t', true),
          tag('bool.f', false),
          tag('long', 42n),
          tag('long.max', 9223372036854775807n),
          tag('long.min', -9223372036854775808n),
          tag('bin', new Uint8Array([0xde, 0xad, 0xbe, 0xef])),
          tag('bin.empty', new Uint8Array(0)),
          { key: 'unknown.type', vType: 9, vStr: 'x', vDouble: undefined, vBool: undefined, vLong: undefined, vBinary: undefined },
          { key: 'long.unset', vType: 3, vStr: 'oops', vDouble: undefined, vBool: undefined, vLong: undefined, vBinary: undefined },
          tag('dup', 'first'),
          tag('other', 1n),
          tag('dup', 'second'),
        ],
      }),
    ],
  },

  status_rules: {
    process: { serviceName: 'status', tags: undefined },
    spans: [
      ['otel-ok', [tag('otel.status_code', 'OK'), tag('otel.status_description', 'fine'), tag('a', 1n)]],
      ['otel-error-lower', [tag('otel.status_code', 'error'), tag('otel.status_description', 'broken')]],
      ['otel-unknown', [tag('otel.status_code', 'MAYBE')]],
      ['error-wins', [tag('error', true), tag('otel.status_code', 'OK'), tag('otel.status_description', 'desc'), tag('b', 2n)]],
      ['error-false', [tag('error', false), tag('http.status_code', 500n)]],
      ['error-string', [tag('error', 'true')]],
      ['http-string-503', [tag('http.status_code', '503'), tag('http.status_message', 'Service Unavailable')]],
      ['http-string-bad', [tag('http.status_code', 'abc')]],
      ['http-399', [tag('http.status_code', 399n)]],
      ['http-0', [tag('http.status_code', 0n)]],
      ['http-double', [tag('http.status_code', 500.0)]],
      ['http-4xx-internal', [tag('span.kind', 'internal'), tag('http.status_code', 418n)]],
      ['http-4xx-server', [tag('span.kind', 'server'), tag('http.status_code', 418n), tag('http.status_message', 'teapot')]],
      ['error-with-http-msg', [tag('http.status_message', 'boom'), tag('error', true), tag('c', 3n)]],
    ].map(([name, tags], i) =>
      span({
        traceIdLow: 0x500n + BigInt(i),
        spanId: 0x500n + BigInt(i),
        operationName: name as string,
        startTime: T0,
        duration: 5n,
        tags: tags as JaegerSpan['tags'],
      }),
    ),
  },

  references: {
    process: { serviceName: 'refs', tags: [] },
    spans: [
      span({
        traceIdLow: 0x700n,
        spanId: 0x701n,
        operationName: 'child-of-ref',
        startTime: T0,
        duration: 3n,
        references: [{ refType: 0, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x7aan }],
      }),
      span({
        traceIdLow: 0x700n,
        spanId: 0x702n,
        operationName: 'follows-from-only',
        startTime: T0,
        duration: 3n,
        references: [{ refType: 1, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x7bbn }],
      }),
      span({
        traceIdLow: 0x700n,
        spanId: 0x703n,
        operationName: 'mixed',
        startTime: T0,
        duration: 3n,
        references: [
          { refType: 1, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x7ccn },
          { refType: 0, traceIdLow: 0x999n, traceIdHigh: 5n, spanId: 0x7ddn },
          { refType: 0, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x7een },
        ],
      }),
      span({
        traceIdLow: 0x700n,
        spanId: 0x704n,
        parentSpanId: 0x701n,
        operationName: 'parent-and-refs',
        startTime: T0,
        duration: 3n,
        references: [
          { refType: 0, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x701n },
          { refType: 0, traceIdLow: 0x700n, traceIdHigh: 0n, spanId: 0x702n },
        ],
      }),
      span({ traceIdLow: 0x700n, spanId: 0x705n, operationName: 'empty-refs', startTime: T0, duration: 3n, references: [] }),
    ],
  },

  special_tags: {
    process: { serviceName: 'special', tags: [tag('host.name', 'explicit'), tag('hostname', 'implicit'), tag('jaeger.version', 7n)] },
    spans: [
      span({
        traceIdLow: 0x900n,
        spanId: 0x901n,
        operationName: 'scope-and-state',
        startTime: T0,
        duration: 8n,
        tags: [
          tag('otel.scope.name', 'io.example.lib'),
          tag('otel.scope.version', '1.2.3'),
          tag('otel.library.name', 'legacy.lib'),
          tag('otel.library.version', '0.9'),
          tag('w3c.tracestate', 'vendor=abc,other=1'),
          tag('span.kind', 'producer'),
        ],
      }),
      span({
        traceIdLow: 0x900n,
        spanId: 0x902n,
        operationName: 'kind-weird',
        startTime: T0,
        duration: 8n,
        tags: [tag('span.kind', 'weird'), tag('z', 'last')],
      }),
      span({ traceIdLow: 0x900n, spanId: 0x903n, operationName: 'kind-bool', startTime: T0, duration: 8n, tags: [tag('span.kind', true)] }),
      span({
        traceIdLow: 0x900n,
        spanId: 0x904n,
        operationName: 'kind-consumer',
        startTime: T0,
        duration: 8n,
        tags: [tag('span.kind', 'consumer')],
        flags: 3,
      }),
      span({
        traceIdLow: 0x900n,
        spanId: 0x905n,
        operationName: 'logs',
        startTime: T0,
        duration: 8n,
        logs: [
          { timestamp: T0 + 1n, fields: [] },
          { timestamp: T0 + 2n, fields: [tag('event', true), tag('k', 'v')] },
          { timestamp: T0 + 3n, fields: [tag('message', 'no event key'), tag('level', 'info')] },
        ],
      }),
    ],
  },

  process_edges: {
    process: { serviceName: '', tags: [tag('hostname', 'only-hostname'), tag('jaeger.version', 'Java-1.8.1'), tag('x', 'y')] },
    spans: [
      span({
        traceIdHigh: -1n,
        traceIdLow: -2n,
        spanId: -3n,
        parentSpanId: -4n,
        operationName: 'negative-ids',
        startTime: T0,
        duration: 0n,
        flags: 0,
      }),
      span({ flags: 0 }), // the zero-valued span Go drops
      span({ traceIdLow: 0x1n, spanId: 0x2n, operationName: 'zero-time', flags: 2 }),
    ],
  },

  no_spans: {
    process: { serviceName: 'idle', tags: [tag('ip', '10.0.0.1')] },
    spans: [],
  },
};

// ---- gRPC (jaeger.api_v2 PostSpansRequest), as protobufjs objects for api_v2.proto ----

const id8 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, n));
  return b;
};
const id16 = (hi: bigint, lo: bigint) => Buffer.concat([id8(hi), id8(lo)]);
const ts = (us: bigint) => ({ seconds: Number(us / 1_000_000n), nanos: Number(us % 1_000_000n) * 1000 });
const kv = (key: string, vType: number, v: Record<string, unknown>) => ({ key, vType, ...v });

/** PostSpansRequest objects; a span with its own process makes a second resource (Go's regroup). */
export const GOLDEN_PROTO_REQUESTS: Record<string, Record<string, unknown>> = {
  proto_rules: {
    batch: {
      process: { serviceName: 'grpc-svc', tags: [kv('hostname', 0, { vStr: 'grpc-host' }), kv('jaeger.version', 0, { vStr: 'Go-2.30.0' })] },
      spans: [
        {
          traceId: id16(0n, 0xabcn),
          spanId: id8(0x1n),
          operationName: 'scoped',
          startTime: ts(T0),
          duration: { seconds: 0, nanos: 1_500_000 },
          tags: [
            kv('otel.scope.name', 0, { vStr: 'io.example.grpc' }),
            kv('a.string', 0, { vStr: 's' }),
            kv('otel.scope.version', 0, { vStr: '2.0' }),
            kv('otel.library.name', 0, { vStr: 'legacy' }),
            kv('w3c.tracestate', 0, { vStr: 'k=v' }),
            kv('span.kind', 0, { vStr: 'server' }),
            kv('http.status_code', 2, { vInt64: 503 }),
            kv('a.bool', 1, { vBool: true }),
            kv('a.double', 3, { vFloat64: 2.5 }),
            kv('a.bin', 4, { vBinary: Buffer.from([1, 2, 3]) }),
            kv('a.unknown', 9, { vStr: 'x' }),
          ],
          logs: [{ timestamp: ts(T0 + 3n), fields: [kv('event', 0, { vStr: 'retry' }), kv('attempt', 2, { vInt64: 2 })] }],
        },
        {
          traceId: id16(0n, 0xabcn),
          spanId: id8(0x2n),
          operationName: 'child-by-ref',
          startTime: ts(T0 + 10n),
          duration: { seconds: 1, nanos: 0 },
          references: [
            { traceId: id16(0n, 0xabcn), spanId: id8(0x1n), refType: 0 },
            { traceId: id16(7n, 8n), spanId: id8(0x9n), refType: 1 },
          ],
          tags: [kv('span.kind', 0, { vStr: 'client' }), kv('http.status_code', 0, { vStr: '404' })],
        },
        {
          traceId: id8(0xdefn),
          spanId: id8(0x3n),
          operationName: 'short-trace-id-unscoped',
          startTime: ts(T0),
          duration: { seconds: 0, nanos: 0 },
          tags: [kv('error', 1, { vBool: true }), kv('otel.status_description', 0, { vStr: 'bad' })],
        },
        {
          traceId: id16(0n, 0xabcn),
          spanId: id8(0x4n),
          operationName: 'own-process',
          startTime: ts(T0),
          duration: { seconds: 0, nanos: 1000 },
          process: { serviceName: 'sidecar', tags: [kv('ip', 0, { vStr: '10.1.1.1' })] },
          tags: [kv('otel.scope.name', 0, { vStr: 'io.example.grpc' }), kv('otel.scope.version', 0, { vStr: '2.0' })],
        },
      ],
    },
  },
};
