// Our exporters into our OTLP receiver: every field of every signal survives each transport.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logs, Metrics, Traces, type Payload, type Signal } from '../../../pdata/index.js';
import { fullLogs, fullMetrics, fullTraces } from '../../../pdata/test-fixtures.js';
import { waitFor } from '../../../testing/wait.js';
import { testHost } from '../../../testing/host.js';
import { startReceiver } from '../../../testing/otlp-receiver.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import type { ExporterFactory } from '../../../core/component.js';
import { otlpHttpExporterFactory } from '../otlphttp/factory.js';
import { otlpExporterFactory } from './factory.js';
import { buildExporter } from '../../../testing/components.js';

function tree(p: Payload): unknown {
  if (p instanceof Traces) return p.resourceSpans;
  if (p instanceof Metrics) return p.resourceMetrics;
  if (p instanceof Logs) return p.resourceLogs;
  throw new Error(`unexpected payload ${(p as object).constructor.name}`);
}

const EXPECTED: Record<Signal, () => unknown> = { traces: fullTraces, metrics: fullMetrics, logs: fullLogs };

type Addresses = { grpc: string; http: string };
const transports: Array<{ name: string; factory: ExporterFactory; config: (r: Addresses) => Record<string, unknown> }> = [
  { name: 'otlp (gRPC, gzip)', factory: otlpExporterFactory, config: (r) => ({ endpoint: r.grpc, tls: { insecure: true } }) },
  { name: 'otlp (gRPC, zstd)', factory: otlpExporterFactory, config: (r) => ({ endpoint: r.grpc, tls: { insecure: true }, compression: 'zstd' }) },
  { name: 'otlphttp (protobuf, gzip)', factory: otlpHttpExporterFactory, config: (r) => ({ endpoint: `http://${r.http}` }) },
  { name: 'otlphttp (JSON)', factory: otlpHttpExporterFactory, config: (r) => ({ endpoint: `http://${r.http}`, encoding: 'json' }) },
];

for (const t of transports) {
  test(`${t.name} → otlp receiver: every field of traces, metrics and logs survives`, async () => {
    const receiver = await startReceiver();
    const { exporter, lines } = buildExporter(t.factory, t.config(receiver));
    await exporter.start(testHost());
    try {
      await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
      await exporter.consume(new Metrics(fullMetrics()), EMPTY_CONTEXT);
      await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
      await waitFor(() => (['traces', 'metrics', 'logs'] as const).every((s) => receiver.consumers[s]!.payloads.length === 1));
      for (const s of ['traces', 'metrics', 'logs'] as const) {
        assert.deepEqual(tree(receiver.consumers[s]!.payloads[0]!), EXPECTED[s](), s);
      }
      assert.deepEqual(
        lines.filter((l) => l.level >= 40),
        [],
      );
    } finally {
      await exporter.shutdown();
      await receiver.stop();
    }
  });
}
