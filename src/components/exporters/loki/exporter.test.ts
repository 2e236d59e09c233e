// The loki exporter against a real Loki-protocol HTTP sink (node:http, decoding snappy + protobuf
// with protobufjs): what arrives, Basic auth from the endpoint's user-info, headers, tenants,
// and the retry / permanent-failure behaviour through the shared exporterhelper queue.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { DecodeContext } from '../../../core/schema.js';
import { KeyValue, LogRecord, Logs, ResourceLogs, ScopeLogs, type AnyValue } from '../../../pdata/index.js';
import { buildExporter, configIssues } from '../../../testing/components.js';
import { makeTestCerts } from '../../../testing/certs.js';
import { testHost } from '../../../testing/host.js';
import { silentLogger } from '../../../testing/logger.js';
import { freePort } from '../../../testing/ports.js';
import { waitFor } from '../../../testing/wait.js';
import { basicAuthConfig } from '../../extensions/basicauth/config.js';
import { createBasicAuth } from '../../extensions/basicauth/extension.js';
import type { LokiExporterConfig } from './config.js';
import { lokiExporterFactory } from './factory.js';
import { startLokiSink } from './testkit.js';

const FAST_RETRY = { initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '5s' };
const T = 1686823200000000000n;

interface Rec {
  body?: AnyValue;
  attrs?: Record<string, AnyValue>;
  ts?: bigint;
  severity?: number;
}

function logs(records: Rec[], resource: Record<string, AnyValue> = {}): Logs {
  const rl = new ResourceLogs();
  rl.resource.attributes = Object.entries(resource).map(([k, v]) => new KeyValue(k, v));
  const sl = new ScopeLogs();
  for (const r of records) {
    const lr = new LogRecord();
    lr.body = r.body ?? null;
    lr.timeUnixNano = r.ts ?? T;
    lr.severityNumber = r.severity ?? 0;
    lr.attributes = Object.entries(r.attrs ?? {}).map(([k, v]) => new KeyValue(k, v));
    sl.logRecords.push(lr);
  }
  rl.scopeLogs.push(sl);
  return new Logs([rl]);
}

/** What attributes/fluent_docker makes of a dockerd record (seed-setup.md §2.5). */
const dockerRecord = (line: string): Rec => ({
  body: line,
  attrs: {
    container_id: 'ce13c9c828f4a8f1c0b7e0a1f83d6d2b9a7f52e4d1c0b9a8f7e6d5c4b3a29180',
    container_name: 'prometheus',
    source: 'docker',
    'fluent.tag': 'ce13c9c828f4',
    'loki.attribute.labels': 'source, container_name',
  },
});

test('Grafana Cloud shape: user-info becomes Basic auth, protobuf+snappy body, seed labels and line, secrets kept out of logs', async () => {
  const sink = await startLokiSink();
  const { exporter, lines } = buildExporter(
    lokiExporterFactory,
    { endpoint: `http://447801:glc%40key%3Asecret@127.0.0.1:${sink.port}/loki/api/v1/push`, headers: { 'X-Extra': 'yes' } },
    ['logs'],
  );
  await exporter.start(testHost());
  try {
    await exporter.consume(logs([dockerRecord('Server is ready <ok> & up')]), EMPTY_CONTEXT);
    await waitFor(() => sink.pushes.length === 1);
    const req = sink.requests[0]!;
    assert.equal(req.path, '/loki/api/v1/push');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('447801:glc@key:secret').toString('base64')}`);
    assert.equal(req.headers['content-type'], 'application/x-protobuf');
    assert.equal(req.headers['content-encoding'], undefined);
    assert.equal(req.headers['x-extra'], 'yes');
    assert.equal(req.headers['x-scope-orgid'], undefined);
    assert.deepEqual(sink.pushes[0]!.streams, [
      {
        labels: '{container_name="prometheus", exporter="OTLP", source="docker"}',
        entries: [
          {
            ts: String(T),
            line: '{"body":"Server is ready \\u003cok\\u003e \\u0026 up","attributes":{"container_id":"ce13c9c828f4a8f1c0b7e0a1f83d6d2b9a7f52e4d1c0b9a8f7e6d5c4b3a29180","fluent.tag":"ce13c9c828f4"}}',
          },
        ],
      },
    ]);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
  assert.ok(!JSON.stringify(lines).includes('glc'), 'no credential in any log line');
});

test('auth: a basicauth extension sets Authorization', async () => {
  const sink = await startLokiSink();
  const ctx = new DecodeContext();
  const ext = createBasicAuth(basicAuthConfig.decode({ client_auth: { username: 'u', password: 'p' } }, [], ctx), silentLogger);
  await ext.start(testHost());
  const { exporter } = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push`, auth: { authenticator: 'basicauth/loki' } }, [
    'logs',
  ]);
  await exporter.start(testHost({ 'basicauth/loki': ext }));
  try {
    await exporter.consume(logs([{ body: 'x' }]), EMPTY_CONTEXT);
    await waitFor(() => sink.pushes.length === 1);
    assert.equal(sink.requests[0]!.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  } finally {
    await exporter.shutdown();
    await ext.shutdown();
    await sink.close();
  }
});

