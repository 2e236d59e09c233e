// Issue 12's spanmetrics figures, ours and the reference side by side:
// 1. CPU per span at a fixed 50k spans/s (OTLP/HTTP, telemetrygen-shaped spans, 1,000 a request)
//    for otlp → batch → nop (pass-through) and otlp → spanmetrics → nop (connector), so the
//    difference is what the connector costs per span;
// 2. RSS after 10k and after 100k distinct span names (1,000 a request), default configs: Go keeps
//    a series per name (no limit by default), ours stops at aggregation_cardinality_limit.

import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { KeyValue, ResourceSpans, ScopeSpans, Span, Traces } from '../../pdata/index.js';
import { REPO_ROOT } from '../../testing/collector.js';
import type { SideName } from '../configs.js';
import { COLLECTOR_CPU, LOAD_CPU, freePorts, type BenchContext } from '../context.js';
import { Proc, Sampler, spawnPinned, waitHttpOk } from '../proc.js';
import { readSample } from '../procfs.js';
import { fmtNum, type Table } from '../result.js';
import type { Scenario } from '../scenario.js';

const SPANS_PER_REQUEST = 1000;
const RATE_SPANS = 50_000;
type Mode = 'pass-through' | 'spanmetrics';

function config(mode: Mode, otlpPort: number, healthPort: number): string {
  const traces =
    mode === 'pass-through'
      ? { receivers: ['otlp'], processors: ['batch'], exporters: ['nop'] }
      : { receivers: ['otlp'], exporters: ['spanmetrics'] };
  return stringify({
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlpPort}` } } } },
    processors: { batch: {} },
    connectors: { spanmetrics: {} },
    exporters: { nop: {} },
    extensions: { health_check: { endpoint: `127.0.0.1:${healthPort}` } },
    service: {
      extensions: ['health_check'],
      telemetry: { metrics: { level: 'none' } },
      pipelines: mode === 'pass-through' ? { traces } : { traces, metrics: { receivers: ['spanmetrics'], exporters: ['nop'] } },
    },
  });
}

async function startSide(ctx: BenchContext, side: SideName, mode: Mode, tag: string): Promise<{ proc: Proc; otlpPort: number }> {
  const [otlpPort, healthPort] = await freePorts(2);
  const file = join(ctx.tmpDir, `spanmetrics-${side}-${tag}.yaml`);
  writeFileSync(file, config(mode, otlpPort!, healthPort!));
  const proc =
    side === 'reference'
      ? spawnPinned(ctx.reference!.collector, [`--config=${file}`], { name: 'otelcol-ref', cpus: COLLECTOR_CPU })
      : spawnPinned(process.execPath, [ctx.ours.entry, `--config=${file}`], { name: 'otelcol-ts', cpus: COLLECTOR_CPU });
  try {
    await waitHttpOk(`http://127.0.0.1:${healthPort}/`, proc, 30_000);
  } catch (err) {
    await proc.stop(1000);
    throw err;
  }
  return { proc, otlpPort: otlpPort! };
}

/** µs of collector CPU per span offered at 50k spans/s, and the spans the generator got accepted. */
async function cpuPerSpan(ctx: BenchContext, side: SideName, mode: Mode): Promise<{ usPerSpan: number; spans: number; rssMiB: number }> {
  const { proc, otlpPort } = await startSide(ctx, side, mode, 'cpu');
  try {
    const sampler = new Sampler(proc.pid).start();
    const from = performance.now();
    const load = spawnPinned(
      process.execPath,
      [
        join(REPO_ROOT, 'dist-bench', 'bench', 'load', 'http.js'),
        `--target=127.0.0.1:${otlpPort}`,
        `--rate=${RATE_SPANS / SPANS_PER_REQUEST}`,
        '--inflight=16',
        `--warmup=${ctx.opts.warmupSec}`,
        `--duration=${ctx.opts.durationSec}`,
        `--spans=${SPANS_PER_REQUEST}`,
        '--shape=small',
      ],
      { name: 'load', cpus: LOAD_CPU },
    );
    const done = JSON.parse(await load.waitForLine(/"event":"done"/, (ctx.opts.warmupSec + ctx.opts.durationSec + 60) * 1000)) as {
      totalSpansOk: number;
    };
    await load.stop(1000);
    sampler.take();
    sampler.stop();
    const u = sampler.summarize(from, performance.now());
    return { usPerSpan: (u.cpuSeconds * 1e6) / done.totalSpansOk, spans: done.totalSpansOk, rssMiB: u.rssMaxMiB };
  } finally {
    await proc.stop(5000);
  }
}

