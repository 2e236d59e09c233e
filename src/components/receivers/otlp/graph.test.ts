// The receiver inside a real service graph: one `otlp` instance, built from YAML, feeding a traces
// and a logs pipeline from one listener per protocol (seed-setup.md §3.1 items 9–10).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { Registry } from '../../registry.js';
import { loadConfig } from '../../../config/load.js';
import { buildGraph } from '../../../graph/build.js';
import { Service } from '../../../graph/service.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { exported, resetTestComponents, testFactories } from '../../../testing/nop-components.js';
import { otlpReceiverFactory } from './factory.js';
import { OtlpReceiver } from './otlp.js';
import { makeLogs, makeMetrics, makeSpans, sdkExport, sdkExporter } from './sdk-fixtures.js';

const registry = new Registry([...testFactories, otlpReceiverFactory]);

test('one otlp instance serves the traces and logs pipelines; metrics, with no pipeline, are refused', async () => {
  resetTestComponents();
  const cfg = await loadConfig({
    configs: [
      `yaml:
receivers:
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:0 }
      http: { endpoint: 127.0.0.1:0 }
exporters:
  testnop/traces:
  testnop/logs:
service:
  pipelines:
    traces: { receivers: [otlp], exporters: [testnop/traces] }
    logs: { receivers: [otlp], exporters: [testnop/logs] }
`,
    ],
    registry,
    env: {},
  });
  const graph = buildGraph(cfg, { logger: pino({ level: 'silent' }), telemetry: new MetricsRegistry() });
  const service = new Service(graph, pino({ level: 'silent' }), { command: 't', description: 't', version: '0' }, () => ({}));
  await service.start();
  try {
    assert.equal(graph.receivers.length, 1);
    const receiver = graph.receivers[0]!.instance as unknown as OtlpReceiver;
    assert.ok(receiver instanceof OtlpReceiver);
    const [grpcAddr, httpAddr] = receiver.addresses;
    const addr = { grpc: grpcAddr!, http: httpAddr! };
    const spans = makeSpans();
    assert.equal((await sdkExport(sdkExporter('traces', 'grpc', addr), spans)).code, 0);
    assert.equal((await sdkExport(sdkExporter('logs', 'http/protobuf', addr), makeLogs(spans))).code, 0);
    assert.equal((await sdkExport(sdkExporter('metrics', 'http/json', addr), await makeMetrics())).code, 1);
    assert.equal((await sdkExport(sdkExporter('metrics', 'grpc', addr), await makeMetrics())).code, 1);
    assert.deepEqual(
      exported.get('testnop/traces')!.map((p) => p.itemCount()),
      [3],
    );
    assert.deepEqual(
      exported.get('testnop/logs')!.map((p) => p.itemCount()),
      [2],
    );
  } finally {
    await service.shutdown();
  }
});
