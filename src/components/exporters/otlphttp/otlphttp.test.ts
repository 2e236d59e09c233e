import { test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { DecodeContext } from '../../../core/schema.js';
import { Logs, Metrics, Traces } from '../../../pdata/index.js';
import { encodeExportResponse, encodeRpcStatus, exportResponseToJSON } from '../../../pdata/responses.js';
import { fullLogs, fullMetrics, fullTraces, fullTracesObj } from '../../../pdata/test-fixtures.js';
import { waitFor } from '../../../testing/wait.js';
import { silentLogger } from '../../../testing/logger.js';
import { testHost } from '../../../testing/host.js';
import { makeTestCerts } from '../../../testing/certs.js';
import { freePort } from '../../../testing/ports.js';
import { basicAuthConfig } from '../../extensions/basicauth/config.js';
import { createBasicAuth } from '../../extensions/basicauth/extension.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { buildExporter, configIssues } from '../../../testing/components.js';
import { pbjsDecode } from '../../../testing/otlp-backend.js';
import { otlpHttpExporterFactory } from './factory.js';
import { otlpHttpConfig, signalUrl } from './config.js';

const FAST_RETRY = { initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '10s' };
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
}
type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

async function startHttp(handler: Handler = (_q, res) => res.end(), secure?: { cert: string; key: string }) {
  const seen: Seen[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks), at: performance.now() });
      handler(req, res, seen.length - 1);
    });
  };
  const server = secure ? https.createServer(secure, onRequest) : http.createServer(onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function unzip(s: Seen): Buffer {
  return s.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(s.body) : s.body;
}

async function grafanaHost() {
  const ctx = new DecodeContext();
  const cfg = basicAuthConfig.decode({ client_auth: { username: 447801, password: 'glc_key' } }, [], ctx);
  const ext = createBasicAuth(cfg, silentLogger);
  await ext.start(testHost());
  return testHost({ 'basicauth/otlp': ext });
}

test('Grafana Cloud shape: /otlp/v1/<signal>, Basic auth from basicauth, custom headers, gzip protobuf', async () => {
  const srv = await startHttp();
  const { exporter } = buildExporter(otlpHttpExporterFactory, {
    endpoint: `http://127.0.0.1:${srv.port}/otlp`,
    auth: { authenticator: 'basicauth/otlp' },
    headers: { 'X-Scope-OrgID': 'tenant-1' },
  });
  await exporter.start(await grafanaHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await exporter.consume(new Metrics(fullMetrics()), EMPTY_CONTEXT);
    await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
    await waitFor(() => srv.seen.length === 3);
    assert.deepEqual(srv.seen.map((s) => s.url).sort(), ['/otlp/v1/logs', '/otlp/v1/metrics', '/otlp/v1/traces']);
    const t = srv.seen.find((s) => s.url === '/otlp/v1/traces')!;
    assert.equal(t.headers.authorization, `Basic ${Buffer.from('447801:glc_key').toString('base64')}`);
    assert.equal(t.headers['x-scope-orgid'], 'tenant-1');
    assert.equal(t.headers['content-type'], 'application/x-protobuf');
    assert.equal(t.headers['content-encoding'], 'gzip');
    assert.match(String(t.headers['user-agent']), /^test\/0 \(/);
    assert.deepEqual(pbjsDecode('traces', unzip(t)), plain(fullTracesObj));
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('encoding json sends OTLP/JSON; traces_endpoint overrides the path; partial_success is logged', async () => {
  const srv = await startHttp((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(exportResponseToJSON('traces', { partialSuccess: { rejected: 2n, errorMessage: 'too old' } }));
  });
  const { exporter, lines } = buildExporter(
    otlpHttpExporterFactory,
    {
      endpoint: `http://127.0.0.1:${srv.port}`,
      traces_endpoint: `http://127.0.0.1:${srv.port}/custom/traces`,
      encoding: 'json',
      compression: 'none',
    },
    ['traces'],
  );
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Partial success response'));
    const s = srv.seen[0]!;
    assert.equal(s.url, '/custom/traces');
    assert.equal(s.headers['content-type'], 'application/json');
    assert.deepEqual(Traces.fromJSON(s.body).resourceSpans, fullTraces());
    const warn = lines.find((l) => l.msg === 'Partial success response')!;
    assert.equal(warn.dropped_spans, 2);
    assert.equal(warn.message, 'too old');
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('503 with Retry-After is retried after the server’s delay', async () => {
  const srv = await startHttp((_req, res, i) => {
    if (i === 0) {
      res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'application/x-protobuf' });
      res.end(encodeRpcStatus({ code: 14, message: 'overloaded' }));
      return;
    }
    res.setHeader('Content-Type', 'application/x-protobuf');
    res.end(encodeExportResponse({}));
  });
  const { exporter, lines } = buildExporter(otlpHttpExporterFactory, { endpoint: `http://127.0.0.1:${srv.port}`, retry_on_failure: FAST_RETRY });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
    await waitFor(() => srv.seen.length === 2);
    assert.ok(srv.seen[1]!.at - srv.seen[0]!.at >= 950, 'waited for Retry-After');
    const retry = lines.find((l) => l.msg === 'Exporting failed. Will retry the request after interval.')!;
    assert.equal(
      retry.error,
      `error exporting items, request to http://127.0.0.1:${srv.port}/v1/logs responded with HTTP Status Code 503, Message=overloaded, Details=[]`,
    );
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('400 is permanent: one attempt, and the URL’s credentials never reach the log', async () => {
  const srv = await startHttp((_req, res) => {
    res.writeHead(400, { 'Content-Type': 'application/x-protobuf' });
    res.end(encodeRpcStatus({ code: 3, message: 'bad span' }));
  });
  const { exporter, lines } = buildExporter(otlpHttpExporterFactory, {
    endpoint: `http://user:hunter2@127.0.0.1:${srv.port}`,
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(srv.seen.length, 1);
    assert.equal(srv.seen[0]!.headers.authorization, `Basic ${Buffer.from('user:hunter2').toString('base64')}`);
    const line = lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!;
    assert.equal(
      line.error,
      `not retryable error: error exporting items, request to http://127.0.0.1:${srv.port}/v1/traces responded with HTTP Status Code 400, Message=bad span, Details=[]`,
    );
    assert.ok(!JSON.stringify(lines).includes('hunter2'));
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('an unparsable 2xx body fails the request permanently (Go: no retry of accepted data)', async () => {
  const srv = await startHttp((_req, res) => {
    res.setHeader('Content-Type', 'application/x-protobuf');
    res.end(Buffer.from([0x0a, 0x7f]));
  });
  const { exporter, lines } = buildExporter(otlpHttpExporterFactory, { endpoint: `http://127.0.0.1:${srv.port}`, retry_on_failure: FAST_RETRY });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    assert.match(
      String(lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!.error),
      /^not retryable error: error parsing protobuf response: /,
    );
    assert.equal(srv.seen.length, 1);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('https with a certificate from ca_file', async (t) => {
  const certs = makeTestCerts();
  if (!certs) return t.skip('openssl is not installed');
  const srv = await startHttp(undefined, { cert: certs.pem(certs.serverCert), key: certs.pem(certs.serverKey) });
  const { exporter } = buildExporter(otlpHttpExporterFactory, { endpoint: `https://localhost:${srv.port}/otlp/`, tls: { ca_file: certs.caFile } });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => srv.seen.length === 1);
    assert.equal(srv.seen[0]!.url, '/otlp/v1/traces');
  } finally {
    await exporter.shutdown();
    await srv.close();
    certs.cleanup();
  }
});

test('a dead endpoint never blocks consume(); data waits in the queue', async () => {
  const port = await freePort();
  const { exporter, telemetry, lines } = buildExporter(otlpHttpExporterFactory, {
    endpoint: `http://127.0.0.1:${port}`,
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  try {
    const started = performance.now();
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    assert.ok(performance.now() - started < 1_000);
    await waitFor(() => lines.some((l) => String(l.error).includes('connection refused')));
    assert.match(telemetry.expose(), /otelcol_exporter_queue_size\{[^}]*data_type="traces"[^}]*\} 1/);
  } finally {
    await exporter.shutdown();
  }
});

test('config: Go defaults, URL composition, validation messages', () => {
  const d = otlpHttpConfig.defaultValue();
  assert.equal(d.timeout, 30_000);
  assert.equal(d.compression, 'gzip');
  assert.equal(d.encoding, 'proto');
  assert.equal(d.write_buffer_size, 512 * 1024);
  const cfg = otlpHttpConfig.decode({ endpoint: 'https://otlp-gateway-prod-eu-west-0.grafana.net/otlp' }, [], new DecodeContext());
  assert.equal(signalUrl(cfg, 'traces'), 'https://otlp-gateway-prod-eu-west-0.grafana.net/otlp/v1/traces');
  assert.equal(signalUrl({ ...cfg, endpoint: 'http://h:4318/' }, 'logs'), 'http://h:4318/v1/logs');
  assert.throws(() => signalUrl({ ...cfg, endpoint: '', logs_endpoint: '' }, 'logs'), /either endpoint or logs_endpoint must be specified/);
  assert.deepEqual(configIssues(otlpHttpExporterFactory, {}), ['at least one endpoint must be specified']);
  assert.deepEqual(configIssues(otlpHttpExporterFactory, { endpoint: 'http://h:4318', encoding: 'invalid' }), ['invalid encoding type: invalid']);
  assert.deepEqual(configIssues(otlpHttpExporterFactory, { endpoint: 'http://h', traces_endpoint: 'not a url' }), [
    'traces_endpoint must be a valid URL',
  ]);
  assert.deepEqual(configIssues(otlpHttpExporterFactory, { endpoint: 'https://x/otlp', auth: { authenticator: 'basicauth/otlp' } }), []);
  assert.ok(otlpHttpExporterFactory.aliases?.some((a) => a.name === 'otlp_http' && !a.deprecated));
});