test('tenants: one request per tenant with X-Scope-OrgID, none for records without a tenant', async () => {
  const sink = await startLokiSink();
  const { exporter } = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push` }, ['logs']);
  await exporter.start(testHost());
  try {
    const payload = logs([
      { body: 'a', attrs: { 'loki.tenant': 'org', org: 'acme' } },
      { body: 'b', attrs: { 'loki.tenant': 'org', org: 'globex' } },
      { body: 'c' },
      { body: 'd', attrs: { 'loki.tenant': 'org', org: 'acme' } },
    ]);
    await exporter.consume(payload, EMPTY_CONTEXT);
    await waitFor(() => sink.pushes.length === 3);
    const byTenant = Object.fromEntries(
      sink.pushes.map((p) => [p.tenant, p.streams.flatMap((s) => s.entries.map((e) => JSON.parse(e.line).body as string))]),
    );
    assert.deepEqual(byTenant, { acme: ['a', 'd'], globex: ['b'], '': ['c'] });
    assert.equal(sink.requests.filter((r) => r.headers['x-scope-orgid'] === undefined).length, 1);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

for (const status of [429, 500, 503]) {
  test(`HTTP ${status} is retried until Loki accepts`, async () => {
    const sink = await startLokiSink();
    sink.replies.push({ status, body: 'ingester busy\nsecond line' });
    const { exporter, lines } = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push`, retry_on_failure: FAST_RETRY }, [
      'logs',
    ]);
    await exporter.start(testHost());
    try {
      await exporter.consume(logs([{ body: 'retry me' }]), EMPTY_CONTEXT);
      await waitFor(() => sink.pushes.length === 1, 5_000);
      assert.equal(sink.requests.length, 2);
      const retry = lines.find((l) => l.msg === 'Exporting failed. Will retry the request after interval.');
      assert.ok(retry, 'retry logged');
      const texts: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };
      assert.equal(retry.error, `HTTP ${status} "${texts[status]}": ingester busy`);
    } finally {
      await exporter.shutdown();
      await sink.close();
    }
  });
}

