// Metric registries of several processes shown as one collector (`--workers`, src/workers/): a
// process exports a snapshot of its registry as plain data (structured-clone and JSON safe), and
// the process serving /metrics sums the snapshots of the others into its own families, series by
// series (same name, same labels). Summing is what "the whole collector" means for every series
// the collector has: accepted/sent counters, queue sizes, CPU seconds, RSS. Series that must not
// be summed (uptime, reload counters) are left out of the snapshots by their sender.

import type { MetricsLevel } from '../core/telemetry.js';
import type { HistogramSample, LabelPairs, MetricFamily, ScalarSample } from './exposition.js';

export type SnapshotFamily =
  | { name: string; help: string; type: 'counter' | 'gauge'; level: MetricsLevel; samples: ScalarSample[] }
  | { name: string; help: string; type: 'histogram'; level: MetricsLevel; samples: HistogramSample[] };

export interface MetricsSnapshot {
  families: SnapshotFamily[];
}

const LEVEL_RANK: Record<MetricsLevel, number> = { none: 0, basic: 1, normal: 2, detailed: 3 };

function labelKey(labels: LabelPairs): string {
  let key = '';
  for (const [k, v] of labels) key += `${k}\u0001${v}\u0002`;
  return key;
}

interface Acc {
  name: string;
  help: string;
  type: MetricFamily['type'];
  level: MetricsLevel;
  scalars: Map<string, ScalarSample>;
  histograms: Map<string, HistogramSample>;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function addFamily(into: Map<string, Acc>, f: SnapshotFamily): void {
  let acc = into.get(f.name);
  if (!acc) {
    acc = { name: f.name, help: f.help, type: f.type, level: f.level, scalars: new Map(), histograms: new Map() };
    into.set(f.name, acc);
  }
  // A name registered with another type elsewhere cannot be summed; the first one seen wins.
  if (acc.type !== f.type) return;
  if (f.type === 'histogram') {
    for (const s of f.samples) {
      const key = labelKey(s.labels);
      const have = acc.histograms.get(key);
      if (!have) {
        acc.histograms.set(key, { labels: s.labels, bounds: [...s.bounds], counts: Array.from(s.counts), sum: s.sum, count: s.count });
        continue;
      }
      // Bucket bounds are fixed by the first registration in each process; the same code gives the
      // same bounds, so a mismatch means another build, whose series is skipped rather than misread.
      if (!sameBounds(have.bounds, s.bounds)) continue;
      const counts = have.counts as number[];
      for (let i = 0; i < counts.length; i++) counts[i]! += s.counts[i] ?? 0;
      have.sum += s.sum;
      have.count += s.count;
    }
    return;
  }
  for (const s of f.samples) {
    const key = labelKey(s.labels);
    const have = acc.scalars.get(key);
    if (have) have.value += s.value;
    else acc.scalars.set(key, { labels: s.labels, value: s.value });
  }
}

function sortedValues<T>(m: Map<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

function toFamilies(accs: Map<string, Acc>): SnapshotFamily[] {
  return [...accs.keys()].sort().map((name) => {
    const a = accs.get(name)!;
    return a.type === 'histogram'
      ? { name, help: a.help, type: 'histogram', level: a.level, samples: sortedValues(a.histograms) }
      : { name, help: a.help, type: a.type, level: a.level, samples: sortedValues(a.scalars) };
  });
}

/** One snapshot holding the series-by-series sums of `snapshots`. */
export function sumSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const accs = new Map<string, Acc>();
  for (const snap of snapshots) for (const f of snap.families) addFamily(accs, f);
  return { families: toFamilies(accs) };
}

/** The counters and histograms of a snapshot: what stays counted after its process is gone. */
export function cumulativePart(snapshot: MetricsSnapshot): MetricsSnapshot {
  return { families: snapshot.families.filter((f) => f.type !== 'gauge') };
}

/**
 * The families a scrape shows: this process's `local` families (already filtered to the level)
 * with the `remote` snapshots' families visible at `level` summed in, sorted by name.
 */
export function mergeFamilies(local: readonly MetricFamily[], remote: readonly MetricsSnapshot[], level: MetricsLevel): MetricFamily[] {
  const rank = LEVEL_RANK[level];
  if (rank === 0) return [];
  const accs = new Map<string, Acc>();
  for (const f of local) addFamily(accs, { ...f, level } as SnapshotFamily);
  for (const snap of remote) for (const f of snap.families) if (LEVEL_RANK[f.level] <= rank) addFamily(accs, f);
  return toFamilies(accs).map((f) => {
    const { level: _level, ...family } = f;
    return family as MetricFamily;
  });
}
