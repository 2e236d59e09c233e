// What Traefik v2 sends to the Jaeger collector endpoint, as a JaegerBatch for the load generator
// and the translation micro-benchmark. Shape from Traefik v2's pkg/tracing (LogRequest,
// LogResponseCode: http.status_code as uint16, error=true from 500) and pkg/middlewares/tracing
// (an entry point span, SERVER, and its forward span, CLIENT, with traefik.service.name and
// traefik.router.name), through jaeger-client-go 2.30 (BuildJaegerThrift): sampler.type/param on the
// root span, a CHILD_OF reference to the parent besides parentSpanId, tags/logs/references written
// as (possibly empty) lists, flags 1 (sampled), 64-bit trace ids (traceIdHigh 0).

import { span, tag } from '../../shared/codec/jaeger/thrift-encode.js';
import type { JaegerBatch, JaegerSpan } from '../../shared/codec/jaeger/thrift.js';

const PATHS = ['/api/dashboards/uid/', '/api/search?query=', '/public/build/app.', '/api/datasources/proxy/uid/'];

/** `spans` spans: entry point / forward pairs, one request in ten answered 502. */
export function traefikBatch(spans: number, t0 = BigInt(Date.now()) * 1000n): JaegerBatch {
  const out: JaegerSpan[] = [];
  for (let i = 0; i < spans; i++) {
    const req = i >> 1;
    const traceIdLow = 0x1a2b3c4d5e6f0000n + BigInt(req);
    const rootId = 0x5e0000000000n + BigInt(2 * req);
    const status = req % 10 === 9 ? 502n : 200n;
    const url = `http://grafana.example.net${PATHS[req % PATHS.length]}${(req * 7919) % 100000}`;
    const common = [tag('http.method', 'GET'), tag('http.url', url), tag('http.host', 'grafana.example.net')];
    const end = [tag('http.status_code', status), ...(status >= 500n ? [tag('error', true)] : [])];
    if (i % 2 === 0) {
      out.push(
        span({
          traceIdLow,
          spanId: rootId,
          operationName: 'EntryPoint web grafana.example.net',
          references: [],
          flags: 1,
          startTime: t0 + BigInt(i * 10),
          duration: 1532n,
          tags: [
            tag('sampler.type', 'const'),
            tag('sampler.param', true),
            tag('span.kind', 'server'),
            tag('component', 'traefik'),
            ...common,
            ...end,
          ],
          logs: [],
        }),
      );
    } else {
      out.push(
        span({
          traceIdLow,
          spanId: rootId + 1n,
          parentSpanId: rootId,
          operationName: 'forward grafana@docker/grafana@docker',
          references: [{ refType: 0, traceIdLow, traceIdHigh: 0n, spanId: rootId }],
          flags: 1,
          startTime: t0 + BigInt(i * 10 + 3),
          duration: 1411n,
          tags: [
            tag('span.kind', 'client'),
            tag('component', 'traefik'),
            tag('traefik.service.name', 'grafana@docker'),
            tag('traefik.router.name', 'grafana@docker'),
            ...common,
            ...end,
          ],
          logs: [],
        }),
      );
    }
  }
  return {
    process: {
      serviceName: 'traefik',
      tags: [tag('jaeger.version', 'Go-2.30.0'), tag('hostname', 'edge-1'), tag('ip', '172.18.0.5'), tag('client-uuid', '3b2f0c1d9e8a7f6b')],
    },
    spans: out,
  };
}
