import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { registry as publicRegistry } from '../components/registry.js';
import { testFactories } from '../testing/nop-components.js';
import { loadConfig } from '../config/load.js';
import { buildGraph } from '../graph/build.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { LeaderLink } from './forward.js';
import { OwnedComponents } from './owned.js';
import { placementOf } from '../core/component.js';
import { leaderShare, workerShare } from './share.js';
import { testHost } from '../testing/host.js';

const registry = publicRegistry.with(testFactories);

async function load() {
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-ts-share-'));
  const yaml = `
extensions:
  health_check: { endpoint: 127.0.0.1:0 }
  testnop:
receivers:
  otlp: { protocols: { http: { endpoint: 127.0.0.1:0 } } }
  testnop:
processors:
  batch:
connectors:
  testnop/c:
exporters:
  nop:
  file: { path: ${join(dir, 'out.json')} }
service:
  extensions: [health_check, testnop]
  pipelines:
    traces/in:
      receivers: [otlp, testnop]
      processors: [batch]
      exporters: [testnop/c, file]
    traces/out:
      receivers: [testnop/c]
      exporters: [nop]
  telemetry:
    logs: { initial_fields: { app: x } }
    metrics: { address: 127.0.0.1:0 }
`;
  return loadConfig({ configs: [`yaml:${yaml}`], registry, env: {} });
}

test('placement: push receivers run in the workers, aggregators and endpoints in the leader', async () => {
  const factories = await registry.list();
  const type = (kind: string, t: string) => [...factories, ...testFactories].find((f) => f.kind === kind && f.type === t)!;
  assert.equal(placementOf(type('receiver', 'otlp')), 'workers');
  assert.equal(placementOf(type('receiver', 'testnop')), 'leader', 'an unknown receiver runs once');
  assert.equal(placementOf(type('connector', 'testnop')), 'leader', 'an unknown connector has one owner');
  assert.equal(placementOf(type('exporter', 'file')), 'leader');
  assert.equal(placementOf(type('exporter', 'nop')), 'every');
  assert.equal(placementOf(type('extension', 'health_check')), 'leader');
  assert.equal(placementOf(type('extension', 'testnop')), 'every');
  assert.equal(placementOf(type('processor', 'batch')), 'every');
});

test('the worker share forwards single-owner components and serves no endpoints of its own', async () => {
  const cfg = await load();
  const share = workerShare(cfg, new LeaderLink(() => undefined), 3);
  const pipes = Object.fromEntries(share.service.pipelines.map((p) => [p.id, p]));
  assert.deepEqual(pipes['traces/in']!.receivers, ['otlp']);
  assert.deepEqual(pipes['traces/out']!.receivers, ['testnop/c'], 'the connector stays, as a forwarder');
  assert.notEqual(share.connectors.get('testnop/c')!.factory, cfg.connectors.get('testnop/c')!.factory);
  assert.notEqual(share.exporters.get('file')!.factory, cfg.exporters.get('file')!.factory);
  assert.equal(share.exporters.get('nop')!.factory, cfg.exporters.get('nop')!.factory);
  assert.deepEqual(share.service.extensions, ['testnop']);
  assert.equal(share.service.telemetry.metrics.address, '');
  assert.deepEqual(share.service.telemetry.metrics.readers, []);
  assert.deepEqual(share.service.telemetry.logs.initial_fields, { app: 'x', worker: 3 });
  assert.deepEqual(share.warnings, []);
  assert.deepEqual(share.printable(true), cfg.printable(true), 'print-config shows the whole config');
  // The share builds like any config.
  const graph = buildGraph(share, { logger: pino({ level: 'silent' }), telemetry: new MetricsRegistry() });
  assert.deepEqual(
    graph.receivers.map((r) => r.id),
    ['otlp'],
  );
});

test('the leader share runs the once-only receivers and lists its single-owner instances while they run', async () => {
  const cfg = await load();
  const owned = new OwnedComponents();
  const share = leaderShare(cfg, owned);
  const pipes = Object.fromEntries(share.service.pipelines.map((p) => [p.id, p]));
  assert.deepEqual(pipes['traces/in']!.receivers, ['testnop']);
  assert.deepEqual(share.service.extensions, ['health_check', 'testnop']);
  const graph = buildGraph(share, { logger: pino({ level: 'silent' }), telemetry: new MetricsRegistry() });
  assert.deepEqual(
    graph.receivers.map((r) => r.id),
    ['testnop'],
  );
  assert.deepEqual(owned.keys(), [], 'nothing is listed before it starts');
  const connector = graph.middle.find((n) => n.kind === 'connector')!;
  const file = graph.exporters.find((n) => n.id === 'file')!;
  const host = testHost();
  await file.instance.start(host);
  await connector.instance.start(host);
  assert.deepEqual(owned.keys().sort(), ['connector|testnop/c|traces|traces', 'exporter|file']);
  await connector.instance.shutdown();
  await file.instance.shutdown();
  assert.deepEqual(owned.keys(), []);
});
