// The whole collector as a process: OTLP/HTTP in → batch → three OTLP exporters, one healthy,
// one whose backend accepts connections but never answers, one whose port is closed. The
// receiver must keep answering 200 at once and the healthy backend must get every span: a slow
// or dead backend never stalls a receiver or another exporter.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { CLI, CollectorProcess } from '../testing/collector.js';
import { freePort } from '../testing/ports.js';
import { httpGet } from '../testing/http.js';
import { tempFile } from '../testing/tmp.js';
import { startOtlpGrpcServer } from '../testing/otlp-backend.js';
import { Traces, ResourceSpans, ScopeSpans, Span } from '../pdata/traces.js';

function request(spans: number, tag: string): Buffer {
  const rs = new ResourceSpans();
  const ss = new ScopeSpans();
  for (let i = 0; i < spans; i++) {
    const s = new Span();
    s.name = `${tag}-${i}`;
    s.traceId = '0123456789abcdef';
    s.spanId = `${String(i).padStart(8, '0')}`;
    ss.spans.push(s);
  }
  rs.scopeSpans.push(ss);
  return new Traces([rs]).toProto();
}

test('a stalled and a dead backend do not delay the receiver or the healthy exporter', async () => {
  const healthy = await startOtlpGrpcServer();
  const sockets: Socket[] = [];
  const stalled = createServer((s) => sockets.push(s)); // accepts, reads nothing, answers nothing
  await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
  const stalledPort = (stalled.address() as { port: number }).port;
  const deadPort = await freePort();
  const httpPort = await freePort();
  const metricsPort = await freePort();
  const config = tempFile(
    'isolation.yaml',
    `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${httpPort}
processors:
  batch:
    timeout: 20ms
exporters:
  otlp/healthy:
    endpoint: 127.0.0.1:${healthy.port}
    tls: { insecure: true }
  otlp/stalled:
    endpoint: 127.0.0.1:${stalledPort}
    tls: { insecure: true }
    timeout: 60s
  otlp/dead:
    endpoint: 127.0.0.1:${deadPort}
    tls: { insecure: true }
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp/stalled, otlp/dead, otlp/healthy]
  telemetry:
    metrics:
      address: 127.0.0.1:${metricsPort}
`,
  );
  const proc = new CollectorProcess([CLI, `--config=${config}`]);
  try {
    await proc.waitForLog(/Everything is ready/);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`http://127.0.0.1:${httpPort}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: request(5, `r${i}`),
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 5_000, `20 requests took ${elapsed} ms: the receiver was held up`);

    const deadline = Date.now() + 10_000;
    const delivered = () => healthy.calls.reduce((n, c) => n + Traces.fromProto(c.body).itemCount(), 0);
    while (delivered() < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(delivered(), 100, 'the healthy backend got every span');

    // The backend records a call before it answers, so the exporter counts it a moment later.
    const sentAll = /^otelcol_exporter_sent_spans\{[^}]*exporter="otlp\/healthy"[^}]*\} 100$/m;
    let metrics = '';
    for (const end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
      metrics = (await httpGet(`http://127.0.0.1:${metricsPort}/metrics`)).body;
      if (sentAll.test(metrics)) break;
    }
    assert.match(metrics, /^otelcol_receiver_accepted_spans\{[^}]*receiver="otlp"[^}]*transport="http"[^}]*\} 100$/m);
    assert.match(metrics, /^otelcol_exporter_sent_spans\{[^}]*exporter="otlp\/healthy"[^}]*\} 100$/m);
    assert.match(metrics, /^otelcol_exporter_queue_size\{[^}]*exporter="otlp\/dead"[^}]*\} [1-9]/m, 'the dead exporter holds its data in its queue');
  } finally {
    await proc.stop(20_000);
    for (const s of sockets) s.destroy();
    stalled.close();
    await healthy.close();
  }
});
