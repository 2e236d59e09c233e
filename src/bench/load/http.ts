// OTLP/HTTP protobuf load generator (a process of its own, pinned to the load core):
// `node dist-bench/bench/load/http.js --target=127.0.0.1:4318 [--rate=R | --inflight=N] --duration=S`.
// Prints JSON lines (see driver.ts).

import { loadMain } from './driver.js';
import { buildPost, Http1Pool } from './http1.js';

loadMain(async (args, payload) => {
  const request = buildPost(args.host, args.port, args.path ?? '/v1/traces', 'application/x-protobuf', payload);
  const pool = new Http1Pool(args.host, args.port, args.inflight);
  return { send: () => pool.send(request), close: () => pool.close() };
});
