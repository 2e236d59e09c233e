// Re-records the golden fixtures in testdata/golden/ from the real Go collector (otelcol-ref, built
// by bench/reference/build.sh): every batch of golden-inputs.ts goes through Go's jaeger receiver
// over thrift_http, thrift_compact and thrift_binary (GOLDEN_PROTO_REQUESTS over grpc), and Go's otlphttp exporter (JSON encoding)
// delivers what it made of it to a sink here. Tests read only the files; they never need Go.
//
//   npx tsc -p tsconfig.json && node dist/components/receivers/jaeger/record-golden.js [path/to/otelcol-ref]

import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeBatchBinary, encodeEmitBatch } from '../../../shared/codec/jaeger/thrift-encode.js';
import { GOLDEN_BATCHES, GOLDEN_PROTO_REQUESTS } from './golden-inputs.js';
import { encodePostSpans, postSpans } from './testkit.js';

const OUT = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));
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

async function main(): Promise<void> {
  const received: string[] = [];
  let notify: (() => void) | undefined;
  const sink = createServer(async (req, res) => {
    const body = await readAll(req);
    received.push(body.toString('utf8'));
    notify?.();
    res.setHeader('Content-Type', 'application/json');
    res.writeHead(200).end('{}');
  });
  const sinkPort = await freePort();
  await new Promise<void>((r) => sink.listen(sinkPort, '127.0.0.1', r));
  const [httpPort, compactPort, binaryPort, grpcPort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  const config = `
receivers:
  jaeger:
    protocols:
      thrift_http: { endpoint: 127.0.0.1:${httpPort} }
      thrift_compact: { endpoint: 127.0.0.1:${compactPort}, workers: 1 }
      thrift_binary: { endpoint: 127.0.0.1:${binaryPort}, workers: 1 }
      grpc: { endpoint: 127.0.0.1:${grpcPort} }
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
    traces: { receivers: [jaeger], exporters: [otlphttp] }
`;
  const cfgPath = join(tmpdir(), `jaeger-golden-${process.pid}.yaml`);
  writeFileSync(cfgPath, config);
  const go = spawn(REF, [`--config=${cfgPath}`], { stdio: ['ignore', 'inherit', 'pipe'] });
  let goLog = '';
  go.stderr.on('data', (c: Buffer) => (goLog += c.toString()));
  try {
    await waitFor(() => goLog.includes('Everything is ready'), 15_000, () => `Go collector did not start:\n${goLog}`);
    const udp = createSocket('udp4');
    mkdirSync(OUT, { recursive: true });
    for (const [name, batch] of Object.entries(GOLDEN_BATCHES)) {
      const inputs = {
        thrift_http: encodeBatchBinary(batch),
        thrift_compact: encodeEmitBatch(batch, 'compact'),
        thrift_binary: encodeEmitBatch(batch, 'binary'),
      };
      writeFileSync(join(OUT, `${name}.batch.thrift`), inputs.thrift_http);
      writeFileSync(join(OUT, `${name}.emitbatch-compact.thrift`), inputs.thrift_compact);
      writeFileSync(join(OUT, `${name}.emitbatch-binary.thrift`), inputs.thrift_binary);
      const outputs: Record<string, string> = {};
      for (const [transport, bytes] of Object.entries(inputs)) {
        const before = received.length;
        const arrived = new Promise<void>((r) => (notify = r));
        if (transport === 'thrift_http') await postThrift(httpPort, bytes);
        else udp.send(bytes, transport === 'thrift_compact' ? compactPort : binaryPort, '127.0.0.1');
        await Promise.race([arrived, new Promise((r) => setTimeout(r, 3000))]);
        outputs[transport] = received.length > before ? pretty(received[before]!) : 'null\n';
        if (received.length > before + 1) throw new Error(`${name}/${transport}: ${received.length - before} exports for one batch`);
      }
      const distinct = new Set(Object.values(outputs));
      if (distinct.size !== 1) throw new Error(`${name}: Go's output differs between transports:\n${Object.entries(outputs).map(([t, o]) => `${t}: ${o}`).join('\n')}`);
      writeFileSync(join(OUT, `${name}.otlp.json`), outputs.thrift_http!);
      console.log(`${name}: recorded (${outputs.thrift_http!.length} bytes of OTLP JSON)`);
    }
    udp.close();
    for (const [name, request] of Object.entries(GOLDEN_PROTO_REQUESTS)) {
      const bytes = encodePostSpans(request);
      writeFileSync(join(OUT, `${name}.postspans.pb`), bytes);
      const before = received.length;
      const arrived = new Promise<void>((r) => (notify = r));
      await postSpans(`127.0.0.1:${grpcPort}`, bytes);
      await Promise.race([arrived, new Promise((r) => setTimeout(r, 3000))]);
      if (received.length !== before + 1) throw new Error(`${name}: ${received.length - before} exports for one request`);
      writeFileSync(join(OUT, `${name}.otlp.json`), pretty(received[before]!));
      console.log(`${name}: recorded over gRPC`);
    }
  } finally {
    go.kill('SIGTERM');
    sink.close();
  }
}

function pretty(json: string): string {
  return `${JSON.stringify(JSON.parse(json), null, 1)}\n`;
}

function postThrift(port: number, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/traces?format=jaeger.thrift', headers: { 'Content-Type': 'application/x-thrift' } },
      (res) => {
        res.resume();
        if (res.statusCode !== 202) reject(new Error(`Go answered ${res.statusCode}`));
        else res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(cond: () => boolean, ms: number, msg: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(msg());
    await new Promise((r) => setTimeout(r, 50));
  }
}

await main();