test('HTTP 400 is permanent: one attempt, Loki’s first line logged; missing labels are counted', async () => {
  const sink = await startLokiSink();
  sink.replies.push({ status: 400, body: 'error at least one label pair is required per stream\nmore' });
  const { exporter, lines, metricsText } = buildExporter(
    lokiExporterFactory,
    {
      endpoint: `${sink.url}/loki/api/v1/push`,
      retry_on_failure: FAST_RETRY,
      default_labels_enabled: { exporter: false, job: false, instance: false, level: false },
    },
    ['logs'],
  );
  await exporter.start(testHost());
  try {
    await exporter.consume(logs([{ body: 'one' }, { body: 'two' }]), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sink.requests.length, 1);
    const dropped = lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!;
    assert.equal(dropped.error, 'not retryable error: HTTP 400 "Bad Request": error at least one label pair is required per stream');
    assert.match(metricsText(), /^otelcol_lokiexporter_send_failed_due_to_missing_labels(_total)? 2$/m);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

test('a record Go cannot encode is dropped and the rest sent; nothing encodable fails permanently', async () => {
  const sink = await startLokiSink();
  const { exporter, lines } = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push`, retry_on_failure: FAST_RETRY }, [
    'logs',
  ]);
  await exporter.start(testHost());
  try {
    await exporter.consume(logs([{ body: 'nan', attrs: { bad: NaN } }, { body: 'fine' }]), EMPTY_CONTEXT);
    await waitFor(() => sink.pushes.length === 1);
    assert.deepEqual(
      sink.pushes[0]!.streams[0]!.entries.map((e) => e.line),
      ['{"body":"fine"}'],
    );
    const info = lines.find((l) => l.msg === 'not all log entries were converted to Loki')!;
    assert.equal(info.dropped, 1);
    assert.equal(info.submitted, 1);

    await exporter.consume(logs([{ body: 'x', attrs: { 'loki.format': 'xml' } }]), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    assert.equal(
      lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!.error,
      'not retryable error: failed to transform logs into Loki log streams',
    );
    assert.equal(sink.requests.length, 1);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

test('a dead endpoint: consume returns at once (queued), the send is retried, shutdown is bounded', async () => {
  const port = await freePort();
  const { exporter, lines } = buildExporter(
    lokiExporterFactory,
    { endpoint: `http://u:hunter2@127.0.0.1:${port}/loki/api/v1/push`, retry_on_failure: FAST_RETRY },
    ['logs'],
  );
  await exporter.start(testHost());
  const started = performance.now();
  await exporter.consume(logs([{ body: 'x' }]), EMPTY_CONTEXT);
  assert.ok(performance.now() - started < 1_000);
  await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Will retry the request after interval.'), 5_000);
  const retry = lines.find((l) => l.msg === 'Exporting failed. Will retry the request after interval.')!;
  assert.match(String(retry.error), /connection refused|ECONNREFUSED/);
  await exporter.shutdown();
  assert.ok(!JSON.stringify(lines).includes('hunter2'));
});

test('config: endpoint is required and must be a URL; defaults as Go', () => {
  assert.deepEqual(configIssues(lokiExporterFactory, {}), ['"endpoint" must be a valid URL']);
  assert.deepEqual(configIssues(lokiExporterFactory, { endpoint: 'not a url' }).includes('"endpoint" must be a valid URL'), true);
  assert.deepEqual(configIssues(lokiExporterFactory, { endpoint: 'http://192.168.3.4:3100/loki/api/v1/push' }), []);
  const ctx = new DecodeContext();
  const cfg = lokiExporterFactory.config.decode({ endpoint: 'http://loki:3100/loki/api/v1/push' }, [], ctx) as LokiExporterConfig;
  assert.equal(cfg.timeout, 30_000);
  assert.equal(cfg.compression, '');
  assert.equal(cfg.sending_queue.queue_size, 1000);
  assert.equal(cfg.retry_on_failure.enabled, true);
});

test('sending_queue disabled: Loki’s refusal reaches the caller (backpressure); sizer bytes counts the encoded request', async () => {
  const sink = await startLokiSink();
  try {
    sink.replies.push({ status: 413, body: 'request too large' });
    const direct = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push`, sending_queue: { enabled: false } }, ['logs']);
    await direct.exporter.start(testHost());
    try {
      await assert.rejects(direct.exporter.consume(logs([{ body: 'x' }]), EMPTY_CONTEXT), (err: Error) => {
        assert.equal(err.message, 'not retryable error: HTTP 413 "Request Entity Too Large": request too large');
        return true;
      });
    } finally {
      await direct.exporter.shutdown();
    }
    const bytes = buildExporter(
      lokiExporterFactory,
      { endpoint: `${sink.url}/loki/api/v1/push`, sending_queue: { sizer: 'bytes', queue_size: 100_000 } },
      ['logs'],
    );
    await bytes.exporter.start(testHost());
    try {
      await bytes.exporter.consume(logs([{ body: 'sized' }]), EMPTY_CONTEXT);
      await waitFor(() => sink.pushes.length === 1);
      assert.equal(JSON.parse(sink.pushes[0]!.streams[0]!.entries[0]!.line).body, 'sized');
    } finally {
      await bytes.exporter.shutdown();
    }
  } finally {
    await sink.close();
  }
});

test('TLS: an https endpoint verified with tls.ca_file', async (t) => {
  const certs = makeTestCerts();
  if (!certs) return t.skip('openssl is not installed');
  const sink = await startLokiSink({ tls: { cert: certs.pem(certs.serverCert), key: certs.pem(certs.serverKey) } });
  const { exporter } = buildExporter(lokiExporterFactory, { endpoint: `${sink.url}/loki/api/v1/push`, tls: { ca_file: certs.caFile } }, ['logs']);
  await exporter.start(testHost());
  try {
    await exporter.consume(logs([{ body: 'over tls' }]), EMPTY_CONTEXT);
    await waitFor(() => sink.pushes.length === 1);
    assert.equal(JSON.parse(sink.pushes[0]!.streams[0]!.entries[0]!.line).body, 'over tls');
  } finally {
    await exporter.shutdown();
    await sink.close();
    certs.cleanup();
  }
});
