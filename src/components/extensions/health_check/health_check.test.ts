import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { ServiceInfo, ServiceStatus } from '../../../core/component.js';
import { testHost } from '../../../testing/host.js';
import { healthCheckFactory } from './factory.js';
import { healthCheckConfig, type HealthCheckConfig } from './config.js';
import { formatGoDuration, formatRFC3339Nano } from './go-time.js';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';

const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));

class FakeService implements ServiceInfo {
  status: ServiceStatus = 'starting';
  upSince: Date | undefined;
  readonly startedAt = new Date();
  readonly build = { command: 'otelcol-ts', description: 'test', version: '0.0.0' };
  pipelines() {
    return [];
  }
  extensions() {
    return ['health_check'];
  }
  redactedConfig() {
    return {};
  }
}

const fakeHost = (service: ServiceInfo) => testHost({}, service);

function decode(user: unknown): HealthCheckConfig {
  const ctx = new DecodeContext();
  const cfg = healthCheckConfig.decode(user, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

function get(address: string, path: string) {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    })
      .on('error', reject)
      .end();
  });
}

async function started(cfg: HealthCheckConfig, service: ServiceInfo) {
  const ext = healthCheckFactory.create({ id: 'health_check', kind: 'extension', logger, telemetry: new MetricsRegistry() }, cfg);
  await ext.start(fakeHost(service));
  return { ext, address: ext.address as string };
}

test('Go time and duration formats', () => {
  const prev = process.env.TZ;
  try {
    process.env.TZ = 'UTC';
    assert.equal(formatRFC3339Nano(new Date(Date.UTC(2023, 5, 15, 10, 20, 30, 120))), '2023-06-15T10:20:30.12Z');
    assert.equal(formatRFC3339Nano(new Date(Date.UTC(2023, 5, 15, 10, 20, 30, 0))), '2023-06-15T10:20:30Z');
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(formatRFC3339Nano(new Date(Date.UTC(2023, 5, 15, 10, 20, 30, 5))), '2023-06-15T15:50:30.005+05:30');
  } finally {
    if (prev === undefined) delete process.env.TZ;
    else process.env.TZ = prev;
  }
  const cases: Array<[bigint, string]> = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [1_500_000_000n, '1.5s'],
    [62_345_678_901n, '1m2.345678901s'],
    [3_600_000_000_000n, '1h0m0s'],
    [7_201_500_000_000n, '2h0m1.5s'],
    [60_000_000_000n, '1m0s'],
    [-1_500_000_000n, '-1.5s'],
  ];
  for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, String(ns));
});

test('answers 503 with Go bytes before the pipelines run, 200 while they run, 503 after', async () => {
  const service = new FakeService();
  const { ext, address } = await started(decode({ endpoint: '127.0.0.1:0' }), service);
  try {
    let r = await get(address, '/');
    assert.equal(r.status, 503);
    assert.equal(r.type, 'application/json');
    assert.equal(r.body, '{"status":"Server not available","upSince":"0001-01-01T00:00:00Z","uptime":""}');

    service.status = 'running';
    service.upSince = new Date(Date.now() - 62_345);
    r = await get(address, '/anything/below/root');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    const expectedSince = formatRFC3339Nano(service.upSince);
    const m = /^\{"status":"Server available","upSince":"([^"]+)","uptime":"([^"]+)"\}$/.exec(r.body);
    assert.ok(m, r.body);
    assert.equal(m[1], expectedSince);
    assert.match(m[2]!, /^1m2\.3\d*s$/);

    service.status = 'stopping';
    r = await get(address, '/');
    assert.equal(r.status, 503);
  } finally {
    await ext.shutdown();
    await ext.shutdown();
  }
});

test('custom path is exact, response_body replaces the JSON', async () => {
  const service = new FakeService();
  const cfg = decode({ endpoint: '127.0.0.1:0', path: '/health/status', response_body: { healthy: 'I am fine', unhealthy: 'I am not' } });
  const { ext, address } = await started(cfg, service);
  try {
    let r = await get(address, '/health/status');
    assert.deepEqual([r.status, r.body], [503, 'I am not']);
    service.status = 'running';
    service.upSince = new Date();
    r = await get(address, '/health/status?verbose');
    assert.deepEqual([r.status, r.type, r.body], [200, 'text/plain; charset=utf-8', 'I am fine']);
    r = await get(address, '/');
    assert.deepEqual([r.status, r.body], [404, '404 page not found\n']);
  } finally {
    await ext.shutdown();
  }
});

test('defaults and validation messages match Go', () => {
  const cfg = healthCheckConfig.defaultValue();
  assert.equal(cfg.endpoint, '0.0.0.0:13133');
  assert.equal(cfg.path, '/');
  assert.equal(cfg.response_body, undefined);
  assert.deepEqual(cfg.check_collector_pipeline, { enabled: false, interval: 300_000, exporter_failure_threshold: 5 });
  const bad = decode({ endpoint: '', path: 'health', check_collector_pipeline: { exporter_failure_threshold: 0 } });
  assert.deepEqual(
    healthCheckFactory.validate!(bad).map((i) => i.message),
    [
      'bad config: endpoint must be specified',
      'bad config: exporter_failure_threshold expects a positive number',
      'bad config: path must start with /',
    ],
  );
});

test('a busy port fails start with the address in the error', async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const cfg = decode({ endpoint: `127.0.0.1:${port}` });
  const ext = healthCheckFactory.create({ id: 'health_check', kind: 'extension', logger, telemetry: new MetricsRegistry() }, cfg);
  try {
    await assert.rejects(ext.start(fakeHost(new FakeService())), new RegExp(`listen tcp 127.0.0.1:${port}: bind: address already in use`));
  } finally {
    await ext.shutdown();
    await new Promise((r) => blocker.close(r));
  }
});
