// One measured run of one side: start the sink (if the pipeline exports), the process under test
// on the collector core, the load generator on the load core; sample CPU/RSS of the process under
// test over the generator's measuring window; let the pipeline drain; check what reached the
// sink; stop everything.

import { join } from 'node:path';
import type { ReceiverSpec, SideName } from './configs.js';
import { BenchContext, COLLECTOR_CPU, freePorts, LOAD_CPU } from './context.js';
import type { LoadReport } from './load/driver.js';
import { Sampler, spawnPinned, type Proc } from './proc.js';
import { readMachineBusyTicks, readSample } from './procfs.js';
import { REPO_ROOT } from './reference.js';
import type { Trial } from './result.js';
import type { Shape } from './load/shapes.js';
import { scrapePipelineCounts, type PipelineCounts } from './selfmetrics.js';
import { fetchSinkStats } from './sink.js';

const BENCH_DIST = join(REPO_ROOT, 'dist-bench', 'bench');

export interface LoadSpec {
  /** Our generators (100-span requests) or telemetrygen (small spans, batches of 100). */
  generator: 'ours' | 'telemetrygen';
  protocol: 'grpc' | 'http';
  /** A generator script in dist-bench/bench/load/ for another protocol (same arguments and JSON lines). */
  script?: string;
  /** Requests/s for our generators, spans/s for telemetrygen; 0 = flat-out (ours only). */
  rate: number;
  inflight?: number;
  connections?: number;
  /** How the scenario describes this load in its notes (default: derived from the fields above). */
  describe?: string;
  /** Our generators' span shape (load/shapes.ts; default heavy) and spans per request (default 100). */
  shape?: Shape;
  spans?: number;
}

export interface TrialSpec {
  side: SideName | 'bare' | 'bare-scan';
  round: number;
  exporter: 'nop' | 'otlp' | 'loki';
  load: LoadSpec;
  /** Receiver replacing otlp; the load is sent to its port. */
  receiver?: ReceiverSpec;
  /** The pipeline's signal (default traces): what the sink counts. */
  signal?: 'traces' | 'logs';
  /** Processors after batch. */
  processors?: [string, Record<string, unknown>][];
}

const SPANS_PER_REQUEST = 100;
/** telemetrygen's rate limiter tops out near 2 k spans/s per worker on this VM: spread the rate over workers. */
const TELEMETRYGEN_WORKERS = 10;

function waitJsonLine(proc: Proc, event: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return proc.waitForLine(new RegExp(`"event":"${event}"`), timeoutMs).then((l) => JSON.parse(l) as Record<string, unknown>);
}

async function startSink(): Promise<{ proc: Proc; grpc: number; http: number }> {
  const proc = spawnPinned(process.execPath, [join(BENCH_DIST, 'sink.js'), '--grpc=0', '--http=0'], { name: 'sink', cpus: LOAD_CPU });
  const ready = await waitJsonLine(proc, 'ready', 10_000);
  return { proc, grpc: Number(ready['grpc']), http: Number(ready['http']) };
}

type SinkKind = 'spans' | 'logRecords';

/** The sink's count of the pipeline's items (spans, or log records for a logs pipeline). */
async function sinkCount(port: number | undefined, kind: SinkKind): Promise<number> {
  if (port === undefined) return NaN;
  return (await fetchSinkStats(port))[kind];
}

/**
 * Waits until `count()` (the sink's items, or for nop what batch handed on) reaches `expected` or
 * stops moving for 3 s (60 s at most: a forward load leaves megabytes in the collector's socket
 * buffers that a slower side works through).
 */
