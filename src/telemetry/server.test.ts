import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { startMetricsServer, metricsEndpoints, type MetricsConfig } from './server.js';
import { createTelemetry } from './index.js';
import { createLogger } from './logger.js';
import { telemetrySchema, type TelemetryConfig } from './config.js';
import { MetricsRegistry } from './metrics.js';
import type { Server } from 'node:http';
import { listenServer } from '../shared/httpserver/listen.js';

const listenHttp = (server: Server, endpoint: string) => listenServer(server, endpoint);
const closeHttp = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

const quiet = () => createLogger(telemetrySchema.defaultValue().logs, { destination: new Writable({ write: (_c, _e, cb) => cb() }) });

function config(metrics: Partial<MetricsConfig>): TelemetryConfig {
  const d = telemetrySchema.defaultValue();
  return { ...d, metrics: { ...d.metrics, ...metrics } };
}

function get(address: string, path: string, headers: Record<string, string> = {}) {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: host || '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('scrapes /metrics over a real socket, gzip on request, 404 elsewhere', async () => {
  const reg = new MetricsRegistry('normal', { 'service.name': 'otelcol-ts' });
  reg.receiver('otlp', 'http').accepted('logs', 12);
  const srv = await startMetricsServer(reg, config({ address: '127.0.0.1:0' }).metrics, quiet());
  assert.ok(srv);
  try {
    assert.match(srv.address, /^127\.0\.0\.1:\d+$/);
    const res = await get(srv.address, '/metrics');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const text = res.body.toString();
    assert.match(text, /^otelcol_receiver_accepted_log_records\{receiver="otlp",service_name="otelcol-ts",transport="http"\} 12$/m);
    const gz = await get(srv.address, '/metrics', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), text);
    const other = await get(srv.address, '/');
    assert.equal(other.status, 404);
    assert.equal(other.body.toString(), '404 page not found\n');
  } finally {
    await srv.close();
  }
});

test('level none opens no port; empty address opens none; readers replace address', async () => {
  assert.equal(await startMetricsServer(new MetricsRegistry(), config({ level: 'none', address: '127.0.0.1:0' }).metrics, quiet()), null);
  assert.deepEqual(metricsEndpoints(config({ level: 'none' }).metrics), []);
  assert.deepEqual(metricsEndpoints(config({ address: '' }).metrics), []);
  assert.deepEqual(metricsEndpoints(config({}).metrics), ['0.0.0.0:8888']);
  const prom = { host: '127.0.0.1', port: 0, without_scope_info: true, without_units: true, without_type_suffix: true };
  const readers = [
    { pull: { exporter: { prometheus: prom } }, periodic: undefined },
    { pull: undefined, periodic: { exporter: {} } },
  ];
  assert.deepEqual(metricsEndpoints(config({ readers, address: '0.0.0.0:9999' }).metrics), ['127.0.0.1:0']);
  const srv = await startMetricsServer(new MetricsRegistry(), config({ readers: [readers[0]!, readers[0]!] }).metrics, quiet());
  assert.ok(srv);
  try {
    assert.equal(srv.addresses.length, 2);
    assert.notEqual(srv.addresses[0], srv.addresses[1]);
  } finally {
    await srv.close();
  }
});

test('a port in use fails with an error naming the address', async () => {
  const blocker = createServer();
  const address = await listenHttp(blocker, '127.0.0.1:0');
  try {
    await assert.rejects(
      startMetricsServer(new MetricsRegistry(), config({ address }).metrics, quiet()),
      new RegExp(`^Error: failed to start the telemetry metrics server: listen tcp ${address}: bind: address already in use$`),
    );
  } finally {
    await closeHttp(blocker);
  }
});

test('createTelemetry serves process metrics, survives shutdown/start and live reconfigure', async () => {
  const t = createTelemetry(config({ address: '127.0.0.1:0' }), { version: '9.9.9', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  await t.start();
  try {
    const text = (await get(t.metricsAddresses[0]!, '/metrics')).body.toString();
    for (const name of [
      'otelcol_process_uptime',
      'otelcol_process_cpu_seconds',
      'otelcol_process_memory_rss',
      'otelcol_process_runtime_heap_alloc_bytes',
      'otelcol_process_runtime_total_alloc_bytes',
      'otelcol_process_runtime_total_sys_memory_bytes',
    ]) {
      assert.match(
        text,
        new RegExp(`^${name}\\{service_instance_id="[0-9a-f-]{36}",service_name="otelcol-ts",service_version="9\\.9\\.9"\\} \\S+$`, 'm'),
      );
    }
    assert.match(text, /# TYPE otelcol_process_uptime counter/);
    t.metrics.exporter('otlp').sent('traces', 3);
    await t.shutdown();
    assert.deepEqual(t.metricsAddresses, []);
    await t.start();
    t.metrics.exporter('otlp').sent('traces', 4);
    const first = t.metricsAddresses[0]!;
    assert.match((await get(first, '/metrics')).body.toString(), /^otelcol_exporter_sent_spans\{exporter="otlp",[^}]*\} 7$/m);

    // Same addresses: the server stays; the level and resource change in place.
    await t.reconfigure({ ...config({ address: '127.0.0.1:0', level: 'basic' }), resource: { 'service.name': 'edge', 'host.name': 'h1' } });
    assert.equal(t.metricsAddresses[0], first);
    assert.match(
      (await get(first, '/metrics')).body.toString(),
      /^otelcol_exporter_sent_spans\{exporter="otlp",host_name="h1",[^}]*service_name="edge"[^}]*\} 7$/m,
    );

    // A busy address rejects and leaves no server; reconfiguring back reopens one.
    const blocker = createServer();
    const busy = await listenHttp(blocker, '127.0.0.1:0');
    try {
      await assert.rejects(t.reconfigure(config({ address: busy })), /bind: address already in use/);
      assert.deepEqual(t.metricsAddresses, []);
      await t.reconfigure(config({ address: '127.0.0.1:0' }));
      assert.equal((await get(t.metricsAddresses[0]!, '/metrics')).status, 200);
    } finally {
      await closeHttp(blocker);
    }

    // Level none closes the port.
    await t.reconfigure(config({ level: 'none', address: '127.0.0.1:0' }));
    assert.deepEqual(t.metricsAddresses, []);
    assert.equal(t.metrics.expose(), '');
  } finally {
    await t.shutdown();
  }
});
