// peers.md §4.10: time from spawn to ready. Readiness is the health_check extension answering
// 200 on GET /, polled every 5 ms from the load core.

import { goal, type Trial } from '../result.js';
import { rotate, type Scenario } from '../scenario.js';
import { sideTable } from '../result.js';
import { waitHttpOk } from '../proc.js';
import { clockTicks, readSample } from '../procfs.js';
import { defaultLikeSides, defaultLikeSpec } from './default-like.js';

const fmtMs = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '–');

export const startup: Scenario = {
  name: 'startup',
  title: 'Startup: spawn → health_check 200',
  async run(ctx) {
    const { sides, notes } = defaultLikeSides(ctx);
    const method =
      'the config/default.yaml shape (otlp grpc+http → batch → debug for traces, metrics and logs; health_check; self-metrics) with every port moved to a free one. Time from spawn() to the first 200 from the health endpoint (polled every 5 ms), pinned to the collector core; RSS read at that moment. Cells: median [min–max] over the starts; CPU ms = the process’s utime+stime at ready.';
    if (sides.length === 0) return { method, notes, tables: [], goals: [], skipped: notes.join('; ') };
    // Starts are short: enough of them that the spread says something (263–331 ms swung between runs of 5).
    const rounds = ctx.opts.mode === 'full' ? 20 : 10;
    const trials: Trial[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const side of rotate(sides, round)) {
        const spec = await defaultLikeSpec();
        const proc = ctx.spawnCollector(side, spec);
        try {
          const readyAt = await waitHttpOk(`http://127.0.0.1:${spec.healthPort}/`, proc, 30_000, 5);
          const sample = readSample(proc.pid);
          const rss = (sample?.rssKiB ?? NaN) / 1024;
          // CPU to ready does not stretch when the box is busy, as wall time does.
          const cpuMs = sample ? (sample.ticks / clockTicks()) * 1000 : NaN;
          trials.push({
            side,
            round,
            offeredPerSec: NaN,
            deliveredPerSec: NaN,
            dropped: NaN,
            lost: NaN,
            cpuAvg: NaN,
            cpuMax: NaN,
            rssAvg: rss,
            rssMax: rss,
            perCore: NaN,
            extra: { startupMs: readyAt - proc.spawnedAt, cpuMs },
          });
        } catch (err) {
          notes.push(`failed trial: ${side} round ${round + 1}: ${(err as Error).message.split('\n')[0]}`);
        } finally {
          await proc.stop(5000);
        }
      }
    }
    ctx.log(`  startup: ${trials.length} starts`);
    const tables = [
      sideTable(trials, [
        { label: 'startup ms', metric: 'extra.startupMs', fmt: fmtMs },
        { label: 'CPU ms to ready', metric: 'extra.cpuMs', fmt: fmtMs },
        { label: 'RSS at ready MiB', metric: 'rssAvg', fmt: (v) => (Number.isFinite(v) ? v.toFixed(1) : '–') },
      ]),
    ];
    const goals = [goal(trials, { text: 'startup to ready ≤ 150 ms', side: 'ours', metric: 'extra.startupMs', cmp: '<=', limit: 150, unit: 'ms' })];
    return { method, notes, tables, goals: goals.filter((g) => g !== undefined) };
  },
};
