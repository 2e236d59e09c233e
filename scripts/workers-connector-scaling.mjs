#!/usr/bin/env node
// Throughput of a config whose every span reaches a connector, `--workers=1` (pinned to CPU 0)
// against `--workers=2` (CPUs 0-1): OTLP/HTTP (100-span requests, flat-out, the bench load
// generator pinned to CPU 1) → batch → <connector> → metrics → prometheus (a leader-only
// exporter, so the counts cross to the leader). Rounds alternate the sides; prints spans/s per
// side and the same-round ratio (the counts themselves are checked by
// src/components/connectors/count/workers.test.ts). Needs `npm run build` and `tsc -p tsconfig.bench.json`.
//   node scripts/workers-connector-scaling.mjs [--connector=count] [--rounds=3] [--seconds=8]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePorts } from '../dist/testing/ports.js';

const arg = (k, d) => process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d;
const connector = arg('connector', 'count');
const rounds = Number(arg('rounds', 3));
const seconds = Number(arg('seconds', 8));
const root = new URL('..', import.meta.url).pathname;

function config(p) {
  const common = `
receivers: { otlp: { protocols: { http: { endpoint: 127.0.0.1:${p.http} } } } }
processors: { batch: {} }
extensions: { health_check: { endpoint: 127.0.0.1:${p.health} } }
`;
  // --connector=none: the pass-through baseline (traces → batch → nop).
  if (connector === 'none')
    return `${common}exporters: { nop: {} }
service:
  extensions: [health_check]
  telemetry: { metrics: { level: none }, logs: { level: warn } }
  pipelines:
    traces: { receivers: [otlp], processors: [batch], exporters: [nop] }
`;
  return `${common}connectors: { ${connector}: {} }
exporters: { prometheus: { endpoint: 127.0.0.1:${p.prom} } }
service:
  extensions: [health_check]
  telemetry: { metrics: { level: none }, logs: { level: warn } }
  pipelines:
    traces: { receivers: [otlp], processors: [batch], exporters: [${connector}] }
    metrics: { receivers: [${connector}], exporters: [prometheus] }
`;
}

function run(cmd, args, cpus) {
  const child = spawn('taskset', ['-c', cpus, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, out: () => out };
}

async function until(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error('timed out');
}

/** utime+stime ticks of `pid` and its children (the workers). */
function treeTicks(pid) {
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(name) === pid || Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return ticks;
}

async function side(workers) {
  const [http, prom, health] = await freePorts(3);
  const dir = mkdtempSync(join(tmpdir(), 'wscale-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, config({ http, prom, health }));
  const col = run(process.execPath, [join(root, 'dist/cli.js'), `--config=${file}`, `--workers=${workers}`], workers === 1 ? '0' : '0,1');
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${health}/`)).status === 200, 30_000);
    const ticks0 = treeTicks(col.child.pid);
    const load = run(
      process.execPath,
      [
        join(root, 'dist-bench/bench/load/http.js'),
        `--target=127.0.0.1:${http}`,
        '--rate=0',
        '--inflight=128',
        '--warmup=2',
        `--duration=${seconds}`,
        '--spans=100',
      ],
      '1',
    );
    const code = await new Promise((r) => load.child.on('exit', r));
    const cpuSeconds = (treeTicks(col.child.pid) - ticks0) / 100;
    if (code !== 0) throw new Error(`load generator: ${load.out()}`);
    const done = JSON.parse(
      load
        .out()
        .trim()
        .split('\n')
        .filter((l) => l.includes('"done"'))
        .pop(),
    );
    return {
      workers,
      spansPerSec: done.window.spansOk / done.window.seconds,
      p50: done.window.latencyP50Ms,
      perCpuSec: done.totalSpansOk / cpuSeconds,
    };
  } finally {
    col.child.kill('SIGTERM');
    await new Promise((r) => col.child.on('exit', r));
  }
}

const results = [];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [2, 1] : [1, 2];
  const got = {};
  for (const w of order) got[w] = await side(w);
  results.push(got);
  console.log(
    JSON.stringify({
      round: r,
      one: Math.round(got[1].spansPerSec),
      two: Math.round(got[2].spansPerSec),
      ratio: +(got[2].spansPerSec / got[1].spansPerSec).toFixed(2),
      p50Ms: [got[1].p50, got[2].p50].map((v) => +v.toFixed(1)),
      spansPerCpuSecond: [got[1].perCpuSec, got[2].perCpuSec].map(Math.round),
    }),
  );
}
const ratios = results.map((g) => g[2].spansPerSec / g[1].spansPerSec).sort((a, b) => a - b);
console.log(`median ratio ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} [${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)}]`);
