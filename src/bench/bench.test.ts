// The harness's pure parts: statistics, /proc and Prometheus parsers on captured text, the
// HTTP/1.1 and gRPC framing helpers, config rendering, BENCHMARKS.md rendering, and the sink
// counting a real request. No timing assertions.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { renderConfig } from './configs.js';
import { summarizeProfile, type CpuProfile } from './cpuprofile.js';
import { frameMessage, unframeMessages } from './grpc-frame.js';
import { benchPayload, parseLoadArgs } from './load/driver.js';
import { buildPost, chunkedBodyLength, Http1Pool, parseResponseHead } from './load/http1.js';
import { parseCpuModel, parseMachineBusyTicks, parseProcStat, parseVmRssKiB, summarizeSamples } from './procfs.js';
import { parseComponents, REPO_ROOT } from './reference.js';
import { markdownTable, renderMarkdown, type MachineInfo } from './render.js';
import { fmtSpread, goal, ratioTable, sideTable, THROUGHPUT_COLUMNS, type ScenarioResult, type Trial } from './result.js';
import { sumCounter, sumHistogramSum } from './selfmetrics.js';
import { Sink } from './sink.js';
import { unpackMultiple } from 'msgpackr';
import { decodeForwardEvent } from '../shared/codec/forward/index.js';
import { promtailBody } from '../shared/codec/loki/testkit.js';
import { SHAPES } from './load/shapes.js';
import { dockerChunk, dockerEvent, encodeDockerEvent } from './load/docker-events.js';
import { median, roundRatios, spread } from './stats.js';

test('median, spread and same-round ratios', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.deepEqual(spread([5, NaN, 1, 3]), { median: 3, min: 1, max: 5, n: 3 });
  assert.deepEqual(spread([NaN]).n, 0);
  // Round 1 has no denominator and round 2 divides by zero: both are left out.
  assert.deepEqual(roundRatios([2, 4, 6, 9], [1, undefined, 0, 3]), [2, 3]);
});

test('parseProcStat counts fields from the last parenthesis', () => {
  const captured = '22212 (cat) R 22210 22210 31581 0 -1 4194304 103 0 0 0 17 5 0 0 20 0 1 0 333485 3133440 387 18446744073709551615 0 0';
  assert.deepEqual(parseProcStat(captured), { ticks: 22, state: 'R' });
  // A command name with spaces and a ')' of its own must not shift the fields.
  const odd = '7 (node (x) y) S 1 7 7 0 -1 4194560 10 0 0 0 120 30 0 0 20 0 11 0 9 1 1 1';
  assert.deepEqual(parseProcStat(odd), { ticks: 150, state: 'S' });
  assert.throws(() => parseProcStat('garbage'));
});

test('machine busy ticks from /proc/stat leave idle and iowait out', () => {
  const stat = 'cpu  100 5 50 9000 40 3 2 1 0 0\ncpu0 50 2 25 4500 20 1 1 0 0 0\nintr 1\n';
  assert.equal(parseMachineBusyTicks(stat), 100 + 5 + 50 + 3 + 2 + 1);
  assert.throws(() => parseMachineBusyTicks('intr 1\n'));
});

test('VmRSS and CPU model parsers', () => {
  assert.equal(parseVmRssKiB('VmHWM:\t    1776 kB\nVmRSS:\t   63876 kB\nRssAnon:\t 116 kB\n'), 63876);
  assert.equal(parseVmRssKiB('Name:\tzombie\nState:\tZ (zombie)\n'), 0);
  assert.equal(parseCpuModel('processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2096.007\n'), 'AMD EPYC');
});

test('summarizeSamples: average over the window, max over spans of at least 1 s', () => {
  // 100 ticks/s clock; 0.25 s samples; the process burns 10 ticks per sample for 2 s, then 50.
  const samples = Array.from({ length: 13 }, (_, i) => ({ t: i * 250, ticks: i <= 8 ? i * 10 : 80 + (i - 8) * 50, rssKiB: 1024 * (10 + i) }));
  const u = summarizeSamples(samples, 100);
  assert.equal(u.seconds, 3);
  assert.equal(u.cpuSeconds, 2.8);
  assert.ok(Math.abs(u.cpuAvg - (2.8 / 3) * 100) < 1e-9);
  assert.equal(u.cpuMax, 200); // the last second: 200 ticks
  assert.equal(u.rssMaxMiB, 22);
  assert.equal(u.rssAvgMiB, 16);
  const windowed = summarizeSamples(samples, 100, 0, 1000);
  assert.equal(windowed.cpuAvg, 40);
});

