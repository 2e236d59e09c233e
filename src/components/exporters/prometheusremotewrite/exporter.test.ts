// The exporter against a node:http remote-write endpoint (testkit.ts RemoteWriteSink, decoding with
// the shared codec): config checks, headers, retry on 5xx and 429 with Retry-After, permanent
// refusals, re-sending only the refused requests of a split batch, Remote-Write 2.0 carrying the
// same series as Go's 1.0 fixture, and a dead backend that never stalls the pipeline.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { Gauge, KeyValue, Metric, Metrics, NumberDataPoint, ResourceMetrics, ScopeMetrics } from '../../../pdata/index.js';
import { buildExporter, configIssues, decodeConfig } from '../../../testing/components.js';
import { makeTestCerts } from '../../../testing/certs.js';
import { testHost } from '../../../testing/host.js';
import { freePort } from '../../../testing/ports.js';
import { waitFor } from '../../../testing/wait.js';
import { prometheusRemoteWriteExporterFactory as factory } from './factory.js';
import { normalizeWrites, RemoteWriteSink } from './testkit.js';

const FAST_RETRY = { initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '10s' };
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

/** One gauge point per name, attribute `i` = index; `series` series per payload. */
function gauges(names: string[], series = 1, tsNs = NOW_NS): Metrics {
  const rm = new ResourceMetrics();
  rm.resource.attributes = [new KeyValue('service.name', 'svc')];
  const sm = new ScopeMetrics();
  for (const name of names) {
    const m = new Metric();
    m.name = name;
    const g = new Gauge();
    for (let i = 0; i < series; i++) {
      const p = new NumberDataPoint();
      p.timeUnixNano = tsNs;
      p.value = i;
      p.attributes = [new KeyValue('i', String(i)), new KeyValue('pad', 'x'.repeat(40))];
      g.dataPoints.push(p);
    }
    m.data = g;
    sm.metrics.push(m);
  }
  rm.scopeMetrics.push(sm);
  return new Metrics([rm]);
}

async function withSink(
  fn: (sink: RemoteWriteSink, endpoint: string) => Promise<void>,
  opts: Parameters<RemoteWriteSink['start']>[0] = {},
): Promise<void> {
  const sink = new RemoteWriteSink();
  const endpoint = await sink.start(opts);
  try {
    await fn(sink, endpoint);
  } finally {
    await sink.close();
  }
}

