// Does one collector get faster with a second core (src/workers/)? OTLP/HTTP → batch → nop,
// flat-out: `--workers=1` pinned to the collector core against `--workers=2` on both cores. The
// machine has two cores, so the second side's second worker shares its core with the load
// generator and this harness: the raw ratio understates what two free cores give, and the
// per-core figure (spans per CPU-second of the whole process tree) says whether a worker does
// as much per core as the single process does.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_CPU, LOAD_CPU, freePorts, type BenchContext } from '../context.js';
import type { LoadReport } from '../load/driver.js';
import { spawnPinned, waitHttpOk, type Proc } from '../proc.js';
import { clockTicks, readSample } from '../procfs.js';
import { REPO_ROOT } from '../reference.js';
import { goal, mib, pct, ratioTable, sideTable, type Column, type Trial } from '../result.js';
import { SATURATION_INFLIGHT, rotate, type Scenario } from '../scenario.js';

const SPANS_PER_REQUEST = 100;
/** Both sides get the same connections; with two workers the kernel splits them between the two. */
const INFLIGHT = SATURATION_INFLIGHT;
/** CPU % that others (a shared VM's neighbours) may take in a window before the round is run again. */
const BUSY_OTHER_PCT = 15;
const MAX_REPEATS = 2;

interface Side {
  name: string;
  workers: number;
  cpus: string;
}

const SIDES: Side[] = [
  { name: '1 worker, 1 core', workers: 1, cpus: COLLECTOR_CPU },
  { name: '2 workers, 2 cores', workers: 2, cpus: `${COLLECTOR_CPU},${LOAD_CPU}` },
];

/** `pid` and its children (the workers), from /proc. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU ticks and RSS summed over processes; undefined when one is gone. */
function sampleAll(pids: readonly number[]): { ticks: number; rssKiB: number } | undefined {
  let ticks = 0;
  let rssKiB = 0;
  for (const pid of pids) {
    const s = readSample(pid);
    if (!s) return undefined;
    ticks += s.ticks;
    rssKiB += s.rssKiB;
  }
  return { ticks, rssKiB };
}

/** Busy ticks of the whole machine (every CPU), from /proc/stat. */
function machineBusyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
}