async function drain(count: () => Promise<number>, expected: number): Promise<number> {
  const deadline = performance.now() + 60_000;
  let last = -1;
  let stableSince = performance.now();
  for (;;) {
    const n = await count();
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      stableSince = performance.now();
    } else if (performance.now() - stableSince > 3000 || performance.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function loadArgs(spec: LoadSpec, port: number, ctx: BenchContext): [string, string[]] {
  const { warmupSec, durationSec } = ctx.opts;
  if (spec.generator === 'telemetrygen') {
    const tg = ctx.reference?.telemetrygen;
    if (!tg) throw new Error('telemetrygen not built');
    const args = ['traces', '--otlp-insecure', '--otlp-endpoint', `127.0.0.1:${port}`, '--rate', String(spec.rate / TELEMETRYGEN_WORKERS)];
    args.push('--workers', String(TELEMETRYGEN_WORKERS), '--duration', `${warmupSec + durationSec}s`);
    if (spec.protocol === 'http') args.push('--otlp-http');
    return [tg, args];
  }
  const script = join(BENCH_DIST, 'load', spec.script ?? (spec.protocol === 'grpc' ? 'grpc.js' : 'http.js'));
  return [
    process.execPath,
    [
      script,
      `--target=127.0.0.1:${port}`,
      `--rate=${spec.rate}`,
      `--inflight=${spec.inflight ?? 10}`,
      `--connections=${spec.connections ?? 1}`,
      `--warmup=${warmupSec}`,
      `--duration=${durationSec}`,
      `--spans=${spec.spans ?? SPANS_PER_REQUEST}`,
      ...(spec.shape ? [`--shape=${spec.shape}`] : []),
    ],
  ];
}

export async function runTrial(ctx: BenchContext, spec: TrialSpec): Promise<Trial> {
  const [grpcPort, httpPort, healthPort, metricsPort] = await freePorts(4);
  const procs: Proc[] = [];
  try {
    const sink = spec.exporter === 'otlp' || spec.exporter === 'loki' ? await startSink() : undefined;
    const kind: SinkKind = spec.signal === 'logs' ? 'logRecords' : 'spans';
    const sinkSpans = (port: number | undefined): Promise<number> => sinkCount(port, kind);
    if (sink) procs.push(sink.proc);
    let target: Proc;
    let port: number;
    if (spec.side === 'bare' || spec.side === 'bare-scan') {
      const scan = spec.side === 'bare-scan' ? ['--scan'] : [];
      target = spawnPinned(process.execPath, [join(BENCH_DIST, 'baseline.js'), `--port=${httpPort}`, ...scan], {
        name: spec.side,
        cpus: COLLECTOR_CPU,
      });
      procs.push(target);
      await waitJsonLine(target, 'ready', 10_000);
      port = httpPort!;
    } else {
      const pipeline = spec.receiver
        ? { receiver: spec.receiver, receiverPort: grpcPort }
        : spec.load.protocol === 'grpc'
          ? { grpcPort }
          : { httpPort };
      const c = await ctx.startCollector(spec.side, {
        ...pipeline,
        signal: spec.signal,
        processors: spec.processors,
        exporter: spec.exporter,
        sinkGrpcPort: sink?.grpc,
        sinkHttpPort: sink?.http,
        healthPort: healthPort!,
        metricsPort: metricsPort!,
      });
      target = c.proc;
      procs.push(target);
      port = spec.receiver || spec.load.protocol === 'grpc' ? grpcPort! : httpPort!;
    }
    const sampler = new Sampler(target.pid).start();
    // From here to the end of the drain the collector does nothing but this load: the end-to-end
    // figures below charge every item delivered with all the CPU spent on it.
    const tLoad = performance.now();
    sampler.take();
    const [cmd, args] = loadArgs(spec.load, port, ctx);
    const load = spawnPinned(cmd, args, { name: spec.load.generator === 'telemetrygen' ? 'telemetrygen' : 'load', cpus: LOAD_CPU });
    procs.push(load);
    // The load core's own use (generator + sink) shows when the harness, not the collector, is the limit.
    const loadSamplers = [new Sampler(load.pid).start(), ...(sink ? [new Sampler(sink.proc.pid).start()] : [])];
    const bare = spec.side === 'bare' || spec.side === 'bare-scan';
    const scrape = (): Promise<PipelineCounts> =>
      bare
        ? Promise.resolve({ accepted: NaN, refused: NaN, batchOut: NaN, queueSize: NaN, queueCapacity: NaN })
        : scrapePipelineCounts(metricsPort!, spec.signal);
    // Where the pipeline's end is counted: the sink, or with nop what batch handed on to it (a
    // generator's OK responses only say what the receiver took).
    const atEnd = async (): Promise<number> => (sink ? sinkCount(sink.http, kind) : bare ? NaN : (await scrape()).batchOut);

    let tStart: number;
    let tEnd: number;
    // RSS at the window's edges: growth under a fixed rate means the collector is queueing, not keeping up.
    let rssStartKiB = NaN;
    let rssEndKiB = NaN;
    let machineStart = NaN;
    let machineEnd = NaN;
    let sinkStart: number;
    let sinkEnd: number;
    let recvStart: PipelineCounts;
    let recvEnd: PipelineCounts;
    let report: LoadReport | undefined;
    const timeoutMs = (ctx.opts.warmupSec + ctx.opts.durationSec) * 1000 + 30_000;
    if (spec.load.generator === 'ours') {
      // All listeners go on at once: the end and done lines can arrive in one chunk.
      const startLine = waitJsonLine(load, 'measure-start', timeoutMs);
      const endLine = waitJsonLine(load, 'measure-end', timeoutMs);
      const doneLine = load.waitForLine(/"event":"done"/, timeoutMs + 15_000);
      for (const p of [startLine, endLine, doneLine]) p.catch(() => undefined);
      await startLine;
      tStart = performance.now();
      sampler.take();
      rssStartKiB = readSample(target.pid)?.rssKiB ?? NaN;
      machineStart = readMachineBusyTicks();
      sinkStart = await sinkSpans(sink?.http);
      recvStart = await scrape();
      await endLine;
      tEnd = performance.now();
      sampler.take();
      rssEndKiB = readSample(target.pid)?.rssKiB ?? NaN;
      machineEnd = readMachineBusyTicks();
      sinkEnd = await sinkSpans(sink?.http);
      recvEnd = await scrape();
      for (const ls of loadSamplers) ls.take();
      report = JSON.parse(await doneLine) as LoadReport;
    } else {
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, ctx.opts.warmupSec * 1000));
      tStart = performance.now();
      sampler.take();
      rssStartKiB = readSample(target.pid)?.rssKiB ?? NaN;
      machineStart = readMachineBusyTicks();
      sinkStart = await sinkSpans(sink?.http);
      recvStart = await scrape();
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (ctx.opts.warmupSec + ctx.opts.durationSec) * 1000 - 200 - performance.now())));
      tEnd = performance.now();
      sampler.take();
      rssEndKiB = readSample(target.pid)?.rssKiB ?? NaN;
      machineEnd = readMachineBusyTicks();
      sinkEnd = await sinkSpans(sink?.http);
      recvEnd = await scrape();
      for (const ls of loadSamplers) ls.take();
    }
    await Promise.race([load.exited, new Promise((r) => setTimeout(r, 30_000))]);
    await load.stop(2000);

    const seconds = (tEnd - tStart) / 1000;
    let offered: number;
    let deliveredInWindow: number;
    let acceptedTotal: number;
    /** Everything the load offered over the whole run (warm-up included): what a fixed-rate trial is judged against after the drain. */
    let offeredTotal: number;
    const endInWindow = sink ? sinkEnd - sinkStart : recvEnd.batchOut - recvStart.batchOut;
    if (report) {
      const w = report.window;
      offered = (w.requestsOk + w.requestsFailed + w.notSent) * (spec.load.spans ?? SPANS_PER_REQUEST);
      deliveredInWindow = bare ? w.spansOk : endInWindow;
      acceptedTotal = report.totalSpansOk;
      offeredTotal = report.totalSpansOk + report.totalSpansFailed;
    } else {
      // telemetrygen reports no counts: the offer is what reached the receiver in the window
      // (accepted + refused). On a busy box telemetrygen falls short of its nominal rate (5.8k of
      // 10k spans/s with the load core shared): that shortfall is the generator's, and both
      // sides are then compared at the rate actually offered. Without counters: the nominal rate.
      const arrived = recvEnd.accepted + recvEnd.refused - recvStart.accepted - recvStart.refused;
      offered = Number.isFinite(arrived) ? arrived : spec.load.rate * seconds;
      deliveredInWindow = endInWindow;
      const after = await scrape();
      acceptedTotal = after.accepted;
      // What reached the receiver: telemetrygen's shortfall against its nominal rate is the generator's.
      offeredTotal = after.accepted + after.refused;
    }
    const delivered = bare ? NaN : await drain(atEnd, acceptedTotal);
    // A fixed-rate load is judged after the drain: a window that cuts a batch flush (200 ms of
    // spans held by batch at its end) is not a drop. Flat-out loads keep the window's rate.
    const fixedRate = spec.load.rate > 0;
    sampler.take();
    const tDrained = performance.now();
    sampler.stop();
    const e2e = sampler.summarize(tLoad, tDrained);
    for (const ls of loadSamplers) ls.stop();
    const usage = sampler.summarize(tStart, tEnd);
    const loadCpu = loadSamplers.reduce((t, ls) => t + ls.summarize(tStart, tEnd).cpuAvg, 0);
    // Whatever else ran on the machine (the harness, other users of this shared VM) in the window.
    const otherCpu = ((machineEnd - machineStart) / sampler.hz / seconds) * 100 - usage.cpuAvg - loadCpu;
    const deliveredPerSec = deliveredInWindow / seconds;
    return {
      side: spec.side,
      round: spec.round,
      offeredPerSec: offered / seconds,
      deliveredPerSec,
      dropped: fixedRate && !bare ? Math.max(0, offeredTotal - delivered) : Math.max(0, offered - deliveredInWindow),
      lost: bare ? NaN : acceptedTotal - delivered,
      cpuAvg: usage.cpuAvg,
      cpuMax: usage.cpuMax,
      rssAvg: usage.rssAvgMiB,
      rssMax: usage.rssMaxMiB,
      perCore: deliveredPerSec / (usage.cpuAvg / 100),
      extra: {
        loadCpu,
        otherCpu,
        rssGrowthMiB: (rssEndKiB - rssStartKiB) / 1024,
        // How full the exporter's sending queue was as the window closed (NaN without an exporter queue).
        queueFill: recvEnd.queueSize / recvEnd.queueCapacity,
        deliveredShare: fixedRate && !bare ? delivered / offeredTotal : deliveredInWindow / offered,
        // Every item that reached the sink (warm-up, window and backlog) over the whole run, and
        // the collector's CPU-seconds from the first request to the last delivery. Exporter
        // queues let a collector take in faster than it sends, so a short window's deliveries
        // and its CPU can belong to different items; these cannot.
        e2ePerSec: delivered / e2e.seconds,
        e2ePerCore: delivered / e2e.cpuSeconds,
        ...(report ? { p50Ms: report.window.latencyP50Ms, p99Ms: report.window.latencyP99Ms, failedRequests: report.window.requestsFailed } : {}),
      },
    };
  } finally {
    for (const p of procs.reverse()) await p.stop(5000);
  }
}