function distinctNames(from: number): Buffer {
  const rs = new ResourceSpans();
  rs.resource.attributes = [new KeyValue('service.name', 'shop'), new KeyValue('service.instance.id', 'bench')];
  const ss = new ScopeSpans();
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    const s = new Span();
    s.traceId = 'T'.repeat(16);
    s.spanId = 'S'.repeat(8);
    s.name = `GET /api/items/${from + i}`;
    s.kind = 2;
    s.startTimeUnixNano = 1_800_000_000_000_000_000n;
    s.endTimeUnixNano = 1_800_000_000_004_000_000n;
    ss.spans.push(s);
  }
  rs.scopeSpans = [ss];
  return new Traces([rs]).toProto();
}

/** RSS (MiB) after 10k, then after 100k distinct span names. */
async function rssWithDistinctNames(ctx: BenchContext, side: SideName): Promise<[number, number]> {
  const { proc, otlpPort } = await startSide(ctx, side, 'spanmetrics', 'rss');
  const rss = (): number => (readSample(proc.pid)?.rssKiB ?? NaN) / 1024;
  try {
    const out: number[] = [];
    for (let i = 0; i < 100_000; i += SPANS_PER_REQUEST) {
      const res = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body: distinctNames(i),
      });
      await res.arrayBuffer();
      if (i + SPANS_PER_REQUEST === 10_000 || i + SPANS_PER_REQUEST === 100_000) {
        await new Promise((r) => setTimeout(r, 1000));
        out.push(rss());
      }
    }
    return [out[0]!, out[1]!];
  } finally {
    await proc.stop(5000);
  }
}

export const spanmetrics: Scenario = {
  name: 'spanmetrics',
  title: 'OTLP/HTTP → spanmetrics → nop at 50k spans/s (CPU per span vs pass-through); RSS with 100k distinct span names',
  async run(ctx) {
    const sides: SideName[] = ctx.reference ? ['ours', 'reference'] : ['ours'];
    const notes: string[] = ctx.reference ? [] : ['reference collector not built: ours only'];
    const cpuRows: string[][] = [];
    const cpu: Record<string, Record<Mode, number>> = {};
    for (const side of sides) {
      cpu[side] = { 'pass-through': NaN, spanmetrics: NaN };
      for (const mode of ['pass-through', 'spanmetrics'] as const) {
        try {
          const r = await cpuPerSpan(ctx, side, mode);
          cpu[side]![mode] = r.usPerSpan;
          cpuRows.push([side, mode, fmtNum(r.spans), fmtNum(r.usPerSpan, 2), fmtNum(r.rssMiB)]);
        } catch (err) {
          notes.push(`${side} ${mode}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
    const costRows = sides.map((s) => [
      s,
      fmtNum(cpu[s]!.spanmetrics - cpu[s]!['pass-through'], 2),
      fmtNum(cpu[s]!.spanmetrics / cpu[s]!['pass-through'], 2),
    ]);
    const rssRows: string[][] = [];
    for (const side of sides) {
      try {
        const [at10k, at100k] = await rssWithDistinctNames(ctx, side);
        rssRows.push([side, fmtNum(at10k), fmtNum(at100k), fmtNum(at100k - at10k)]);
      } catch (err) {
        notes.push(`${side} distinct names: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    const tables: Table[] = [
      { title: 'CPU at 50k spans/s', headers: ['side', 'pipeline', 'spans accepted', 'collector CPU µs/span', 'RSS max MiB'], rows: cpuRows },
      { title: 'what the connector costs', headers: ['side', 'spanmetrics − pass-through µs/span', 'spanmetrics / pass-through'], rows: costRows },
      {
        title: '100k distinct span names (default config)',
        headers: ['side', 'RSS after 10k MiB', 'RSS after 100k MiB', 'growth MiB'],
        rows: rssRows,
      },
    ];
    return {
      method: `Each side runs alone on the collector core. CPU: our raw-socket OTLP/HTTP generator sends ${RATE_SPANS / SPANS_PER_REQUEST} requests/s of ${SPANS_PER_REQUEST} telemetrygen-shaped spans for warmup + duration; collector CPU-seconds over the whole load run / spans accepted. Pipelines: otlp → batch → nop, and otlp → spanmetrics (defaults) with spanmetrics → nop. RSS: 100 requests of 1,000 distinct span names, sequential, RSS read 1 s after the 10th and the 100th.`,
      notes,
      tables,
      goals: [],
    };
  },
};
