// Readers for Linux /proc: per-process CPU time and RSS, and the machine description that goes
// into BENCHMARKS.md. The parsers take text so the tests can feed captured files.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mean } from './stats.js';

interface ProcStat {
  /** utime + stime in clock ticks, all threads of the process. */
  ticks: number;
  state: string;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('malformed /proc/<pid>/stat: no command name');
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15 (proc(5)).
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('malformed /proc/<pid>/stat: no utime/stime');
  return { ticks: utime + stime, state: rest[0] ?? '?' };
}

/** VmRSS in KiB from /proc/<pid>/status (0 when absent, as for a zombie). */
export function parseVmRssKiB(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return m ? Number(m[1]) : 0;
}

export function parseCpuModel(cpuinfo: string): string {
  const m = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
  return m ? m[1]!.trim() : 'unknown';
}

/**
 * Busy clock ticks of the whole machine from /proc/stat's aggregate `cpu` line (user, nice,
 * system, irq, softirq, steal; idle and iowait excluded). Guest time is already in user.
 */
export function parseMachineBusyTicks(stat: string): number {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no aggregate cpu line in /proc/stat');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  return (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
}

export function readMachineBusyTicks(): number {
  try {
    return parseMachineBusyTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return NaN;
  }
}

let clkTck: number | undefined;

/** Clock ticks per second for /proc CPU times (`getconf CLK_TCK`; 100 on every Linux we target). */
export function clockTicks(): number {
  if (clkTck === undefined) {
    try {
      const v = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      clkTck = Number.isFinite(v) && v > 0 ? v : 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

export interface Sample {
  /** Milliseconds on the monotonic clock. */
  t: number;
  ticks: number;
  rssKiB: number;
}

/** Reads one sample, or undefined once the process is gone. */
export function readSample(pid: number): Sample | undefined {
  try {
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (stat.state === 'Z' || stat.state === 'X') return undefined;
    const rssKiB = parseVmRssKiB(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { t: performance.now(), ticks: stat.ticks, rssKiB };
  } catch {
    return undefined;
  }
}

export interface UsageSummary {
  /** CPU over the whole window, % of one core. */
  cpuAvg: number;
  /** Highest CPU over any span of at least `maxWindowMs`, % of one core. */
  cpuMax: number;
  rssAvgMiB: number;
  rssMaxMiB: number;
  /** CPU seconds used in the window. */
  cpuSeconds: number;
  seconds: number;
}

/**
 * CPU and RSS over the samples in [from, to]. With CLK_TCK = 100 a single 250 ms sample can only
 * read 0, 4, 8 … % , so the maximum is taken over spans of at least `maxWindowMs` (default 1 s,
 * the contrib testbed's resource-check granularity) to stay meaningful.
 */
export function summarizeSamples(samples: readonly Sample[], hz: number, from = -Infinity, to = Infinity, maxWindowMs = 1000): UsageSummary {
  const w = samples.filter((s) => s.t >= from && s.t <= to);
  if (w.length < 2) {
    const rss = w.map((s) => s.rssKiB / 1024);
    return {
      cpuAvg: NaN,
      cpuMax: NaN,
      rssAvgMiB: rss.length ? mean(rss) : NaN,
      rssMaxMiB: rss.length ? Math.max(...rss) : NaN,
      cpuSeconds: NaN,
      seconds: 0,
    };
  }
  const first = w[0]!;
  const last = w[w.length - 1]!;
  const seconds = (last.t - first.t) / 1000;
  const cpuSeconds = (last.ticks - first.ticks) / hz;
  let cpuMax = 0;
  let j = 0;
  for (let i = 1; i < w.length; i++) {
    while (j + 1 < i && w[i]!.t - w[j + 1]!.t >= maxWindowMs) j++;
    const dt = (w[i]!.t - w[j]!.t) / 1000;
    if (dt * 1000 < maxWindowMs && i !== w.length - 1) continue;
    if (dt <= 0) continue;
    cpuMax = Math.max(cpuMax, ((w[i]!.ticks - w[j]!.ticks) / hz / dt) * 100);
  }
  const rss = w.map((s) => s.rssKiB / 1024);
  const cpuAvg = (cpuSeconds / seconds) * 100;
  return {
    cpuAvg,
    // A window shorter than maxWindowMs at the edges can leave the max under the average.
    cpuMax: Math.max(cpuMax, cpuAvg),
    rssAvgMiB: mean(rss),
    rssMaxMiB: Math.max(...rss),
    cpuSeconds,
    seconds,
  };
}
