import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { Registry } from '../components/registry.js';
import { loadConfig } from '../config/load.js';
import { testFactories, journal, receivers, exported, resetTestComponents } from '../testing/nop-components.js';
import { itemNames, testPayload } from '../testing/payloads.js';
import { buildGraph } from './build.js';
import { planGraph, GraphError } from './plan.js';
import { Service } from './service.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { EMPTY_CONTEXT } from '../core/consumer.js';

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
  return c.consume(testPayload(signal, items), EMPTY_CONTEXT);
}

beforeEach(() => resetTestComponents());

test('one receiver instance feeds pipelines of several signals', async () => {
  const { service, graph } = await start(`
receivers: { testnop: }
exporters: { testnop: }
service:
  pipelines:
    traces: { receivers: [testnop], exporters: [testnop] }
    logs: { receivers: [testnop], exporters: [testnop] }
`);
  assert.equal(graph.receivers.length, 1);
  assert.equal(graph.exporters.length, 1);
  assert.deepEqual(Object.keys(receivers.get('testnop')!).sort(), ['logs', 'traces']);
  await push('testnop', 'traces', ['t1']);
  await push('testnop', 'logs', ['l1']);
  assert.deepEqual(
    exported.get('testnop')!.map((p) => [p.signal, itemNames(p)]),
    [
      ['traces', ['t1']],
      ['logs', ['l1']],
    ],
  );
  await service.shutdown();
});

test('fan-out gives each mutating pipeline its own clone and shares data with read-only exporters', async () => {
  const { service } = await start(`
receivers: { testnop: }
processors: { testnop/a: , testnop/b: }
exporters: { testnop/x: , testnop/y: , testnop/z: }
service:
  pipelines:
    traces/1: { receivers: [testnop], processors: [testnop/a], exporters: [testnop/x, testnop/y] }
    traces/2: { receivers: [testnop], processors: [testnop/b], exporters: [testnop/z] }
`);
  const original = testPayload('traces', ['s']);
  await receivers.get('testnop')!.traces!.consume(original, EMPTY_CONTEXT);
  assert.deepEqual(itemNames(original), ['s'], 'the receiver’s payload is not mutated by either pipeline');
  assert.deepEqual(itemNames(exported.get('testnop/x')![0]!), ['s>testnop/a']);
  assert.equal(exported.get('testnop/x')![0], exported.get('testnop/y')![0], 'read-only exporters share one payload');
  assert.deepEqual(itemNames(exported.get('testnop/z')![0]!), ['s>testnop/b']);
  await service.shutdown();
});

test('connectors join pipelines, including traces → metrics', async () => {
  const { service } = await start(`
receivers: { testnop: }
exporters: { testnop/t: , testnop/m: }
connectors: { testnop/c: }
service:
  pipelines:
    traces/in: { receivers: [testnop], exporters: [testnop/c] }
    traces/out: { receivers: [testnop/c], exporters: [testnop/t] }
    metrics/out: { receivers: [testnop/c], exporters: [testnop/m] }
`);
  await push('testnop', 'traces', ['a', 'b']);
  assert.deepEqual(
    exported.get('testnop/t')!.map((p) => [p.signal, itemNames(p)]),
    [['traces', ['a', 'b']]],
  );
  assert.deepEqual(
    exported.get('testnop/m')!.map((p) => [p.signal, itemNames(p)]),
    [['metrics', ['a', 'b']]],
  );
  await service.shutdown();
});

test('a connector used on one side only is an error with otelcol’s message', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { testnop: }
exporters: { testnop: }
connectors: { testnop/connector1: }
service:
  pipelines:
    traces/in: { receivers: [testnop], exporters: [testnop] }
    logs/in2: { receivers: [testnop/connector1], exporters: [testnop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    (err: unknown) =>
      err instanceof GraphError &&
      err.message ===
        'failed to build pipelines: connector "testnop/connector1" used as receiver in [logs/in2] pipeline but not used in any supported exporter pipeline',
  );
});

test('cycles through connectors are detected with otelcol’s message', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { testnop: }
exporters: { testnop: }
connectors: { testnop/forward: }
service:
  pipelines:
    traces: { receivers: [testnop, testnop/forward], exporters: [testnop/forward, testnop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    (err: unknown) =>
      err instanceof GraphError &&
      err.message ===
        'failed to build pipelines: cycle detected: connector "testnop/forward" (traces to traces) -> connector "testnop/forward" (traces to traces)',
  );
});

test('a longer cycle names the processors on its way', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { testnop: }
processors: { testnop: }
exporters: { testnop: }
connectors: { testnop/a: , testnop/b: }
service:
  pipelines:
    traces/1: { receivers: [testnop, testnop/b], processors: [testnop], exporters: [testnop/a] }
    traces/2: { receivers: [testnop/a], exporters: [testnop/b, testnop] }
`,
    ],
  });
  assert.throws(
    () => planGraph(cfg),
    /cycle detected: connector "testnop\/(a|b)" \(traces to traces\) -> .*processor "testnop" in pipeline "traces\/1".* -> connector "testnop\/\1" \(traces to traces\)$/,
  );
});

test('start and stop follow the documented order, and held data drains to live exporters', async () => {
  const { service } = await start(`
extensions: { testnop/e1: , testnop/e2: }
receivers: { testnop: }
processors: { testnop/hold: { hold: true } }
exporters: { testnop: }
connectors: { testnop/c: }
service:
  extensions: [testnop/e1, testnop/e2]
  pipelines:
    traces/in: { receivers: [testnop], processors: [testnop/hold], exporters: [testnop/c] }
    traces/out: { receivers: [testnop/c], exporters: [testnop] }
`);
  await push('testnop', 'traces', ['x']);
  assert.equal(exported.get('testnop'), undefined, 'the holding processor keeps data until shutdown');
  assert.equal(service.status, 'running');
  await service.shutdown();
  assert.equal(service.status, 'stopped');
  assert.deepEqual(
    exported.get('testnop')!.map((p) => itemNames(p)),
    [['x>testnop/hold']],
    'flushed on shutdown, before exporters stop',
  );
  assert.deepEqual(journal, [
    'start:extension:testnop/e1',
    'start:extension:testnop/e2',
    'start:exporter:testnop',
    'start:connector:testnop/c:traces-traces',
    'start:processor:testnop/hold',
    'start:receiver:testnop',
    'stop:receiver:testnop',
    'stop:processor:testnop/hold',
    'stop:connector:testnop/c:traces-traces',
    'stop:exporter:testnop',
    'stop:extension:testnop/e2',
    'stop:extension:testnop/e1',
  ]);
});

test('a component that fails to start stops what already started', async () => {
  const cfg = await loadConfig({
    registry,
    env: {},
    configs: [
      `yaml:
receivers: { testnop: { fail_start: true } }
exporters: { testnop: }
service:
  pipelines:
    logs: { receivers: [testnop], exporters: [testnop] }
`,
    ],
  });
  const graph = buildGraph(cfg, { logger, telemetry: new MetricsRegistry() });
  const service = new Service(graph, logger, { command: 't', description: 't', version: '0' }, () => ({}));
  await assert.rejects(service.start(), /failed to start receiver "testnop": refusing to start/);
  assert.deepEqual(journal, ['start:exporter:testnop', 'stop:exporter:testnop']);
});