/** The busiest worker's share (%) of the items all workers accepted, from the leader's /metrics. */
async function workerSplit(metricsPort: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    const counts = [...text.matchAll(/^otelcol_worker_accepted_items\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    const total = counts.reduce((a, b) => a + b, 0);
    return total > 0 ? (Math.max(...counts) / total) * 100 : NaN;
  } catch {
    return NaN;
  }
}

function waitJson(proc: Proc, event: string, timeoutMs: number): Promise<string> {
  return proc.waitForLine(new RegExp(`"event":"${event}"`), timeoutMs);
}

async function runSide(ctx: BenchContext, side: Side, round: number): Promise<Trial> {
  const [httpPort, healthPort, metricsPort] = await freePorts(3);
  const file = ctx.writeConfig('ours', { httpPort, exporter: 'nop', healthPort: healthPort!, metricsPort: metricsPort! });
  const procs: Proc[] = [];
  try {
    const collector = spawnPinned(process.execPath, [ctx.ours.entry, `--config=${file}`, `--workers=${side.workers}`], {
      name: 'otelcol-ts',
      cpus: side.cpus,
    });
    procs.push(collector);
    await waitHttpOk(`http://127.0.0.1:${healthPort}/`, collector, 30_000);
    const tree = processTree(collector.pid);
    const { warmupSec, durationSec } = ctx.opts;
    const load = spawnPinned(
      process.execPath,
      [
        join(REPO_ROOT, 'dist-bench', 'bench', 'load', 'http.js'),
        `--target=127.0.0.1:${httpPort}`,
        '--rate=0',
        `--inflight=${INFLIGHT}`,
        `--warmup=${warmupSec}`,
        `--duration=${durationSec}`,
        `--spans=${SPANS_PER_REQUEST}`,
      ],
      { name: 'load', cpus: LOAD_CPU },
    );
    procs.push(load);
    const timeoutMs = (warmupSec + durationSec) * 1000 + 30_000;
    const startLine = waitJson(load, 'measure-start', timeoutMs);
    const endLine = waitJson(load, 'measure-end', timeoutMs);
    const doneLine = load.waitForLine(/"event":"done"/, timeoutMs + 15_000);
    for (const p of [startLine, endLine, doneLine]) p.catch(() => undefined);

    await startLine;
    const t0 = performance.now();
    const c0 = sampleAll(tree);
    const l0 = readSample(load.pid);
    const m0 = machineBusyTicks();
    await endLine;
    const t1 = performance.now();
    const c1 = sampleAll(tree);
    const l1 = readSample(load.pid);
    const m1 = machineBusyTicks();
    const split = side.workers > 1 ? await workerSplit(metricsPort!) : NaN;
    const report = JSON.parse(await doneLine) as LoadReport;
    if (!c0 || !c1) throw new Error('a collector process exited during the measurement');

    const hz = clockTicks();
    const seconds = (t1 - t0) / 1000;
    const cores = (ticks: number) => (ticks / hz / seconds) * 100;
    const cpu = cores(c1.ticks - c0.ticks);
    const loadCpu = l0 && l1 ? cores(l1.ticks - l0.ticks) : NaN;
    const w = report.window;
    const delivered = w.spansOk / w.seconds;
    return {
      side: side.name,
      round,
      offeredPerSec: ((w.requestsOk + w.requestsFailed + w.notSent) * SPANS_PER_REQUEST) / w.seconds,
      deliveredPerSec: delivered,
      dropped: w.spansFailed,
      lost: NaN,
      cpuAvg: cpu,
      cpuMax: NaN,
      rssAvg: (c0.rssKiB + c1.rssKiB) / 2 / 1024,
      rssMax: Math.max(c0.rssKiB, c1.rssKiB) / 1024,
      perCore: delivered / (cpu / 100),
      extra: {
        loadCpu,
        // Everything else the machine ran in the window: this harness and any foreign process.
        otherCpu: cores(m1 - m0) - cpu - loadCpu,
        busiestWorker: split,
        p50Ms: w.latencyP50Ms,
        p99Ms: w.latencyP99Ms,
      },
    };
  } finally {
    for (const p of procs.reverse()) await p.stop(5000);
  }
}

const COLUMNS: Column[] = [
  { label: 'delivered spans/s', metric: 'deliveredPerSec' },
  { label: 'collector CPU % (all processes)', metric: 'cpuAvg', fmt: pct },
  { label: 'load generator CPU %', metric: 'extra.loadCpu', fmt: pct },
  { label: 'other CPU %', metric: 'extra.otherCpu', fmt: pct },
  { label: 'busiest worker % of items', metric: 'extra.busiestWorker', fmt: pct },
  { label: 'p50 ms', metric: 'extra.p50Ms', fmt: (v) => v.toFixed(1) },
  { label: 'p99 ms', metric: 'extra.p99Ms', fmt: (v) => v.toFixed(1) },
  { label: 'RSS MiB (all processes)', metric: 'rssAvg', fmt: mib },
  { label: 'spans/s per core', metric: 'perCore' },
];

export const workersScaling: Scenario = {
  name: 'workers-scaling',
  title: 'OTLP/HTTP → batch → nop, flat-out: --workers=1 on one core vs --workers=2 on two cores',
  async run(ctx) {
    const method = `our collector (otlp http → batch → nop) receives 100-span OTLP/HTTP protobuf requests flat-out from ${INFLIGHT} keep-alive connections; side one runs --workers=1 pinned to CPU ${COLLECTOR_CPU}, side two --workers=2 (a leader and two workers sharing the port through node:cluster) on CPUs ${COLLECTOR_CPU},${LOAD_CPU}. The load generator and this harness stay on CPU ${LOAD_CPU}. CPU is summed over the collector's process tree; per core = delivered spans/s ÷ that CPU.`;
    const notes = [
      `the machine has ${SIDES.length} cores: with two workers the load generator, this harness and the second worker share CPU ${LOAD_CPU}, so the delivered ratio is a floor for what a second free core gives; "other CPU" shows what else ran in the window`,
    ];
    const missing = ctx.oursMissing(['otlp'], ['nop']);
    if (missing) return { method, notes, tables: [], goals: [], skipped: missing };
    // Both sides of a round must measure the same machine: on a shared VM a neighbour can take a
    // core for seconds. A round in which others used more than BUSY_OTHER_PCT % of a CPU is run
    // again (twice at most); the tables use the clean rounds, or, when none was clean, the least
    // disturbed attempt of each round, flagged below.
    const clean: Trial[] = [];
    const noisy: Trial[] = [];
    for (let round = 0; round < ctx.opts.reps; round++) {
      let best: Trial[] | undefined;
      for (let attempt = 0; attempt <= MAX_REPEATS; attempt++) {
        const got: Trial[] = [];
        for (const side of rotate(SIDES, round)) {
          try {
            const t = await runSide(ctx, side, round);
            got.push(t);
            ctx.log(
              `  workers-scaling round ${round + 1}/${ctx.opts.reps} ${side.name}: ${Math.round(t.deliveredPerSec)} spans/s, CPU ${t.cpuAvg.toFixed(1)} %, load ${t.extra['loadCpu']!.toFixed(1)} %, other ${t.extra['otherCpu']!.toFixed(1)} %`,
            );
          } catch (err) {
            notes.push(`failed trial: ${side.name} round ${round + 1}: ${(err as Error).message.split('\n')[0]}`);
          }
        }
        const disturbance = Math.max(0, ...got.map((t) => t.extra['otherCpu']!));
        if (disturbance <= BUSY_OTHER_PCT) {
          clean.push(...got);
          best = undefined;
          break;
        }
        if (!best || disturbance < Math.max(0, ...best.map((t) => t.extra['otherCpu']!))) best = got;
      }
      if (best) noisy.push(...best);
    }
    const trials = clean.length ? clean : noisy;
    if (clean.length && noisy.length)
      notes.push(
        `${ctx.opts.reps - new Set(clean.map((t) => t.round)).size} of ${ctx.opts.reps} round(s) left out: other processes used more than ${BUSY_OTHER_PCT} % of a CPU in every attempt`,
      );
    if (!clean.length)
      notes.push(`NO CLEAN ROUND: other processes used more than ${BUSY_OTHER_PCT} % of a CPU in every attempt; these figures are disturbed`);
    const [one, two] = [SIDES[0]!.name, SIDES[1]!.name];
    const tables = [sideTable(trials, COLUMNS)];
    const ratios = ratioTable(trials, [[two, one]], [COLUMNS[0]!, COLUMNS[1]!, COLUMNS[COLUMNS.length - 1]!]);
    if (ratios) tables.push(ratios);
    const goals = [
      goal(trials, { text: 'two cores deliver ≥ 1.8× one core', side: two, den: one, metric: 'deliveredPerSec', cmp: '>=', limit: 1.8, unit: '×' }),
      goal(trials, {
        text: 'a worker does ≥ 0.9× the work per core of one process',
        side: two,
        den: one,
        metric: 'perCore',
        cmp: '>=',
        limit: 0.9,
        unit: '×',
      }),
    ].filter((g) => g !== undefined);
    return { method, notes, tables, goals };
  },
};
