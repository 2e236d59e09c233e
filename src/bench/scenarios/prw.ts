// Issue 11's remote-write path: samples in → batch → prometheusremotewrite exporter → a
// remote-write sink, whole-run samples per CPU-second of the collector. Ours takes Remote-Write 1.0
// into its prometheusremotewrite receiver (when registered) and, like the reference, OTLP/HTTP
// metrics; the reference (otelcol-contrib v0.130 subset) has the exporter but no remote-write
// receiver in its build (bench/reference/manifest.yaml), so it is fed the same samples as OTLP.
//
// This file is also the load + sink child (`node prw.js --role=load …`, pinned to the load core):
// it serves the sink, sends a fixed number of pre-encoded requests flat-out, counts the samples the
// exporter delivers (a scan of the snappy-decoded WriteRequests) and prints one JSON line when all
// have arrived or it gave up.

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { Gauge, KeyValue, Metric, Metrics, NumberDataPoint, ResourceMetrics, ScopeMetrics } from '../../pdata/index.js';
import { Reader } from '../../pdata/wire/reader.js';
import { encodeWriteRequestV1, type TimeSeriesV1 } from '../../shared/codec/prompb/index.js';
import { snappyBlockCompress, snappyBlockDecompress } from '../../shared/compression/snappy.js';
import { COLLECTOR_CPU, freePorts, LOAD_CPU, type BenchContext } from '../context.js';
import { spawnPinned, waitHttpOk, Sampler, type Proc } from '../proc.js';
import { fmtNum, mib, pct, ratioTable, sideTable, type Trial } from '../result.js';
import type { Scenario } from '../scenario.js';

/** Series per request: what a Prometheus with default queue_config sends at most (max_samples_per_send 500 … 2000). */
const SERIES_PER_REQUEST = 1000;
const INFLIGHT = 16;

type Input = 'rw1' | 'otlp';

// ---------------------------------------------------------------- the load + sink child

function rw1Body(): Buffer {
  const now = Date.now();
  const timeseries: TimeSeriesV1[] = [];
  for (let i = 0; i < SERIES_PER_REQUEST; i++) {
    timeseries.push({
      labels: [
        { name: '__name__', value: 'bench_requests_total' },
        { name: 'instance', value: 'host-1:9100' },
        { name: 'job', value: 'node' },
        { name: 'path', value: `/api/v1/items/${i % 50}` },
        { name: 'series', value: String(i) },
      ],
      samples: [{ value: i, timestamp: now }],
      exemplars: [],
      histograms: [],
    });
  }
  return snappyBlockCompress(encodeWriteRequestV1({ timeseries, metadata: [] }));
}

function otlpBody(): Buffer {
  const rm = new ResourceMetrics();
  rm.resource.attributes = [new KeyValue('service.name', 'node'), new KeyValue('service.instance.id', 'host-1:9100')];
  const sm = new ScopeMetrics();
  const m = new Metric();
  m.name = 'bench_requests_total';
  const g = new Gauge();
  const ts = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < SERIES_PER_REQUEST; i++) {
    const p = new NumberDataPoint();
    p.timeUnixNano = ts;
    p.value = i;
    p.attributes = [new KeyValue('path', `/api/v1/items/${i % 50}`), new KeyValue('series', String(i))];
    g.dataPoints.push(p);
  }
  m.data = g;
  sm.metrics.push(m);
  rm.scopeMetrics.push(sm);
  return Buffer.from(new Metrics([rm]).toProto());
}

/** Samples in a WriteRequest: TimeSeries (field 1) → Sample (field 2), counted without decoding values. */
function countSamples(buf: Buffer): number {
  const r = new Reader(buf);
  let n = 0;
  while (r.pos < buf.length) {
    const tag = r.varint();
    if (tag !== 0x0a) {
      r.skip(tag, buf.length, 0, 'WriteRequest');
      continue;
    }
    const end = r.lenEnd(buf.length);
    while (r.pos < end) {
      const t = r.varint();
      if (t === 0x12) n++;
      r.skip(t, end, 0, 'TimeSeries');
    }
  }
  return n;
}

