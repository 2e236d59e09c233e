// The baselines of node-limits.md §2: "bare" is a plain node:http server that drains each
// OTLP/HTTP body (collect chunks, Buffer.concat) and answers 200 with an empty protobuf response,
// doing no other work; "bare-scan" also walks every field of the request with the pdata validator
// (what a pass-through receiver must at least do). Our ingest is measured against both in the
// same round. `node dist-bench/bench/baseline.js --port=P [--scan]` → prints {"event":"ready","port":P}.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { TracesRequestDef } from '../pdata/wire/schema.js';
import { validateRequest } from '../pdata/wire/validate.js';

export function startBareServer(port: number, scan = false, host = '127.0.0.1'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let ok = body.length > 0;
      if (ok && scan) {
        try {
          validateRequest(body, TracesRequestDef);
        } catch {
          ok = false;
        }
      }
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(/=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--port=')) ?? '')?.[1] ?? 0);
  startBareServer(port, process.argv.includes('--scan')).then(
    (s) => process.stdout.write(`${JSON.stringify({ event: 'ready', port: (s.address() as { port: number }).port })}\n`),
    (err: unknown) => {
      process.stderr.write(`bare server failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
  process.on('SIGTERM', () => process.exit(0));
}