test('sumCounter reads both collectors’ exposition', () => {
  const ours = [
    '# TYPE otelcol_receiver_accepted_spans counter',
    'otelcol_receiver_accepted_spans{receiver="otlp",transport="grpc"} 22400',
    'otelcol_receiver_accepted_spans{receiver="otlp",transport="http"} 8000',
    'otelcol_receiver_accepted_spans_other 5',
  ].join('\n');
  assert.equal(sumCounter(ours, 'otelcol_receiver_accepted_spans'), 30400);
  const go = 'otelcol_receiver_accepted_spans__spans__total{otel_scope_name="x",receiver="otlp",transport="http"} 6\n';
  assert.equal(sumCounter(go, 'otelcol_receiver_accepted_spans'), 6);
  assert.equal(sumCounter('otelcol_receiver_accepted_spans_total 7\n', 'otelcol_receiver_accepted_spans'), 7);
  assert.ok(Number.isNaN(sumCounter('', 'otelcol_receiver_refused_spans')));
});

test('sumHistogramSum reads the batch processor’s send sizes from both collectors', () => {
  const ours = [
    'otelcol_processor_batch_batch_send_size_bucket{le="10",processor="batch"} 3',
    'otelcol_processor_batch_batch_send_size_sum{otel_signal="traces",processor="batch"} 100',
    'otelcol_processor_batch_batch_send_size_count{otel_signal="traces",processor="batch"} 50',
    'otelcol_processor_batch_batch_send_size_sum{otel_signal="logs",processor="batch"} 20',
  ].join('\n');
  assert.equal(sumHistogramSum(ours, 'otelcol_processor_batch_batch_send_size'), 120);
  const go = [
    'otelcol_processor_batch_batch_send_size__units__sum{otel_scope_name="go.opentelemetry.io/collector/processor/batchprocessor",processor="batch"} 8192',
    'otelcol_processor_batch_batch_send_size__units__count{otel_scope_name="x",processor="batch"} 1',
    'otelcol_processor_batch_batch_send_size_bytes__By__sum{processor="batch"} 999999',
  ].join('\n');
  assert.equal(sumHistogramSum(go, 'otelcol_processor_batch_batch_send_size'), 8192);
  assert.ok(Number.isNaN(sumHistogramSum('', 'otelcol_processor_batch_batch_send_size')));
});

