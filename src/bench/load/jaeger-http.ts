// Jaeger thrift_http load generator, Traefik-shaped: `POST /api/traces?format=jaeger.thrift`,
// `Content-Type: application/x-thrift`, a TBinaryProtocol Batch of --spans spans
// (jaeger-traefik.ts), as Traefik v2 sends it through jaeger-client-go's HTTP transport. Same
// arguments and JSON lines as http.ts (see driver.ts).

import { encodeBatchBinary } from '../../shared/codec/jaeger/thrift-encode.js';
import { loadMain } from './driver.js';
import { buildPost, Http1Pool } from './http1.js';
import { traefikBatch } from './jaeger-traefik.js';

loadMain(async (args) => {
  const body = encodeBatchBinary(traefikBatch(args.spans));
  const request = buildPost(args.host, args.port, args.path ?? '/api/traces?format=jaeger.thrift', 'application/x-thrift', body);
  const pool = new Http1Pool(args.host, args.port, args.inflight);
  return { send: () => pool.send(request), close: () => pool.close() };
});