async function loadMain(argv: string[]): Promise<void> {
  const arg = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? '';
  const input = arg('input') as Input;
  const requests = Number(arg('requests'));
  const target = arg('target');
  let delivered = 0;
  let lastDelivery = 0;
  const sink = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      delivered += countSamples(snappyBlockDecompress(Buffer.concat(chunks), 256 << 20));
      lastDelivery = performance.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(Number(arg('sink-port')), '127.0.0.1', r));
  const body = input === 'rw1' ? rw1Body() : otlpBody();
  const headers =
    input === 'rw1'
      ? { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' }
      : { 'Content-Type': 'application/x-protobuf' };
  const agent = new http.Agent({ keepAlive: true, maxSockets: INFLIGHT });
  const url = new URL(target);
  let sent = 0;
  let accepted = 0;
  let refused = 0;
  const t0 = performance.now();
  const post = () =>
    new Promise<number>((resolve) => {
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'Content-Length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const worker = async () => {
    while (sent < requests) {
      sent++;
      const code = await post();
      if (code >= 200 && code < 300) accepted++;
      else refused++;
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  const tSent = performance.now();
  const want = accepted * SERIES_PER_REQUEST;
  // Wait for the exporter: all samples delivered, or 10 s without a delivery.
  while (delivered < want && performance.now() - Math.max(lastDelivery, tSent) < 10_000) await new Promise((r) => setTimeout(r, 20));
  process.stdout.write(
    JSON.stringify({
      event: 'done',
      samples: want,
      delivered,
      refused,
      sendSeconds: (tSent - t0) / 1000,
      seconds: (Math.max(lastDelivery, tSent) - t0) / 1000,
    }) + '\n',
  );
  agent.destroy();
  sink.close();
}

// ---------------------------------------------------------------- the scenario

interface Side {
  label: string;
  side: 'ours' | 'reference';
  input: Input;
}

function collectorConfig(input: Input, receiverPort: number, sinkPort: number, healthPort: number): string {
  const receiver =
    input === 'rw1'
      ? ['prometheusremotewrite', { endpoint: `127.0.0.1:${receiverPort}` }]
      : ['otlp', { protocols: { http: { endpoint: `127.0.0.1:${receiverPort}` } } }];
  return stringify({
    extensions: { health_check: { endpoint: `127.0.0.1:${healthPort}` } },
    receivers: { [receiver[0] as string]: receiver[1] },
    processors: { batch: {} },
    // The exporter's defaults (queue 10000, 5 parallel requests, 3 MB requests), as a user would run it.
    exporters: { prometheusremotewrite: { endpoint: `http://127.0.0.1:${sinkPort}/api/v1/write` } },
    service: {
      extensions: ['health_check'],
      pipelines: { metrics: { receivers: [receiver[0]], processors: ['batch'], exporters: ['prometheusremotewrite'] } },
      telemetry: { logs: { level: 'warn' }, metrics: { level: 'none' } },
    },
  });
}

function profileFlags(ctx: BenchContext): string[] {
  return ctx.opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.opts.profileDir}`] : [];
}

async function runTrial(ctx: BenchContext, s: Side, round: number, requests: number, seq: number): Promise<Trial> {
  const [receiverPort, sinkPort, healthPort] = await freePorts(3);
  const file = join(ctx.tmpDir, `prw-${s.side}-${s.input}-${seq}.yaml`);
  writeFileSync(file, collectorConfig(s.input, receiverPort!, sinkPort!, healthPort!));
  const procs: Proc[] = [];
  try {
    const collector =
      s.side === 'reference'
        ? spawnPinned(ctx.reference!.collector, [`--config=${file}`], { name: 'otelcol-ref', cpus: COLLECTOR_CPU })
        : spawnPinned(process.execPath, [...profileFlags(ctx), ctx.ours.entry, `--config=${file}`], { name: 'otelcol-ts', cpus: COLLECTOR_CPU });
    procs.push(collector);
    await waitHttpOk(`http://127.0.0.1:${healthPort}/`, collector, 30_000);
    const sampler = new Sampler(collector.pid).start();
    sampler.take();
    const path = s.input === 'rw1' ? '/api/v1/write' : '/v1/metrics';
    const load = spawnPinned(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--role=load',
        `--input=${s.input}`,
        `--requests=${requests}`,
        `--target=http://127.0.0.1:${receiverPort}${path}`,
        `--sink-port=${sinkPort}`,
      ],
      { name: 'prw-load', cpus: LOAD_CPU },
    );
    procs.push(load);
    const done = JSON.parse(await load.waitForLine(/"event":"done"/, 300_000)) as {
      samples: number;
      delivered: number;
      refused: number;
      sendSeconds: number;
      seconds: number;
    };
    sampler.take();
    sampler.stop();
    const u = sampler.summarize();
    const trial: Trial = {
      side: s.label,
      round,
      offeredPerSec: done.samples / done.sendSeconds,
      deliveredPerSec: done.delivered / done.seconds,
      dropped: done.refused * SERIES_PER_REQUEST,
      lost: done.samples - done.delivered,
      cpuAvg: u.cpuAvg,
      cpuMax: u.cpuMax,
      rssAvg: u.rssAvgMiB,
      rssMax: u.rssMaxMiB,
      perCore: done.delivered / u.cpuSeconds,
      extra: {},
    };
    ctx.log(
      `  prw ${s.label} round ${round + 1}: ${fmtNum(trial.perCore)} samples/s per core, ${fmtNum(trial.deliveredPerSec)} samples/s, lost ${trial.lost}`,
    );
    return trial;
  } finally {
    for (const p of procs.reverse()) await p.stop(5000);
  }
}

