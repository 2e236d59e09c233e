import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { DecodeContext, REDACTED } from '../../../core/schema.js';
import { Traces, Metrics, Logs } from '../../../pdata/index.js';
import { encodeExportResponse, encodeRpcStatus, retryInfoDetail } from '../../../pdata/responses.js';
import { fullLogs, fullLogsObj, fullMetrics, fullMetricsObj, fullTraces, fullTracesObj } from '../../../pdata/test-fixtures.js';
import { waitFor } from '../../../testing/wait.js';
import { testHost } from '../../../testing/host.js';
import { makeTestCerts } from '../../../testing/certs.js';
import { freePort } from '../../../testing/ports.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { otlpGrpcConfig } from './config.js';
import { otlpExporterFactory } from './factory.js';
import { buildExporter, configIssues } from '../../../testing/components.js';
import { pbjsDecode, startOtlpGrpcServer } from '../../../testing/otlp-backend.js';

const FAST_RETRY = { initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '10s' };
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('traces, metrics and logs arrive at a grpc-js server with every field, gzip and the LightStep header', async () => {
  const srv = await startOtlpGrpcServer();
  const { exporter } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${srv.port}`,
    tls: { insecure: true },
    headers: { 'lightstep-access-token': 's3cr3t' },
  });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await exporter.consume(new Metrics(fullMetrics()), EMPTY_CONTEXT);
    await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 3);
    const by = Object.fromEntries(srv.calls.map((c) => [c.signal, c]));
    assert.ok(by.traces && by.metrics && by.logs, `one call per signal, got ${Object.keys(by).join(', ')}`);
    assert.deepEqual(pbjsDecode('traces', by.traces.body), plain(fullTracesObj));
    assert.deepEqual(pbjsDecode('metrics', by.metrics.body), plain(fullMetricsObj));
    assert.deepEqual(pbjsDecode('logs', by.logs.body), plain(fullLogsObj));
    assert.deepEqual(by.traces.metadata.get('lightstep-access-token'), ['s3cr3t']);
    assert.match(String(by.traces.metadata.get('user-agent')[0]), /^test\/0 \(/);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('an unmodified payload is sent as the bytes it was received as', async () => {
  const srv = await startOtlpGrpcServer();
  const { exporter } = buildExporter(otlpExporterFactory, { endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, compression: 'none' });
  await exporter.start(testHost());
  try {
    const wire = new Traces(fullTraces()).toProto();
    const received = Traces.fromProto(Buffer.from(wire), { validate: true });
    await exporter.consume(received, EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 1);
    assert.deepEqual(srv.calls[0]!.body, wire);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('TLS against a certificate from ca_file', async (t) => {
  const certs = makeTestCerts();
  if (!certs) return t.skip('openssl is not installed');
  const creds = grpc.ServerCredentials.createSsl(null, [
    { cert_chain: Buffer.from(certs.pem(certs.serverCert)), private_key: Buffer.from(certs.pem(certs.serverKey)) },
  ]);
  const srv = await startOtlpGrpcServer(undefined, { credentials: creds });
  const { exporter } = buildExporter(otlpExporterFactory, { endpoint: `localhost:${srv.port}`, tls: { ca_file: certs.caFile } });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 1);
  } finally {
    await exporter.shutdown();
    await srv.close();
    certs.cleanup();
  }
});

test('UNAVAILABLE twice then OK: retried, delivered once, counted as sent', async () => {
  const srv = await startOtlpGrpcServer((_c, i) => (i < 2 ? { error: { code: grpc.status.UNAVAILABLE, details: 'warming up' } } : {}));
  const { exporter, lines, telemetry } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${srv.port}`,
    tls: { insecure: true },
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 3);
    await exporter.shutdown();
    assert.equal(srv.calls.length, 3);
    const retryLogs = lines.filter((l) => l.msg === 'Exporting failed. Will retry the request after interval.');
    assert.equal(retryLogs.length, 2);
    assert.equal(retryLogs[0]!.error, 'rpc error: code = Unavailable desc = warming up');
    assert.match(telemetry.expose(), /otelcol_exporter_sent_spans\{exporter="otlp\/test"\} 2/);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('RESOURCE_EXHAUSTED with RetryInfo waits the server’s delay; without RetryInfo it is permanent', async () => {
  const details = encodeRpcStatus({ code: grpc.status.RESOURCE_EXHAUSTED, message: 'slow down', details: [retryInfoDetail(300)] });
  const srv = await startOtlpGrpcServer((c, i) => {
    if (c.signal === 'logs') return { error: { code: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' } };
    if (i > 0) return {};
    const md = new grpc.Metadata();
    md.set('grpc-status-details-bin', details);
    return { error: { code: grpc.status.RESOURCE_EXHAUSTED, details: 'slow down', metadata: md } };
  });
  const { exporter, lines } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${srv.port}`,
    tls: { insecure: true },
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 2);
    assert.ok(srv.calls[1]!.at - srv.calls[0]!.at >= 290, `waited ${srv.calls[1]!.at - srv.calls[0]!.at} ms`);
    assert.equal(lines.find((l) => l.msg.startsWith('Exporting failed. Will retry'))?.interval, '300ms');

    await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    assert.equal(srv.calls.filter((c) => c.signal === 'logs').length, 1);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('INVALID_ARGUMENT is permanent: one attempt, data dropped with Go’s message', async () => {
  const srv = await startOtlpGrpcServer(() => ({ error: { code: grpc.status.INVALID_ARGUMENT, details: 'bad trace id' } }));
  const { exporter, lines, telemetry } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${srv.port}`,
    tls: { insecure: true },
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  try {
    await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    const line = lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!;
    assert.equal(line.error, 'not retryable error: rpc error: code = InvalidArgument desc = bad trace id');
    assert.equal(line.dropped_items, 2);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(srv.calls.length, 1);
    assert.match(telemetry.expose(), /otelcol_exporter_send_failed_spans\{exporter="otlp\/test"\} 2/);
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('partial_success logs a rate-limited WARN with the rejected count', async () => {
  const response = encodeExportResponse({ partialSuccess: { rejected: 1n, errorMessage: 'span too old' } });
  const srv = await startOtlpGrpcServer(() => ({ response }));
  const { exporter, lines } = buildExporter(otlpExporterFactory, { endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true } });
  await exporter.start(testHost());
  try {
    for (let i = 0; i < 3; i++) await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    await exporter.consume(new Metrics(fullMetrics()), EMPTY_CONTEXT);
    await waitFor(() => srv.calls.length === 4);
    await exporter.shutdown();
    const warns = lines.filter((l) => l.msg === 'Partial success response');
    assert.equal(warns.length, 2, 'one per signal within the interval');
    const spans = warns.find((w) => 'dropped_spans' in w)!;
    assert.equal(spans.message, 'span too old');
    assert.equal(spans.dropped_spans, 1);
    assert.equal(spans.level, 40);
    assert.ok(warns.some((w) => w.dropped_data_points === 1));
  } finally {
    await exporter.shutdown();
    await srv.close();
  }
});

test('a dead endpoint never blocks consume(): the queue keeps the data until the backend appears', async () => {
  const port = await freePort();
  const { exporter, telemetry } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${port}`,
    tls: { insecure: true },
    retry_on_failure: FAST_RETRY,
  });
  await exporter.start(testHost());
  let srv: Awaited<ReturnType<typeof startOtlpGrpcServer>> | undefined;
  try {
    const started = performance.now();
    for (let i = 0; i < 5; i++) await exporter.consume(new Traces(fullTraces()), EMPTY_CONTEXT);
    assert.ok(performance.now() - started < 1_000, 'consume() returned at once');
    await new Promise((r) => setTimeout(r, 100));
    assert.match(telemetry.expose(), /otelcol_exporter_queue_size\{[^}]*data_type="traces"[^}]*\} 5/);
    srv = await startOtlpGrpcServer(undefined, { port });
    await waitFor(() => srv!.calls.length === 5);
  } finally {
    await exporter.shutdown();
    await srv?.close();
  }
});

test('shutdown drains the queue before it resolves', async () => {
  const srv = await startOtlpGrpcServer(() => ({ delayMs: 30 }));
  const { exporter, telemetry } = buildExporter(otlpExporterFactory, {
    endpoint: `127.0.0.1:${srv.port}`,
    tls: { insecure: true },
    sending_queue: { num_consumers: 1 },
  });
  await exporter.start(testHost());
  try {
    for (let i = 0; i < 4; i++) await exporter.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
    assert.ok(srv.calls.length < 4);
    await exporter.shutdown();
    assert.equal(srv.calls.length, 4);
    assert.match(telemetry.expose(), /otelcol_exporter_sent_log_records\{exporter="otlp\/test"\} 8/);
  } finally {
    await srv.close();
  }
});

test('config: Go defaults, Go validation messages, header values redacted', () => {
  const d = otlpGrpcConfig.defaultValue();
  assert.equal(d.timeout, 5_000);
  assert.equal(d.compression, 'gzip');
  assert.equal(d.write_buffer_size, 512 * 1024);
  assert.equal(d.balancer_name, 'round_robin');
  assert.equal(d.keepalive, undefined);
  assert.equal(d.sending_queue.enabled, true);
  assert.equal(d.sending_queue.queue_size, 1000);
  assert.equal(d.retry_on_failure.initial_interval, 5_000);
  assert.deepEqual(configIssues(otlpExporterFactory, {}), ['requires a non-empty "endpoint"']);
  assert.deepEqual(configIssues(otlpExporterFactory, { endpoint: 'https://' }), ['requires a non-empty "endpoint"']);
  assert.deepEqual(configIssues(otlpExporterFactory, { endpoint: 'example.com' }), ['address example.com: missing port in address']);
  assert.deepEqual(configIssues(otlpExporterFactory, { endpoint: 'a:1', timeout: '-5s' }), ["'timeout' must be non-negative"]);
  assert.deepEqual(configIssues(otlpExporterFactory, { endpoint: 'jaeger:4317', tls: { insecure: true } }), []);
  assert.deepEqual(configIssues(otlpExporterFactory, { endpoint: 'ingest.lightstep.com:443', headers: { 'lightstep-access-token': 'x' } }), []);
  const cfg = otlpGrpcConfig.decode({ endpoint: 'a:1', headers: { 'lightstep-access-token': 'abc' } }, [], new DecodeContext());
  const printed = otlpGrpcConfig.encode(cfg, true) as { headers: Record<string, string> };
  assert.equal(printed.headers['lightstep-access-token'], REDACTED);
  assert.ok(otlpExporterFactory.aliases?.some((a) => a.name === 'otlp_grpc' && !a.deprecated));
});