test('HTTP/1.1 response framing', () => {
  const ok = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 3\r\n\r\nabc');
  const head = parseResponseHead(ok);
  assert.deepEqual(head, { status: 200, headerBytes: ok.indexOf('abc'), contentLength: 3, chunked: false, close: false });
  assert.equal(parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\nContent-')).headerBytes, -1);
  const chunked = Buffer.from('HTTP/1.1 503 x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nbusy\r\n0\r\n\r\n');
  const h = parseResponseHead(chunked);
  assert.equal(h.status, 503);
  assert.ok(h.chunked && h.close);
  assert.equal(chunkedBodyLength(chunked, h.headerBytes), chunked.length - h.headerBytes);
  assert.equal(chunkedBodyLength(chunked.subarray(0, chunked.length - 2), h.headerBytes), -1);
  const post = buildPost('127.0.0.1', 4318, '/v1/traces', 'application/x-protobuf', Buffer.from([1, 2]));
  assert.match(post.toString('latin1'), /^POST \/v1\/traces HTTP\/1\.1\r\nHost: 127\.0\.0\.1:4318\r\n.*Content-Length: 2\r\n\r\n\x01\x02$/s);
});

test('gRPC length-prefixed framing round-trips', () => {
  const a = frameMessage(Buffer.from('hello'));
  assert.deepEqual([...a.subarray(0, 5)], [0, 0, 0, 0, 5]);
  const msgs = unframeMessages(Buffer.concat([a, frameMessage(Buffer.alloc(0))]));
  assert.deepEqual(
    msgs.map((m) => m.body.toString()),
    ['hello', ''],
  );
  assert.throws(() => unframeMessages(a.subarray(0, 7)), /truncated/);
});

test('load generator arguments', () => {
  const a = parseLoadArgs(['--target=127.0.0.1:4317', '--rate=100', '--inflight=50', '--duration=15']);
  assert.equal(a.host, '127.0.0.1');
  assert.equal(a.port, 4317);
  assert.equal(a.rate, 100);
  assert.equal(a.durationSec, 15);
  assert.throws(() => parseLoadArgs(['--rate=-1']));
  assert.throws(() => parseLoadArgs(['rate']));
});

test('configs render the same shape for both sides; nop becomes sampled debug without a nop exporter', () => {
  const spec = { grpcPort: 1, exporter: 'nop' as const, healthPort: 2, metricsPort: 3 };
  const withNop = parse(renderConfig(spec, true)) as Record<string, any>;
  assert.deepEqual(withNop.service.pipelines.traces, { receivers: ['otlp'], processors: ['batch'], exporters: ['nop'] });
  assert.equal(withNop.receivers.otlp.protocols.grpc.endpoint, '127.0.0.1:1');
  assert.equal(withNop.receivers.otlp.protocols.http, undefined);
  assert.equal(withNop.extensions.health_check.endpoint, '127.0.0.1:2');
  assert.equal(withNop.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port, 3);
  const without = parse(renderConfig(spec, false)) as Record<string, any>;
  assert.deepEqual(without.service.pipelines.traces.exporters, ['debug']);
  assert.equal(without.exporters.debug.sampling_thereafter, 1_000_000);
  const otlp = parse(
    renderConfig({ httpPort: 5, exporter: 'otlp', sinkGrpcPort: 9, healthPort: 2, metricsPort: 3, allSignals: true }, true),
  ) as Record<string, any>;
  assert.deepEqual(otlp.exporters.otlp, { endpoint: '127.0.0.1:9', tls: { insecure: true }, compression: 'none' });
  assert.deepEqual(Object.keys(otlp.service.pipelines), ['traces', 'metrics', 'logs']);
});

test('parseComponents reads `components` output', () => {
  const c = parseComponents('receivers:\n  - name: otlp\nexporters:\n  - name: nop\n  - name: debug\nconnectors: []\n');
  assert.deepEqual([...c.receivers], ['otlp']);
  assert.deepEqual([...c.exporters], ['nop', 'debug']);
  assert.equal(c.extensions.size, 0);
});

const trial = (side: string, round: number, delivered: number, cpu: number): Trial => ({
  side,
  round,
  offeredPerSec: delivered,
  deliveredPerSec: delivered,
  dropped: 0,
  lost: NaN,
  cpuAvg: cpu,
  cpuMax: cpu,
  rssAvg: 50,
  rssMax: 60,
  perCore: delivered / (cpu / 100),
  extra: { loadCpu: 20 },
});

test('tables, same-round ratios and goals', () => {
  const trials = [trial('ours', 0, 100, 50), trial('reference', 0, 50, 50), trial('ours', 1, 300, 100), trial('reference', 1, 100, 100)];
  const t = sideTable(trials, THROUGHPUT_COLUMNS);
  assert.deepEqual(
    t.rows.map((r) => r[0]),
    ['ours', 'reference'],
  );
  assert.equal(t.rows[0]![2], '200 [100–300]');
  const r = ratioTable(
    trials,
    [
      ['ours', 'reference'],
      ['ours', 'bare'],
    ],
    THROUGHPUT_COLUMNS.slice(1, 2),
  );
  assert.deepEqual(r?.rows, [['ours / reference', '2.50 [2.00–3.00]']]);
  const g = goal(trials, { text: 'x', side: 'ours', den: 'reference', metric: 'deliveredPerSec', cmp: '>=', limit: 2, unit: '×' });
  assert.equal(g?.met, true);
  assert.equal(g?.value, 2.5);
  assert.equal(goal(trials, { text: 'y', side: 'bare', metric: 'cpuAvg', cmp: '<=', limit: 1, unit: '%' }), undefined);
  assert.equal(fmtSpread(spread([])), '–');
});

test('renderMarkdown: machine, goals, scenarios, escaped cells', () => {
  const machine: MachineInfo = {
    nproc: 2,
    cpuModel: 'AMD EPYC',
    node: 'v20.20.2',
    reference: 'otelcol-ref 0.130.0 (go1.26.8)',
    loadGenerator: 'ours',
    date: '2026-11-25T00:00:00Z',
    mode: 'quick',
    reps: 2,
    durationSec: 5,
    warmupSec: 1,
    pinning: 'taskset',
    notes: ['a note'],
  };
  const results: ScenarioResult[] = [
    {
      name: 'demo',
      title: 'Demo scenario',
      method: 'how',
      notes: ['n1'],
      seconds: 3,
      tables: [{ headers: ['side', 'v'], rows: [['ours', 'a|b']] }],
      goals: [{ text: 'fast', side: 'ours', value: 1.5, limit: 1, cmp: '<=', unit: 'ms', met: false }],
    },
    { name: 'off', title: 'Skipped one', method: '', notes: [], seconds: 0, tables: [], goals: [], skipped: 'no receiver' },
  ];
  const md = renderMarkdown(results, machine);
  assert.match(md, /^# Benchmarks\n/);
  assert.match(md, /\| CPU \| AMD EPYC, nproc = 2 \|/);
  assert.match(md, /\| demo \| fast \| ours: 1\.50 ms \| \*\*missed\*\* \|/);
  assert.match(md, /## Demo scenario \(`demo`\)\n\nMethod: how/);
  assert.match(md, /\| ours \| a\\\|b \|/);
  assert.match(md, /Skipped: no receiver/);
  assert.match(md, /^- a note$/m);
  assert.equal(markdownTable({ title: 'T', headers: ['h'], rows: [] }), '*T*\n\n| h |\n| --- |');
});

test('summarizeProfile charges time deltas to the sample before and leaves idle out of shares', () => {
  const p: CpuProfile = {
    startTime: 0,
    endTime: 4000,
    nodes: [
      { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: 'msg', url: pathToFileURL(join(REPO_ROOT, 'dist/pdata/wire/validate.js')).href, lineNumber: 17 } },
      { id: 3, callFrame: { functionName: 'emit', url: 'node:events', lineNumber: 470 } },
    ],
    samples: [2, 2, 3, 1, 1],
    timeDeltas: [0, 1000, 1000, 1000, 1000],
  };
  const byFn = summarizeProfile(p, 'function');
  assert.deepEqual(
    new Map(byFn.map((r) => [r.name.split(' ')[0], r.ms])),
    new Map([
      ['msg', 2],
      ['emit', 1],
      ['(idle)', 1],
    ]),
  );
  assert.equal(byFn[0]!.name, 'msg dist/pdata/wire/validate.js:18');
  assert.ok(Math.abs(byFn[0]!.share - 2 / 3) < 1e-9);
  assert.ok(summarizeProfile(p, 'file').some((r) => r.name === 'node:events' && r.ms === 1));
});

test('the sink counts spans of a real OTLP/HTTP request', async () => {
  const sink = new Sink();
  const { http } = await sink.listen(0, 0);
  const pool = new Http1Pool('127.0.0.1', http, 1);
  try {
    const body = benchPayload(7);
    assert.equal(await pool.send(buildPost('127.0.0.1', http, '/v1/traces', 'application/x-protobuf', body)), true);
    assert.equal(await pool.send(buildPost('127.0.0.1', http, '/v1/nothing', 'application/x-protobuf', body)), 'HTTP 404');
    assert.equal(sink.stats.spans, 7);
    assert.equal(sink.stats.requests, 1);
  } finally {
    pool.close();
    await sink.close();
  }
});

test('every span shape encodes the asked number of spans, and the sink counts them over a real request', async () => {
  const sink = new Sink();
  const { http } = await sink.listen(0, 0);
  const pool = new Http1Pool('127.0.0.1', http, 1);
  try {
    const sizes: Record<string, number> = {};
    for (const shape of SHAPES) {
      const body = benchPayload(100, shape);
      sizes[shape] = body.length / 100;
      assert.equal(await pool.send(buildPost('127.0.0.1', http, '/v1/traces', 'application/x-protobuf', body)), true);
    }
    assert.equal(sink.stats.spans, 100 * SHAPES.length);
    // The shapes differ where issue 13 says they must: telemetrygen's spans are a fraction of the heavy ones.
    assert.ok(sizes.small! < sizes.heavy! / 4 && sizes.small! < sizes.mixed! && sizes.mixed! < sizes.heavy!, JSON.stringify(sizes));
    assert.throws(() => parseLoadArgs(['--shape=tiny']), /--shape must be one of heavy, small, mixed/);
  } finally {
    pool.close();
    await sink.close();
  }
});

test('configs: a logs pipeline with processors after batch and the loki exporter at the sink', () => {
  const cfg = parse(
    renderConfig(
      {
        receiver: { type: 'fluentforward', config: (port) => ({ endpoint: `127.0.0.1:${port}` }) },
        receiverPort: 7,
        signal: 'logs',
        processors: [['attributes/fluent_docker', { actions: [{ action: 'upsert', key: 'source', value: 'docker' }] }]],
        exporter: 'loki',
        sinkHttpPort: 8,
        healthPort: 2,
        metricsPort: 3,
      },
      true,
    ),
  ) as Record<string, any>;
  assert.deepEqual(cfg.service.pipelines, {
    logs: { receivers: ['fluentforward'], processors: ['batch', 'attributes/fluent_docker'], exporters: ['loki'] },
  });
  assert.deepEqual(cfg.receivers.fluentforward, { endpoint: '127.0.0.1:7' });
  assert.deepEqual(cfg.processors['attributes/fluent_docker'].actions[0], { action: 'upsert', key: 'source', value: 'docker' });
  assert.deepEqual(cfg.exporters.loki, { endpoint: 'http://127.0.0.1:8/loki/api/v1/push' });
  assert.throws(() => renderConfig({ exporter: 'loki', healthPort: 2, metricsPort: 3 }, true), /sinkHttpPort/);
});

test('forward load: events are dockerd Message mode [tag, int seconds, record, {}] with ~200-byte lines', () => {
  const e = dockerEvent(3, 42, 1_764_000_000);
  const bytes = encodeDockerEvent(e);
  // msgpack: fixarray of 4, the time a uint32 (not a float or EventTime), the option an empty fixmap.
  assert.equal(bytes[0], 0x94);
  assert.equal(bytes[bytes.length - 1], 0x80);
  const decoded = decodeForwardEvent(bytes, 0, bytes.length);
  assert.equal(decoded.mode, 'message');
  assert.equal(decoded.chunk, undefined);
  assert.match(decoded.tag, /^[0-9a-f]{12}$/);
  assert.equal(decoded.entries.length, 1);
  assert.equal(decoded.entries[0]!.timeUnixNano, 1_764_000_000n * 1_000_000_000n);
  const record = unpackMultiple(bytes)![0] as [string, number, Record<string, string>, Record<string, never>];
  assert.deepEqual(Object.keys(record[2]).sort(), ['container_id', 'container_name', 'log', 'source']);
  assert.match(record[2].container_id!, /^[0-9a-f]{64}$/);
  assert.equal(record[2].container_id!.slice(0, 12), record[0]);
  assert.equal(record[2].container_name, '/traefik');
  assert.equal(record[2].log!.length, 200);
  assert.deepEqual(record[3], {});
  // A write is whole events back to back, lines varied.
  const chunk = unpackMultiple(dockerChunk(0, 0, 5, 1)) as [string, number, Record<string, string>][];
  assert.equal(chunk.length, 5);
  assert.equal(new Set(chunk.map((c) => c[2].log)).size, 5);
});

test('the sink counts the entries of a Loki push (snappy protobuf) and keeps the label sets', async () => {
  const sink = new Sink();
  const { http } = await sink.listen(0, 0);
  const pool = new Http1Pool('127.0.0.1', http, 1);
  try {
    const labels = '{container_name="grafana", exporter="OTLP", source="docker"}';
    const body = promtailBody([
      {
        labels,
        entries: [
          { ns: 1n, line: 'a' },
          { ns: 2n, line: 'b' },
        ],
      },
      { labels: '{exporter="OTLP"}', entries: [{ ns: 3n, line: 'c' }] },
    ]);
    assert.equal(await pool.send(buildPost('127.0.0.1', http, '/loki/api/v1/push', 'application/x-protobuf', body)), true);
    assert.equal(await pool.send(buildPost('127.0.0.1', http, '/loki/api/v1/push', 'application/x-protobuf', body)), true);
    assert.equal(await pool.send(buildPost('127.0.0.1', http, '/loki/api/v1/push', 'application/x-protobuf', Buffer.from('not snappy'))), 'HTTP 400');
    assert.equal(sink.stats.logRecords, 6);
    assert.equal(sink.stats.requests, 2);
    assert.equal(sink.stats.errors, 1);
    assert.deepEqual(sink.stats.lokiLabels, [labels, '{exporter="OTLP"}']);
  } finally {
    pool.close();
    await sink.close();
  }
});