export const prw: Scenario = {
  name: 'prw',
  title: 'Remote-Write 1.0 / OTLP in → batch → prometheusremotewrite exporter → sink, whole run',
  async run(ctx) {
    const requests = ctx.opts.mode === 'full' ? 1500 : 400;
    const method = `${requests} requests of ${SERIES_PER_REQUEST} samples (one counter sample per series, 5 labels) sent flat-out with ${INFLIGHT} in flight, through batch and the prometheusremotewrite exporter at its defaults to a remote-write sink on the load core that counts every sample it receives. Per core = samples delivered over the collector's CPU-seconds from the first request to the last delivery. Ours takes the samples as Remote-Write 1.0 (snappy WriteRequest, what Prometheus sends) and as OTLP/HTTP protobuf; the reference build has no remote-write receiver, so it is fed the same samples as OTLP/HTTP.`;
    const notes: string[] = [];
    const sides: Side[] = [];
    if (!ctx.ours.components.exporters.has('prometheusremotewrite'))
      notes.push('our collector has no prometheusremotewrite exporter: ours not measured');
    else {
      if (ctx.ours.components.receivers.has('prometheusremotewrite')) sides.push({ label: 'ours RW1 in', side: 'ours', input: 'rw1' });
      else notes.push('our collector has no prometheusremotewrite receiver yet: RW1 in not measured');
      sides.push({ label: 'ours OTLP in', side: 'ours', input: 'otlp' });
    }
    if (ctx.reference?.components.exporters.has('prometheusremotewrite'))
      sides.push({ label: 'reference OTLP in', side: 'reference', input: 'otlp' });
    else notes.push('reference collector (with the prometheusremotewrite exporter) not available');
    if (sides.length === 0) return { method, notes, tables: [], goals: [], skipped: notes.join('; ') };
    const trials: Trial[] = [];
    let seq = 0;
    for (let round = 0; round < ctx.opts.reps; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        try {
          trials.push(await runTrial(ctx, s, round, requests, ++seq));
        } catch (err) {
          notes.push(`failed trial ${s.label} round ${round + 1}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
    const cols = [
      { label: 'offered samples/s', metric: 'offeredPerSec' as const },
      { label: 'delivered samples/s', metric: 'deliveredPerSec' as const },
      { label: 'lost', metric: 'lost' as const },
      { label: 'CPU avg %', metric: 'cpuAvg' as const, fmt: pct },
      { label: 'RSS max MiB', metric: 'rssMax' as const, fmt: mib },
      { label: 'samples/s per core', metric: 'perCore' as const },
    ];
    const tables = [sideTable(trials, cols)];
    const pairs = sides
      .filter((s) => s.side === 'ours')
      .filter(() => sides.some((r) => r.side === 'reference'))
      .map((s): [string, string] => [s.label, 'reference OTLP in']);
    const ratios = pairs.length > 0 ? ratioTable(trials, pairs, [cols[5]!, cols[4]!]) : undefined;
    if (ratios) tables.push(ratios);
    return { method, notes, tables, goals: [] };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--role=load')) {
  await loadMain(process.argv.slice(2));
}
