// `npm run bench` (quick) / `npm run bench:full`: runs every scenario for ours and the reference
// Go collector side by side, prints a table per scenario and regenerates BENCHMARKS.md.
// Flags: --full, --build-reference, --only=a,b (no BENCHMARKS.md unless --out is given),
// --out=FILE, --no-write, --cpu-prof=DIR (our collector runs with node --cpu-prof), --reps=N and
// --duration=S (override the mode's rounds and seconds, for trying a scenario out).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchContext, COLLECTOR_CPU, FULL, LOAD_CPU, QUICK, type BenchOptions } from './context.js';
import { hasTaskset, stopAll } from './proc.js';
import { parseCpuModel } from './procfs.js';
import { buildReference, findOurs, findReference, REPO_ROOT, type Reference } from './reference.js';
import { renderConsole, renderMarkdown, type MachineInfo } from './render.js';
import type { ScenarioResult } from './result.js';
import { SCENARIOS } from './scenarios/index.js';

interface RunArgs {
  full: boolean;
  buildReference: boolean;
  only: string[] | undefined;
  out: string | undefined;
  write: boolean;
  cpuProf: string | undefined;
  reps: number | undefined;
  durationSec: number | undefined;
}

function parseRunArgs(argv: readonly string[]): RunArgs {
  const a: RunArgs = {
    full: false,
    buildReference: false,
    only: undefined,
    out: undefined,
    write: true,
    cpuProf: undefined,
    reps: undefined,
    durationSec: undefined,
  };
  for (const arg of argv) {
    const [k, v] = arg.split(/=(.*)/s) as [string, string | undefined];
    if (k === '--full') a.full = true;
    else if (k === '--build-reference') a.buildReference = true;
    else if (k === '--only' && v) a.only = v.split(',');
    else if (k === '--out' && v) a.out = resolve(v);
    else if (k === '--no-write') a.write = false;
    else if (k === '--cpu-prof' && v) a.cpuProf = resolve(v);
    else if (k === '--reps' && Number(v) >= 1) a.reps = Math.floor(Number(v));
    else if (k === '--duration' && Number(v) > 0) a.durationSec = Number(v);
    else
      throw new Error(
        `unknown argument ${arg} (flags: --full --build-reference --only=a,b --out=FILE --no-write --cpu-prof=DIR --reps=N --duration=S)`,
      );
  }
  const names = new Set(SCENARIOS.map((s) => s.name));
  for (const n of a.only ?? []) if (!names.has(n)) throw new Error(`unknown scenario ${n}; known: ${[...names].join(', ')}`);
  return a;
}

/** Read before the harness pins itself: availableParallelism() follows the affinity mask. */
const NPROC = availableParallelism();

function machineInfo(opts: BenchOptions, ref: Reference | undefined, refWhy: string | undefined, notes: string[]): MachineInfo {
  let cpuModel = 'unknown';
  try {
    cpuModel = parseCpuModel(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // not Linux
  }
  return {
    nproc: NPROC,
    cpuModel,
    node: process.version,
    reference: ref ? `otelcol-ref ${ref.version} (otelcol-contrib subset, ${ref.goVersion})` : `none: ${refWhy ?? 'not built'}`,
    loadGenerator: ref?.telemetrygen
      ? 'our raw OTLP/HTTP and OTLP/gRPC generators (100-span requests), Jaeger thrift_http and dockerd-shaped fluent forward generators; telemetrygen v0.160.0 for the Trace10kSPS scenarios'
      : 'our raw OTLP/HTTP and OTLP/gRPC generators (100-span requests), Jaeger thrift_http and dockerd-shaped fluent forward generators (telemetrygen not built)',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    mode: opts.mode,
    reps: opts.reps,
    durationSec: opts.durationSec,
    warmupSec: opts.warmupSec,
    pinning: hasTaskset()
      ? `taskset: process under test on CPU ${COLLECTOR_CPU}; load generator, sink and this harness on CPU ${LOAD_CPU}`
      : 'taskset missing: nothing pinned (figures less comparable)',
    notes,
  };
}

async function main(): Promise<number> {
  const args = parseRunArgs(process.argv.slice(2));
  const base = args.full ? FULL : QUICK;
  const opts: BenchOptions = { ...base, reps: args.reps ?? base.reps, durationSec: args.durationSec ?? base.durationSec, profileDir: args.cpuProf };
  const log = (l: string): void => void process.stdout.write(`${l}\n`);
  // The harness itself (all its threads) stays off the collector core.
  if (hasTaskset()) spawnSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)], { stdio: 'ignore' });

  if (args.buildReference) {
    const why = buildReference(log);
    if (why) log(`reference build failed: ${why}`);
  }
  const found = findReference();
  const reference = typeof found === 'string' ? undefined : found;
  const refWhy = typeof found === 'string' ? found : undefined;
  const ours = findOurs();
  const notes: string[] = [];
  if (refWhy) notes.push(`Reference side not measured: ${refWhy}.`);
  if (ours.launcherNote) notes.push(`${ours.launcherNote[0]!.toUpperCase()}${ours.launcherNote.slice(1)}.`);
  if (opts.profileDir) notes.push(`Our collector ran with --cpu-prof (profiles in ${opts.profileDir}): its figures carry profiler overhead.`);

  log(`otelcol-ts benchmarks (${opts.mode}: ${opts.reps} rounds × ${opts.durationSec} s per side)`);
  log(
    reference
      ? `reference: otelcol-ref ${reference.version} (${reference.goVersion})${reference.telemetrygen ? ', telemetrygen built' : ''}`
      : `reference: not measured: ${refWhy}`,
  );
  for (const n of notes) log(`note: ${n}`);

  const tmp = mkdtempSync(join(tmpdir(), 'otelcol-ts-bench-'));
  const ctx = new BenchContext(opts, ours, reference, tmp, log);
  const results: ScenarioResult[] = [];
  const t0 = performance.now();
  try {
    for (const sc of SCENARIOS) {
      if (args.only && !args.only.includes(sc.name)) continue;
      log(`\n-- ${sc.name}`);
      const start = performance.now();
      let r: ScenarioResult;
      try {
        r = { name: sc.name, title: sc.title, seconds: 0, ...(await sc.run(ctx)) };
      } catch (err) {
        r = {
          name: sc.name,
          title: sc.title,
          seconds: 0,
          method: '',
          notes: [],
          tables: [],
          goals: [],
          skipped: `failed: ${(err as Error).message.split('\n')[0]}`,
        };
      }
      await stopAll();
      r.seconds = (performance.now() - start) / 1000;
      results.push(r);
      log(renderConsole(r));
    }
  } finally {
    await stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const out = args.out ?? (args.only ? undefined : join(REPO_ROOT, 'BENCHMARKS.md'));
  if (args.write && out) {
    writeFileSync(out, renderMarkdown(results, machineInfo(opts, reference, refWhy, notes)));
    log(`wrote ${out}`);
  }
  return results.some((r) => r.skipped?.startsWith('failed')) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
