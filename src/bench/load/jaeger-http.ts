// Jaeger thrift_http load generator, Traefik-shaped: `POST /api/traces?format=jaeger.thrift` with a
// TBinaryProtocol Batch of --spans server spans (64-bit trace ids, http.* tags), as jaeger-client-go
// sends it. Same arguments and JSON lines as http.ts (see driver.ts).

import { encodeBatchBinary, span, tag } from '../../shared/codec/jaeger/thrift-encode.js';
import type { JaegerBatch } from '../../shared/codec/jaeger/thrift.js';
import { loadMain } from './driver.js';
import { buildPost, Http1Pool } from './http1.js';

export function traefikBatch(spans: number): JaegerBatch {
  const t0 = BigInt(Date.now()) * 1000n;
  return {
    process: {
      serviceName: 'traefik',
      tags: [tag('jaeger.version', 'Go-2.30.0'), tag('hostname', 'edge-1'), tag('ip', '172.18.0.5'), tag('client-uuid', '3b2f0c1d9e8a7f6b')],
    },
    spans: Array.from({ length: spans }, (_, i) =>
      span({
        traceIdLow: 0x1a2b3c4d5e6f0000n + BigInt(i >> 1),
        spanId: 0x100000n + BigInt(i),
        parentSpanId: i % 2 === 1 ? 0x100000n + BigInt(i - 1) : 0n,
        operationName: i % 2 === 0 ? 'entrypoint web' : 'forward grafana@docker',
        startTime: t0 + BigInt(i),
        duration: 1532n,
        tags: [
          tag('component', 'traefik'),
          tag('span.kind', i % 2 === 0 ? 'server' : 'client'),
          tag('http.method', 'GET'),
          tag('http.url', `http://grafana.example.net/api/dashboards/uid/${i}`),
          tag('http.host', 'grafana.example.net'),
          tag('http.status_code', i % 10 === 9 ? 502n : 200n),
          tag('router.name', 'grafana@docker'),
          tag('service.name', 'grafana@docker'),
        ],
      }),
    ),
  };
}

loadMain(async (args) => {
  const body = encodeBatchBinary(traefikBatch(args.spans));
  const request = buildPost(args.host, args.port, args.path ?? '/api/traces?format=jaeger.thrift', 'application/x-thrift', body);
  const pool = new Http1Pool(args.host, args.port, args.inflight);
  return { send: () => pool.send(request), close: () => pool.close() };
});