test('config: Go v0.130 defaults and validation messages', () => {
  const { cfg, issues } = decodeConfig(factory, {});
  assert.deepEqual(issues, []);
  assert.equal(cfg.endpoint, 'http://some.url:9411/api/prom/push');
  assert.equal(cfg.timeout, 5_000);
  assert.equal(cfg.retry_on_failure.initial_interval, 50);
  assert.deepEqual(cfg.remote_write_queue, { enabled: true, queue_size: 10_000, num_consumers: 5 });
  assert.equal(cfg.max_batch_size_bytes, 3_000_000);
  assert.equal(cfg.target_info.enabled, true);
  assert.equal(cfg.add_metric_suffixes, true);
  assert.equal(cfg.protobuf_message, 'prometheus.WriteRequest');

  const msgs = (input: object) => configIssues(factory, input).join('\n');
  assert.match(msgs({ compression: 'gzip' }), /compression type must be snappy/);
  assert.deepEqual(configIssues(factory, { compression: 'snappy' }), []);
  assert.match(msgs({ remote_write_queue: { queue_size: 0 } }), /a 0 size queue will drop all the data/);
  assert.match(msgs({ remote_write_queue: { num_consumers: -1 } }), /consumer number can't be negative/);
  assert.match(msgs({ max_batch_request_parallelism: 0 }), /can't be set to below 1/);
  assert.match(msgs({ max_batch_size_bytes: -1 }), /max_batch_byte_size must be greater than 0/);
  assert.match(msgs({ external_labels: { a: '' } }), /empty key or value/);
  assert.match(msgs({ wal: { directory: '/tmp/x' } }), /write-ahead log is not supported/);
  assert.match(msgs({ protobuf_message: 'prometheus.Nope' }), /protobuf_message/);
  assert.match(msgs({ endpoint: 'not a url' }), /invalid endpoint/);
  assert.match(msgs({ sending_queue: { enabled: false } }), /sending_queue/);
});

test('RW1 headers and User-Agent as Go sends them; 5xx retried, Retry-After honoured on 503', async () => {
  await withSink(async (sink, endpoint) => {
    sink.script.push({ status: 500, body: 'tsdb busy' }, { status: 503, headers: { 'Retry-After': '1' } });
    const { exporter, lines } = buildExporter(factory, { endpoint, retry_on_failure: FAST_RETRY }, ['metrics']);
    await exporter.start(testHost());
    try {
      await exporter.consume(gauges(['a']), EMPTY_CONTEXT);
      await waitFor(() => sink.writes.length === 1, 5_000);
      assert.equal(sink.attempts.length, 3);
      const wait = sink.attempts[2]!.at - sink.attempts[1]!.at;
      assert.ok(wait >= 950, `waited ${wait} ms after Retry-After: 1`);
      const h = sink.writes[0]!.headers;
      assert.equal(h['content-encoding'], 'snappy');
      assert.equal(h['content-type'], 'application/x-protobuf');
      assert.equal(h['x-prometheus-remote-write-version'], '0.1.0');
      assert.equal(h['user-agent'], 'test/0');
      const retries = lines.filter((l) => l.msg === 'Exporting failed. Will retry the request after interval.');
      assert.equal(retries.length, 2);
      assert.match(String(retries[0]!.error), /remote write returned HTTP status 500 Internal Server Error: tsdb busy/);
    } finally {
      await exporter.shutdown();
    }
  });
});

test('429 is retried after Retry-After (Go v0.130 needs a feature gate and ignores the header)', async () => {
  await withSink(async (sink, endpoint) => {
    sink.script.push({ status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' });
    const { exporter } = buildExporter(factory, { endpoint, retry_on_failure: FAST_RETRY }, ['metrics']);
    await exporter.start(testHost());
    try {
      await exporter.consume(gauges(['a']), EMPTY_CONTEXT);
      await waitFor(() => sink.writes.length === 1, 5_000);
      const wait = sink.attempts[1]!.at - sink.attempts[0]!.at;
      assert.ok(wait >= 950, `waited ${wait} ms`);
    } finally {
      await exporter.shutdown();
    }
  });
});

test('400 is permanent: dropped with one error line, not retried, the next batch still goes', async () => {
  await withSink(async (sink, endpoint) => {
    sink.script.push({ status: 400, body: 'out of order sample' });
    const { exporter, lines, metricsText } = buildExporter(factory, { endpoint, retry_on_failure: FAST_RETRY }, ['metrics']);
    await exporter.start(testHost());
    try {
      await exporter.consume(gauges(['a']), EMPTY_CONTEXT);
      await exporter.consume(gauges(['b']), EMPTY_CONTEXT);
      await waitFor(() => sink.writes.length === 1, 5_000);
      assert.equal(sink.attempts.length, 2);
      const dropped = lines.find((l) => l.msg === 'Exporting failed. Dropping data.');
      assert.match(String(dropped?.error), /not retryable error: remote write returned HTTP status 400 Bad Request: out of order sample/);
      assert.equal(normalizeWrites(sink.writes).series[0]!.labels.__name__, 'b');
      assert.match(metricsText(), /otelcol_exporter_prometheusremotewrite_sent_batches\{[^}]*\} 2/);
    } finally {
      await exporter.shutdown();
    }
  });
});

test('a split batch re-sends only its refused requests; every series arrives exactly once', async () => {
  await withSink(async (sink, endpoint) => {
    // ~100 B per series, 300 series, 3000 B per request: ~10 requests, 2 in parallel.
    sink.script.push({ status: 204 }, { status: 503 }, { status: 204 }, { status: 500 });
    const { exporter } = buildExporter(
      factory,
      {
        endpoint,
        max_batch_size_bytes: 3000,
        remote_write_queue: { num_consumers: 2 },
        target_info: { enabled: false },
        retry_on_failure: FAST_RETRY,
      },
      ['metrics'],
    );
    await exporter.start(testHost());
    try {
      await exporter.consume(gauges(['split'], 300), EMPTY_CONTEXT);
      await waitFor(() => normalizeWrites(sink.writes).series.length >= 300, 5_000);
      await new Promise((r) => setTimeout(r, 100));
      const series = normalizeWrites(sink.writes).series;
      assert.equal(series.length, 300, 'no series sent twice');
      assert.equal(new Set(series.map((s) => s.labels.i)).size, 300);
      assert.ok(sink.writes.length >= 8, `${sink.writes.length} requests`);
      assert.equal(sink.attempts.length, sink.writes.length + 2, 'the two refused requests were sent once more each');
    } finally {
      await exporter.shutdown();
    }
  });
});

test('Remote-Write 2.0: the series of Go’s 1.0 fixture, with metadata per series, symbols, 2.0 headers', async () => {
  const testdata = new URL('../../../../src/components/exporters/prometheusremotewrite/testdata/', import.meta.url);
  const { INPUT } = (await import(new URL('inputs.mjs', testdata).href)) as { INPUT: object };
  const fixture = JSON.parse(readFileSync(new URL('default.json', testdata), 'utf8'));
  await withSink(async (sink, endpoint) => {
    sink.script.push({ status: 204, headers: { 'X-Prometheus-Remote-Write-Samples-Written': '1' } });
    const { exporter, lines } = buildExporter(factory, { endpoint, protobuf_message: 'io.prometheus.write.v2.Request' }, ['metrics']);
    await exporter.start(testHost());
    try {
      await exporter.consume(Metrics.fromJSON(JSON.stringify(INPUT)), EMPTY_CONTEXT);
      await exporter.consume(gauges(['second']), EMPTY_CONTEXT);
      await waitFor(() => sink.writes.length === 2, 5_000);
      const w = sink.writes[0]!;
      assert.equal(w.headers['content-type'], 'application/x-protobuf;proto=io.prometheus.write.v2.Request');
      assert.equal(w.headers['x-prometheus-remote-write-version'], '2.0.0');
      assert.equal(w.v2!.symbols[0], '');
      const expected = fixture.series.filter((s: { samples?: unknown; histograms?: unknown }) => s.samples || s.histograms);
      assert.deepEqual(normalizeWrites([w]).series, expected);
      const sym = w.v2!.symbols;
      const counter = w.v2!.timeseries.find((t) => t.labelsRefs.some((r) => sym[r] === 'http_server_requests_total'))!;
      assert.equal(counter.metadata.type, 1 /* COUNTER */);
      assert.equal(sym[counter.metadata.helpRef], 'Requests served');
      const duration = w.v2!.timeseries.find((t) => t.labelsRefs.some((r) => sym[r] === 'http_server_duration_milliseconds_sum'))!;
      assert.equal(duration.metadata.type, 3 /* HISTOGRAM */);
      assert.equal(sym[duration.metadata.unitRef], 'milliseconds');
      // The second response had no Samples-Written header: the endpoint may not speak 2.0.
      await waitFor(() => lines.some((l) => String(l.msg).startsWith('X-Prometheus-Remote-Write-Samples-Written header is missing')));
    } finally {
      await exporter.shutdown();
    }
  });
});

test('a dead backend never stalls the pipeline: batches are queued at once, a full queue refuses at once', async () => {
  const port = await freePort();
  const { exporter } = buildExporter(
    factory,
    { endpoint: `http://127.0.0.1:${port}/api/v1/write`, remote_write_queue: { queue_size: 3 }, retry_on_failure: { max_elapsed_time: '1m' } },
    ['metrics'],
  );
  await exporter.start(testHost());
  try {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await exporter.consume(gauges([`m${i}`]), EMPTY_CONTEXT);
    await assert.rejects(exporter.consume(gauges(['overflow']), EMPTY_CONTEXT), /sending queue is full/);
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `4 consumes took ${ms} ms`);
  } finally {
    const t1 = performance.now();
    await exporter.shutdown();
    assert.ok(performance.now() - t1 < 12_000, 'shutdown ends within its drain deadline');
  }
});

test('TLS with tls.ca_file, Basic auth from the endpoint user-info, configured headers; no secret in the logs', async (t) => {
  const certs = makeTestCerts();
  if (!certs) return t.skip('openssl is not installed');
  await withSink(
    async (sink, base) => {
      const endpoint = base.replace('https://', 'https://tenant:s3cret-token@') + '/api/v1/push';
      sink.script.push({ status: 503 });
      const { exporter, lines } = buildExporter(
        factory,
        { endpoint, tls: { ca_file: certs.caFile }, headers: { 'X-Scope-OrgID': 'home' }, retry_on_failure: FAST_RETRY },
        ['metrics'],
      );
      await exporter.start(testHost());
      try {
        await exporter.consume(gauges(['tls']), EMPTY_CONTEXT);
        await waitFor(() => sink.writes.length === 1, 5_000);
        const h = sink.writes[0]!.headers;
        assert.equal(h.authorization, `Basic ${Buffer.from('tenant:s3cret-token').toString('base64')}`);
        assert.equal(h['x-scope-orgid'], 'home');
        assert.equal(sink.writes[0]!.path, '/api/v1/push');
        assert.ok(!JSON.stringify(lines).includes('s3cret-token'), 'the password never reaches a log line');
      } finally {
        await exporter.shutdown();
        certs.cleanup();
      }
    },
    { tls: { cert: certs.pem(certs.serverCert), key: certs.pem(certs.serverKey) } },
  );
});
