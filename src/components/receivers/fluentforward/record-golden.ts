// Re-records testdata/golden/ from the real Go collector (otelcol-ref v0.130.0, built by
// bench/reference/build.sh): each case of golden-inputs.ts is written on one TCP connection to
// Go's fluentforward receiver, and Go's otlphttp exporter (JSON) delivers the logs to a sink
// here. Written per case: `<case>.msgpack` (the exact bytes sent) and `<case>.otlp.json` (Go's
// log records, merged across however many exports Go made, in arrival order). Tests read only
// these files; they never need Go.
//
//   npx tsc -p tsconfig.json && node dist/components/receivers/fluentforward/record-golden.js [path/to/otelcol-ref]

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOLDEN_CASES, GOLDEN_RECORD_COUNTS } from './golden-inputs.js';

const OUT = fileURLToPath(new URL('../../../../src/components/receivers/fluentforward/testdata/golden/', import.meta.url));
const REF = process.argv[2] ?? join(homedir(), '.cache/otelcol-ts/reference/otelcol-ref/otelcol-ref');

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface OtlpLogsJson {
  resourceLogs?: Array<{ resource?: Record<string, unknown>; scopeLogs?: Array<{ scope?: Record<string, unknown>; logRecords?: unknown[] }> }>;
}

async function main(): Promise<void> {
  const records: unknown[] = [];
  const sink = createServer(async (req, res) => {
    const body = JSON.parse((await readAll(req)).toString('utf8')) as OtlpLogsJson;
    for (const rl of body.resourceLogs ?? []) {
      if (rl.resource && Object.keys(rl.resource).length) throw new Error(`Go set a resource: ${JSON.stringify(rl.resource)}`);
      for (const sl of rl.scopeLogs ?? []) {
        if (sl.scope && Object.keys(sl.scope).length) throw new Error(`Go set a scope: ${JSON.stringify(sl.scope)}`);
        records.push(...(sl.logRecords ?? []));
      }
    }
    res.setHeader('Content-Type', 'application/json');
    res.writeHead(200).end('{}');
  });
  const sinkPort = await freePort();
  await new Promise<void>((r) => sink.listen(sinkPort, '127.0.0.1', r));
  const port = await freePort();
  const config = `
receivers:
  fluentforward:
    endpoint: 127.0.0.1:${port}
exporters:
  otlphttp:
    endpoint: http://127.0.0.1:${sinkPort}
    encoding: json
    compression: none
    sending_queue: { enabled: false }
    retry_on_failure: { enabled: false }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    logs: { receivers: [fluentforward], exporters: [otlphttp] }
`;
  const cfgPath = join(tmpdir(), `fluentforward-golden-${process.pid}.yaml`);
  writeFileSync(cfgPath, config);
  const go = spawn(REF, [`--config=${cfgPath}`], { stdio: ['ignore', 'inherit', 'pipe'] });
  let goLog = '';
  go.stderr.on('data', (c: Buffer) => (goLog += c.toString()));
  try {
    await waitFor(() => goLog.includes('Everything is ready'), 15_000, () => `Go collector did not start:\n${goLog}`);
    mkdirSync(OUT, { recursive: true });
    for (const [name, frames] of Object.entries(GOLDEN_CASES)) {
      records.length = 0;
      const bytes = Buffer.concat(frames);
      writeFileSync(join(OUT, `${name}.msgpack`), bytes);
      const sock = connect(port, '127.0.0.1');
      sock.on('data', () => undefined); // Go's acks
      await new Promise<void>((r, j) => (sock.once('connect', r), sock.once('error', j)));
      // One write per frame, as real senders do.
      for (const f of frames) sock.write(f);
      const want = GOLDEN_RECORD_COUNTS[name]!;
      await waitFor(() => records.length >= want, 5_000, () => `${name}: Go emitted ${records.length} of ${want} records\n${goLog.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 300));
      if (records.length !== want) throw new Error(`${name}: Go emitted ${records.length} records, expected ${want}`);
      sock.destroy();
      const doc = { resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: records }] }] };
      writeFileSync(join(OUT, `${name}.otlp.json`), `${JSON.stringify(doc, null, 1)}\n`);
      console.log(`${name}: ${records.length} records recorded`);
    }
  } finally {
    go.kill('SIGTERM');
    sink.close();
  }
}

async function waitFor(cond: () => boolean, ms: number, msg: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(msg());
    await new Promise((r) => setTimeout(r, 50));
  }
}

await main();
