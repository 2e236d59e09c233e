import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { Registry } from '../components/registry.js';
import { loadConfig } from '../config/load.js';
import {
  testFactories,
  journal,
  receivers,
  exported,
  resetTestComponents,
  TestPayload,
} from '../components/testing/nop.js';
import { buildGraph } from './build.js';
import { planGraph, GraphError } from './plan.js';
import { Service } from './service.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { EMPTY_CONTEXT } from '../components/consumer.js';

const registry = new Registry(testFactories);
const logger = pino({ level: 'silent' });

async function start(yaml: string) {
  const cfg = await loadConfig({ configs: [`yaml:${yaml}`], registry, env: {} });
  const graph = buildGraph(cfg, { logger, telemetry: new MetricsRegistry() });
  const service = new Service(graph, logger, { command: 't', description: 't', version: '0' }, () => ({}));
  await service.start();
  return { service, graph };
}

function push(receiverId: string, signal: 'traces' | 'metrics' | 'logs', items: string[]) {
  const c = receivers.get(receiverId)?.[signal];
  assert.ok(c, `receiver ${receiverId} has no ${signal} consumer`);
  return c.consume(new TestPayload(signal, items), EMPTY_CONTEXT);
}

beforeEach(() => resetTestComponents());

test('one receiver instance feeds pipelines of several signals', async () => {
  const { service, graph } = await start(`
receivers: { nop: }
exporters: { nop: }
service:
  pipelines:
    traces: { receivers: [nop], exporters: [nop] }
    logs: { receivers: [nop], exporters: [nop] }
`);
  assert.equal(graph.receivers.length, 1);
  assert.equal(graph.exporters.length, 1);
  assert.deepEqual(Object.keys(receivers.get('nop')!).sort(), ['logs', 'traces']);
  await push('nop', 'traces', ['t1']);
  await push('nop', 'logs', ['l1']);
  assert.deepEqual(exported.get('nop')!.map((p) => [p.signal, p.items]), [
    ['traces', ['t1']],
    ['logs', ['l1']],
  ]);
  await service.shutdown();
});

test('fan-out gives each mutating pipeline its own clone and shares data with read-only exporters', async () => {
  const { service } = await start(`
receivers: { nop: }
processors: { nop/a: , nop/b: }
exporters: { nop/x: , nop/y: , nop/z: }
service:
  pipelines:
    traces/1: { receivers: [nop], processors: [nop/a], exporters: [nop/x, nop/y] }
    traces/2: { receivers: [nop], processors: [nop/b], exporters: [nop/z] }
`);
  const original = new TestPayload('traces', ['s']);
  await receivers.get('nop')!.traces!.consume(original, EMPTY_CONTEXT);
  assert.deepEqual(original.items, ['s'], 'the receiver’s payload is not mutated by either pipeline');
  assert.deepEqual(exported.get('nop/x')![0]!.items, ['s>nop/a']);
  assert.equal(exported.get('nop/x')![0], exported.get('nop/y')![0], 'read-only exporters share one payload');
  assert.deepEqual(exported.get('nop/z')![0]!.items, ['s>nop/b']);
  await service.shutdown();
});

test('connectors join pipelines, including traces → metrics', async () => {
  const { service } = await start(`
receivers: { nop: }
exporters: { nop/t: , nop/m: }
connectors: { nop/c: }
service:
  pipelines:
    traces/in: { receivers: [nop], exporters: [nop/c] }
    traces/out: { receivers: [nop/c], exporters: [nop/t] }
    metrics/out: { receivers: [nop/c], exporters: [nop/m] }
`);
  await push('nop', 'traces', ['a', 'b']);
  assert.deepEqual(exported.get('nop/t')!.map((p) => [p.signal, p.items]), [['traces', ['a', 'b']]]);
  assert.deepEqual(exported.get('nop/m')!.map((p) => [p.signal, p.items]), [['metrics', ['a', 'b']]]);
  await service.shutdown();
});

test('a connector used on one side only is an error with otelcol’s message', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { nop: }
exporters: { nop: }
connectors: { nop/connector1: }
service:
  pipelines:
    traces/in: { receivers: [nop], exporters: [nop] }
    logs/in2: { receivers: [nop/connector1], exporters: [nop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    (err: unknown) =>
      err instanceof GraphError &&
      err.message ===
        'failed to build pipelines: connector "nop/connector1" used as receiver in [logs/in2] pipeline but not used in any supported exporter pipeline',
  );
});

test('cycles through connectors are detected with otelcol’s message', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { nop: }
exporters: { nop: }
connectors: { nop/forward: }
service:
  pipelines:
    traces: { receivers: [nop, nop/forward], exporters: [nop/forward, nop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    (err: unknown) =>
      err instanceof GraphError &&
      err.message ===
        'failed to build pipelines: cycle detected: connector "nop/forward" (traces to traces) -> connector "nop/forward" (traces to traces)',
  );
});

test('a longer cycle names the processors on its way', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { nop: }
processors: { nop: }
exporters: { nop: }
connectors: { nop/a: , nop/b: }
service:
  pipelines:
    traces/1: { receivers: [nop, nop/b], processors: [nop], exporters: [nop/a] }
    traces/2: { receivers: [nop/a], exporters: [nop/b, nop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    /cycle detected: connector "nop\/(a|b)" \(traces to traces\) -> .*processor "nop" in pipeline "traces\/1".* -> connector "nop\/\1" \(traces to traces\)$/,
  );
});

test('start and stop follow the documented order, and held data drains to live exporters', async () => {
  const { service } = await start(`
extensions: { nop/e1: , nop/e2: }
receivers: { nop: }
processors: { nop/hold: { hold: true } }
exporters: { nop: }
connectors: { nop/c: }
service:
  extensions: [nop/e1, nop/e2]
  pipelines:
    traces/in: { receivers: [nop], processors: [nop/hold], exporters: [nop/c] }
    traces/out: { receivers: [nop/c], exporters: [nop] }
`);
  await push('nop', 'traces', ['x']);
  assert.equal(exported.get('nop'), undefined, 'the holding processor keeps data until shutdown');
  assert.equal(service.status, 'running');
  await service.shutdown();
  assert.equal(service.status, 'stopped');
  assert.deepEqual(exported.get('nop')!.map((p) => p.items), [['x>nop/hold']], 'flushed on shutdown, before exporters stop');
  assert.deepEqual(journal, [
    'start:extension:nop/e1',
    'start:extension:nop/e2',
    'start:exporter:nop',
    'start:connector:nop/c:traces-traces',
    'start:processor:nop/hold',
    'start:receiver:nop',
    'stop:receiver:nop',
    'stop:processor:nop/hold',
    'stop:connector:nop/c:traces-traces',
    'stop:exporter:nop',
    'stop:extension:nop/e2',
    'stop:extension:nop/e1',
  ]);
});

test('a component that fails to start stops what already started', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { nop: { fail_start: true } }
exporters: { nop: }
service:
  pipelines:
    logs: { receivers: [nop], exporters: [nop] }
`,
    ],
  });
  const graph = buildGraph(cfg, { logger, telemetry: new MetricsRegistry() });
  const service = new Service(graph, logger, { command: 't', description: 't', version: '0' }, () => ({}));
  await assert.rejects(service.start(), /failed to start receiver "nop": refusing to start/);
  assert.deepEqual(journal, ['start:exporter:nop', 'stop:exporter:nop']);
});
