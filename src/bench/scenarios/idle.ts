// peers.md §4.10 / the testbed's IdleMode: CPU and RSS of a collector with the default-like
// config and no traffic.

import { goal, sideTable, type Trial } from '../result.js';
import type { RunningCollector } from '../context.js';
import type { Scenario } from '../scenario.js';
import { Sampler } from '../proc.js';
import { defaultLikeSides, defaultLikeSpec } from './default-like.js';

/**
 * V8 finishes start-up work (lazy compilation, the memory reducer's GCs, which come ~8 s after
 * the last allocation burst) during the first seconds, which a short settle charges to "idle"
 * (a 5 s settle read 0.00–0.25 % between runs): wait 20 s, then measure 30 s (quick) or 60 s.
 */
const SETTLE_SEC = 20;

export const idle: Scenario = {
  name: 'idle',
  title: 'Idle: default-like config, no traffic',
  async run(ctx) {
    const { sides, notes } = defaultLikeSides(ctx);
    const IDLE_SEC = ctx.opts.mode === 'full' ? 60 : 30;
    // At least three rounds: one idle figure is not a spread.
    const rounds = Math.max(3, ctx.opts.reps);
    const method = `the startup scenario's config; after ready and ${SETTLE_SEC} s to settle, CPU (utime+stime) and RSS sampled every 250 ms for ${IDLE_SEC} s, ${rounds} rounds (cells: median [min–max]). Both collectors idle side by side on the collector core in each round (idle processes do not compete).`;
    if (sides.length === 0) return { method, notes, tables: [], goals: [], skipped: notes.join('; ') };
    const trials: Trial[] = [];
    for (let round = 0; round < rounds; round++) {
      const running: RunningCollector[] = [];
      try {
        for (const side of sides) running.push(await ctx.startCollector(side, await defaultLikeSpec()));
        await new Promise((r) => setTimeout(r, SETTLE_SEC * 1000));
        const samplers = running.map((c) => new Sampler(c.proc.pid).start());
        await new Promise((r) => setTimeout(r, IDLE_SEC * 1000));
        for (const [i, s] of samplers.entries()) {
          s.take();
          s.stop();
          const u = s.summarize();
          trials.push({
            side: running[i]!.side,
            round,
            offeredPerSec: NaN,
            deliveredPerSec: NaN,
            dropped: NaN,
            lost: NaN,
            cpuAvg: u.cpuAvg,
            cpuMax: u.cpuMax,
            rssAvg: u.rssAvgMiB,
            rssMax: u.rssMaxMiB,
            perCore: NaN,
            extra: {},
          });
        }
        ctx.log(
          `  idle round ${round + 1}/${rounds}: ${trials
            .slice(-running.length)
            .map((t) => `${t.side} ${t.cpuAvg.toFixed(2)} % ${t.rssAvg.toFixed(1)} MiB`)
            .join(', ')}`,
        );
      } catch (err) {
        notes.push(`failed round ${round + 1}: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        for (const c of running) await c.proc.stop(5000);
      }
    }
    const pct = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');
    const mib = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
    const tables = [
      sideTable(trials, [
        { label: 'CPU avg %', metric: 'cpuAvg', fmt: pct },
        { label: 'CPU max %', metric: 'cpuMax', fmt: pct },
        { label: 'RSS avg MiB', metric: 'rssAvg', fmt: mib },
        { label: 'RSS max MiB', metric: 'rssMax', fmt: mib },
      ]),
    ];
    const goals = [
      goal(trials, { text: 'idle CPU avg ≤ 0.1 % of a core', side: 'ours', metric: 'cpuAvg', cmp: '<=', limit: 0.1, unit: '%' }),
      goal(trials, {
        text: 'idle RSS avg ≤ 1.3× the reference’s',
        side: 'ours',
        den: 'reference',
        metric: 'rssAvg',
        cmp: '<=',
        limit: 1.3,
        unit: '×',
      }),
    ];
    return { method, notes, tables, goals: goals.filter((g) => g !== undefined) };
  },
};
