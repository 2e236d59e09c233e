// Summarises V8 .cpuprofile files (from `npm run bench -- --cpu-prof=DIR`): self time per
// function and per source file, so a missed goal comes with where the collector's time went.
// `node dist-bench/bench/cpuprofile.js DIR-or-files… [--top=N]`.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './reference.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path.replace(/^.*node_modules\//, 'node_modules/');
}

/** Self time per node id, from samples and time deltas (hitCount × mean interval as a fallback). */
function selfMsById(p: CpuProfile): Map<number, number> {
  const out = new Map<number, number>();
  if (p.samples && p.timeDeltas && p.samples.length === p.timeDeltas.length) {
    // timeDeltas[i] is the gap before sample i: it is charged to the sample before it.
    for (let i = 1; i < p.samples.length; i++) out.set(p.samples[i - 1]!, (out.get(p.samples[i - 1]!) ?? 0) + p.timeDeltas[i]! / 1000);
    return out;
  }
  const hits = p.nodes.reduce((t, n) => t + (n.hitCount ?? 0), 0);
  const per = hits ? (p.endTime - p.startTime) / 1000 / hits : 0;
  for (const n of p.nodes) out.set(n.id, (n.hitCount ?? 0) * per);
  return out;
}

/** Self time grouped by function or file, largest first; shares are of non-idle time. */
export function summarizeProfile(p: CpuProfile, by: 'function' | 'file'): SelfTime[] {
  const self = selfMsById(p);
  const groups = new Map<string, number>();
  let total = 0;
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    const f = n.callFrame;
    // Shares are of busy time: a benchmark profile also spans the idle start and end.
    if (f.functionName !== '(idle)') total += ms;
    const file = shortUrl(f.url);
    const key =
      by === 'file' ? file || `(${f.functionName || 'native'})` : `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    groups.set(key, (groups.get(key) ?? 0) + ms);
  }
  return [...groups].map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 })).sort((a, b) => b.ms - a.ms);
}

function profileFiles(args: string[]): string[] {
  return args.flatMap((a) =>
    statSync(a).isDirectory()
      ? readdirSync(a)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(a, f))
      : [a],
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  for (const file of profileFiles(process.argv.slice(2).filter((a) => !a.startsWith('--')))) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.log(`\n${file}: ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s profiled`);
    for (const by of ['function', 'file'] as const) {
      console.log(`  top self time by ${by}:`);
      for (const r of summarizeProfile(p, by).slice(0, top))
        console.log(`  ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
    }
  }
}
