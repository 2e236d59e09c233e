// The user's `traces/jaeger` pipeline as a real collector process: jaeger (thrift_http +
// thrift_compact) → batch → otlp exporter, into a grpc-js OTLP backend. What arrives equals what
// the Go collector made of the same Traefik-shaped batch; a SIGTERM right after sending loses nothing.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Traces } from '../../../pdata/index.js';
import { encodeEmitBatch, span, tag } from '../../../shared/codec/jaeger/thrift-encode.js';
import { CollectorProcess } from '../../../testing/collector.js';
import { rawRequest } from '../../../testing/http.js';
import { startOtlpGrpcServer } from '../../../testing/otlp-backend.js';
import { freePort } from '../../../testing/ports.js';
import { tempFile } from '../../../testing/tmp.js';
import { waitFor } from '../../../testing/wait.js';
import { closeTracer, traefikLikeTracer } from './testkit.js';

const GOLDEN = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function spansIn(bodies: Buffer[]): Traces[] {
  return bodies.map((b) => Traces.fromProto(b));
}

test('traces/jaeger: jaeger → batch → otlp, Go-identical output, nothing lost on SIGTERM', async () => {
  const backend = await startOtlpGrpcServer();
  cleanups.push(() => backend.close());
  const [httpPort, udpPort] = [await freePort(), await freePort()];
  const cfg = tempFile(
    'config.yaml',
    `receivers:
  jaeger:
    protocols:
      thrift_compact: { endpoint: 127.0.0.1:${udpPort} }
      thrift_http: { endpoint: 127.0.0.1:${httpPort} }
processors:
  batch: { timeout: 200ms }
exporters:
  otlp/jaeger:
    endpoint: 127.0.0.1:${backend.port}
    tls: { insecure: true }
service:
  telemetry: { metrics: { level: none } }
  pipelines:
    traces/jaeger:
      receivers: [jaeger]
      processors: [batch]
      exporters: [otlp/jaeger]
`,
  );
  cleanups.push(async () => rmSync(dirname(cfg), { recursive: true, force: true }));
  const col = CollectorProcess.start([`--config=${cfg}`]);
  cleanups.push(() => col.stop());
  await col.waitForLog(/Everything is ready|"Starting HTTP server for Jaeger Thrift"/);
  await waitFor(() => /Starting UDP server for Compact Thrift/.test(col.stderr), 5000, 'UDP listener');

  // 1. The Traefik-shaped golden batch over HTTP: what reaches the backend is what Go produced.
  const res = await rawRequest(`http://127.0.0.1:${httpPort}/api/traces?format=jaeger.thrift`, {
    headers: { 'Content-Type': 'application/x-thrift' },
    body: readFileSync(`${GOLDEN}traefik.batch.thrift`),
  });
  assert.equal(res.status, 202);
  await waitFor(() => backend.calls.length >= 1, 5000, 'the batch exported');
  const got = spansIn(backend.calls.map((c) => c.body));
  assert.deepStrictEqual(JSON.parse(got[0]!.toJSON()), JSON.parse(Traces.fromJSON(readFileSync(`${GOLDEN}traefik.otlp.json`)).toJSON()));

  // A batch whose process has no spans is accepted (Go hands it on too) and disturbs nothing.
  const empty = await rawRequest(`http://127.0.0.1:${httpPort}/api/traces`, {
    headers: { 'Content-Type': 'application/x-thrift' },
    body: readFileSync(`${GOLDEN}no_spans.batch.thrift`),
  });
  assert.equal(empty.status, 202);

  // 2. jaeger-client over HTTP and compact datagrams at once, then SIGTERM before the batch timeout.
  const tracer = traefikLikeTracer({ collectorEndpoint: `http://127.0.0.1:${httpPort}/api/traces` });
  for (let i = 0; i < 20; i++) tracer.startSpan(`http-${i}`).finish();
  await closeTracer(tracer);
  const udp = createSocket('udp4');
  for (let i = 0; i < 20; i++) {
    const dgram = encodeEmitBatch(
      {
        process: { serviceName: 'agent', tags: [tag('ip', '10.0.0.1')] },
        spans: [span({ traceIdLow: 1n, spanId: BigInt(i + 1), operationName: `udp-${i}`, startTime: 1n })],
      },
      'compact',
    );
    await new Promise<void>((r) => udp.send(dgram, udpPort, '127.0.0.1', () => r()));
  }
  udp.close();
  // Give the datagrams a moment to leave the kernel queue, then stop while the batch still holds them.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(await col.stop(), 0);
  const names = new Set<string>();
  for (const t of spansIn(backend.calls.map((c) => c.body))) t.forEachSpan((s) => names.add(s.name));
  for (let i = 0; i < 20; i++) {
    assert.ok(names.has(`http-${i}`), `http-${i} delivered`);
    assert.ok(names.has(`udp-${i}`), `udp-${i} delivered`);
  }
});
