// The reference trace request of ../shared/reference/node-limits.md §1, built from our model:
// 1 resource with 8 attributes (7 strings + process.pid int), 1 scope with a schema URL, and
// spans carrying ids, name, kind, times, flags, status and 21 attributes (14 strings, 5 ints,
// 2 bools: the doc lists "20 attributes" but its own breakdown sums to 21; we follow the
// breakdown). Shared by codec.bench.ts and the tests so both exercise the same shape.

import { InstrumentationScope, KeyValue, Resource } from './common.js';
import { idFromHex } from './ids.js';
import { ResourceSpans, ScopeSpans, Span, Status } from './trace-model.js';

function kv(key: string, value: string | bigint | boolean): KeyValue {
  return new KeyValue(key, value);
}

function hex(n: number, bytes: number): string {
  let s = '';
  let x = n >>> 0;
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += (x >>> 24).toString(16).padStart(2, '0');
  }
  return s;
}

export function buildBenchTraces(spanCount = 100): ResourceSpans[] {
  const resource = new Resource();
  resource.attributes = [
    kv('service.name', 'checkout-service'),
    kv('service.version', '1.24.3'),
    kv('service.instance.id', '5f0c7a8e-2b1d-4c59-9e0a-3d7f1b2c4a6e'),
    kv('deployment.environment', 'production'),
    kv('host.name', 'ip-10-0-12-34.internal'),
    kv('telemetry.sdk.name', 'opentelemetry'),
    kv('telemetry.sdk.language', 'nodejs'),
    kv('process.pid', 41872n),
  ];
  const scope = new InstrumentationScope();
  scope.name = '@opentelemetry/instrumentation-http';
  scope.version = '0.52.1';
  const ss = new ScopeSpans();
  ss.scope = scope;
  ss.schemaUrl = 'https://opentelemetry.io/schemas/1.24.0';
  const base = 1_732_500_000_000_000_000n;
  for (let i = 0; i < spanCount; i++) {
    const s = new Span();
    s.traceId = idFromHex(hex(i >> 3, 16));
    s.spanId = idFromHex(hex(i + 1_000_003, 8));
    s.parentSpanId = i % 8 === 0 ? '' : idFromHex(hex(i + 999_999, 8));
    s.name = `GET /api/v1/orders/:id`;
    s.kind = 2;
    s.flags = 0x101;
    s.startTimeUnixNano = base + BigInt(i) * 1_000_000n;
    s.endTimeUnixNano = base + BigInt(i) * 1_000_000n + 734_215n;
    const st = new Status();
    st.code = i % 10 === 0 ? 2 : 1;
    st.message = i % 10 === 0 ? 'upstream timeout' : '';
    s.status = st;
    s.attributes = [
      kv('http.method', 'GET'),
      kv('http.url', `https://shop.example.com/api/v1/orders/${100000 + i}?expand=items`),
      kv('http.target', `/api/v1/orders/${100000 + i}?expand=items`),
      kv('http.host', 'shop.example.com'),
      kv('http.scheme', 'https'),
      kv('http.flavor', '1.1'),
      kv('http.user_agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124'),
      kv('http.route', '/api/v1/orders/:id'),
      kv('net.peer.name', `10.0.${i & 255}.${(i * 7) & 255}`),
      kv('net.host.name', 'checkout-7f9c8d6b5-x2k4q'),
      kv('net.transport', 'ip_tcp'),
      kv('enduser.id', `user-${(i * 7919) % 100000}`),
      kv('http.client_ip', `192.168.${i & 255}.17`),
      kv('thread.name', 'nio-exec-3'),
      kv('http.status_code', i % 10 === 0 ? 504n : 200n),
      kv('net.peer.port', BigInt(40000 + i)),
      kv('net.host.port', 8080n),
      kv('http.response_content_length', BigInt(1200 + i * 3)),
      kv('thread.id', 57n),
      kv('http.request_body_present', false),
      kv('sampled.remote', true),
    ];
    ss.spans.push(s);
  }
  const rs = new ResourceSpans();
  rs.resource = resource;
  rs.scopeSpans = [ss];
  rs.schemaUrl = 'https://opentelemetry.io/schemas/1.24.0';
  return [rs];
}
