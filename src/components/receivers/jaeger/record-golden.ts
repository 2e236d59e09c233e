// Re-records the golden fixtures in testdata/golden/ from the real Go collector (otelcol-ref, built
// by bench/reference/build.sh): every batch of golden-inputs.ts goes through Go's jaeger receiver
// over thrift_http, thrift_compact and thrift_binary (GOLDEN_PROTO_REQUESTS over grpc), and Go's otlphttp exporter (JSON encoding)
// delivers what it made of it to a sink here. Tests read only the files; they never need Go.
//
//   npx tsc -p tsconfig.json && node dist/components/receivers/jaeger/record-golden.js [path/to/otelcol-ref]

import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeBatchBinary, encodeEmitBatch } from '../../../shared/codec/jaeger/thrift-encode.js';
import { freePort } from '../../../testing/ports.js';
import { OtlpJsonSink, prettyJson, referenceCollectorPath, startCollector } from '../../../testing/reference-collector.js';
import { GOLDEN_BATCHES, GOLDEN_PROTO_REQUESTS } from './golden-inputs.js';
import { encodePostSpans, postSpans } from './testkit.js';

const OUT = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));

async function main(): Promise<void> {
  const sink = new OtlpJsonSink();
  const sinkUrl = await sink.start();
  const [httpPort, compactPort, binaryPort, grpcPort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  const config = {
    receivers: {
      jaeger: {
        protocols: {
          thrift_http: { endpoint: `127.0.0.1:${httpPort}` },
          thrift_compact: { endpoint: `127.0.0.1:${compactPort}`, workers: 1 },
          thrift_binary: { endpoint: `127.0.0.1:${binaryPort}`, workers: 1 },
          grpc: { endpoint: `127.0.0.1:${grpcPort}` },
        },
      },
    },
    exporters: { otlphttp: OtlpJsonSink.exporter(sinkUrl) },
    service: { telemetry: { metrics: { level: 'none' } }, pipelines: { traces: { receivers: ['jaeger'], exporters: ['otlphttp'] } } },
  };
  const go = await startCollector({ command: referenceCollectorPath(process.argv[2]), config });
  const received = sink.posts;
  try {
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
        if (transport === 'thrift_http') await postThrift(httpPort, bytes);
        else udp.send(bytes, transport === 'thrift_compact' ? compactPort : binaryPort, '127.0.0.1');
        await sink.waitBeyond(before, 3000);
        outputs[transport] = received.length > before ? prettyJson(received[before]!.body) : 'null\n';
        if (received.length > before + 1) throw new Error(`${name}/${transport}: ${received.length - before} exports for one batch`);
      }
      const distinct = new Set(Object.values(outputs));
      if (distinct.size !== 1)
        throw new Error(
          `${name}: Go's output differs between transports:\n${Object.entries(outputs)
            .map(([t, o]) => `${t}: ${o}`)
            .join('\n')}`,
        );
      writeFileSync(join(OUT, `${name}.otlp.json`), outputs.thrift_http!);
      console.log(`${name}: recorded (${outputs.thrift_http!.length} bytes of OTLP JSON)`);
    }
    udp.close();
    for (const [name, request] of Object.entries(GOLDEN_PROTO_REQUESTS)) {
      const bytes = encodePostSpans(request);
      writeFileSync(join(OUT, `${name}.postspans.pb`), bytes);
      const before = received.length;
      await postSpans(`127.0.0.1:${grpcPort}`, bytes);
      await sink.waitBeyond(before, 3000);
      if (received.length !== before + 1) throw new Error(`${name}: ${received.length - before} exports for one request`);
      writeFileSync(join(OUT, `${name}.otlp.json`), prettyJson(received[before]!.body));
      console.log(`${name}: recorded over gRPC`);
    }
  } finally {
    await go.stop();
    await sink.close();
  }
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

await main();