/** Runs `specs` for every round, sides in the order given per round, logging each trial. */
export async function runRounds(
  ctx: BenchContext,
  label: string,
  perRound: (round: number) => TrialSpec[],
): Promise<{ trials: Trial[]; errors: string[] }> {
  const trials: Trial[] = [];
  const errors: string[] = [];
  for (let round = 0; round < ctx.opts.reps; round++) {
    for (const spec of perRound(round)) {
      try {
        const t = await runTrial(ctx, spec);
        trials.push(t);
        ctx.log(
          `  ${label} round ${round + 1}/${ctx.opts.reps} ${spec.side}: ${Math.round(t.deliveredPerSec)} items/s, CPU ${t.cpuAvg.toFixed(1)} %, RSS ${t.rssAvg.toFixed(0)} MiB`,
        );
      } catch (err) {
        const lines = (err as Error).message.split('\n');
        const msg = `${spec.side} round ${round + 1}: ${lines[0]}`;
        errors.push(msg);
        ctx.log(`  ${label} ${msg}`);
        // The process's last output lines say why (bind failure, crash).
        for (const l of lines
          .slice(1)
          .filter((x) => x.trim())
          .slice(-8))
          ctx.log(`    | ${l.slice(0, 300)}`);
      }
    }
  }
  return { trials, errors };
}
