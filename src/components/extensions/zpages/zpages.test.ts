import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import pino from 'pino';
import type { ServiceInfo } from '../../../core/component.js';
import { testHost } from '../../../testing/host.js';
import { zpagesFactory } from './factory.js';
import { zpagesConfig, type ZpagesConfig } from './config.js';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';

const logger = pino({ level: 'silent' });

const service: ServiceInfo = {
  status: 'running',
  upSince: new Date(Date.now() - 5000),
  startedAt: new Date(Date.now() - 6000),
  build: { command: 'otelcol-ts', description: 'OpenTelemetry collector in <TypeScript>', version: '1.2.3' },
  pipelines: () => [
    {
      id: 'logs/docker',
      receivers: ['fluentforward/docker'],
      processors: ['batch', 'attributes/fluent_docker'],
      exporters: ['loki'],
      mutatesData: true,
    },
    { id: 'traces/otlp', receivers: ['otlp'], processors: ['batch'], exporters: ['otlp/jaeger'], mutatesData: false },
  ],
  extensions: () => ['health_check', 'zpages', 'basicauth/otlp'],
  redactedConfig: () => ({}),
};
const host = testHost({}, service);

function decode(user: unknown): ZpagesConfig {
  const ctx = new DecodeContext();
  const cfg = zpagesConfig.decode(user, [], ctx);
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

async function withZpages(user: unknown, fn: (address: string) => Promise<void>) {
  const ext = zpagesFactory.create({ id: 'zpages', kind: 'extension', logger, telemetry: new MetricsRegistry() }, decode(user));
  await ext.start(host);
  try {
    await fn(ext.address as string);
  } finally {
    await ext.shutdown();
  }
}

test('every page answers 200 HTML with its content, escaped', async () => {
  await withZpages({ endpoint: '127.0.0.1:0' }, async (address) => {
    const expected: Record<string, RegExp[]> = {
      '/': [
        /href="\/debug\/servicez"/,
        /href="\/debug\/pipelinez"/,
        /href="\/debug\/extensionz"/,
        /href="\/debug\/featurez"/,
        /href="\/debug\/tracez"/,
      ],
      '/debug/servicez': [/<td>1\.2\.3<\/td>/, /OpenTelemetry collector in &#60;TypeScript&#62;/, /<td>running<\/td>/, /<td>\d+(\.\d+)?s<\/td>/],
      '/debug/pipelinez': [
        /<td>logs\/docker<\/td><td>logs<\/td><td>true<\/td><td>fluentforward\/docker<\/td><td>batch, attributes\/fluent_docker<\/td><td>loki<\/td>/,
        /<td>traces\/otlp<\/td><td>traces<\/td><td>false<\/td>/,
      ],
      '/debug/extensionz': [/<td>basicauth\/otlp<\/td><td>basicauth<\/td>/, /<td>health_check<\/td>/],
      '/debug/featurez': [/<th>ID<\/th><th>Enabled<\/th>/, /no feature gates/],
      '/debug/tracez': [/No internal tracer is configured/],
    };
    for (const [path, patterns] of Object.entries(expected)) {
      const r = await get(address, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.type, 'text/html; charset=utf-8', path);
      assert.ok(!r.body.includes('<TypeScript>'), `${path} escapes HTML`);
      for (const p of patterns) assert.match(r.body, p, path);
    }
    assert.equal((await get(address, '/debug/expvarz')).status, 404, 'expvar is off by default');
    assert.equal((await get(address, '/debug/nothing')).status, 404);
  });
});

test('expvarz serves runtime JSON when enabled and is linked', async () => {
  await withZpages({ endpoint: '127.0.0.1:0', expvar: { enabled: true } }, async (address) => {
    const r = await get(address, '/debug/expvarz');
    assert.equal(r.status, 200);
    const json = JSON.parse(r.body) as { memstats: { rss: number }; cmdline: string[]; versions: { node: string } };
    assert.ok(json.memstats.rss > 0);
    assert.ok(Array.isArray(json.cmdline));
    assert.equal(json.versions.node, process.versions.node);
    assert.match((await get(address, '/')).body, /href="\/debug\/expvarz"/);
  });
});

test('defaults and validation', () => {
  const d = zpagesConfig.defaultValue();
  assert.equal(d.endpoint, 'localhost:55679');
  assert.equal(d.expvar.enabled, false);
  assert.deepEqual(
    zpagesFactory.validate!(decode({ endpoint: '' })).map((i) => i.message),
    ['"endpoint" is required when using the "zpages" extension'],
  );
});
