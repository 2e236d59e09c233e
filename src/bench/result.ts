// What a scenario produces: trials (one side, one round), summarised into tables of
// "median [min–max]" cells, same-round ratios and goals. Pure data, rendered by render.ts.

import { roundRatios, spread, type Spread } from './stats.js';

export interface Trial {
  /** 'ours', 'reference' or a baseline name ('bare'). */
  side: string;
  round: number;
  /** Items per second offered by the load generator in the measured window. */
  offeredPerSec: number;
  /** Items per second that reached the end of the pipeline (the sink, or the nop exporter). */
  deliveredPerSec: number;
  /** Items offered in the window and not delivered in it (refused, not sent or lost). */
  dropped: number;
  /** Items the collector accepted (whole run) that never reached the sink; NaN where no sink checks. */
  lost: number;
  cpuAvg: number;
  cpuMax: number;
  rssAvg: number;
  rssMax: number;
  /** Delivered items per CPU-second of the process under test. */
  perCore: number;
  extra: Record<string, number>;
}

export type Metric = keyof Omit<Trial, 'side' | 'round' | 'extra'> | `extra.${string}`;

function metricOf(t: Trial, m: Metric): number {
  if (m.startsWith('extra.')) return t.extra[m.slice(6)] ?? NaN;
  return t[m as keyof Omit<Trial, 'side' | 'round' | 'extra'>];
}

export interface Table {
  title?: string;
  headers: string[];
  rows: string[][];
}

export interface GoalResult {
  text: string;
  side: string;
  value: number;
  limit: number;
  cmp: '<=' | '>=';
  unit: string;
  met: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  method: string;
  notes: string[];
  tables: Table[];
  goals: GoalResult[];
  /** Set when the scenario could not run at all, with the reason. */
  skipped?: string;
  seconds: number;
}

/** 1234 → "1,234"; 1234567 → "1.23 M"; 0.123 → "0.12". */
export function fmtNum(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 10_000_000) return `${(v / 1e6).toFixed(1)} M`;
  if (a >= 1_000_000) return `${(v / 1e6).toFixed(2)} M`;
  if (a >= 100_000) return `${Math.round(v / 1e3)} k`;
  if (digits === 0 && a < 10 && a !== Math.round(a)) return v.toFixed(2);
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtSpread(s: Spread, fmt: (v: number) => string = (v) => fmtNum(v)): string {
  if (s.n === 0) return '–';
  if (s.n === 1 || s.min === s.max) return fmt(s.median);
  return `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

export interface Column {
  label: string;
  metric: Metric;
  fmt?: (v: number) => string;
}

export const pct = (v: number): string => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
export const mib = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
const ratioFmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');

export const THROUGHPUT_COLUMNS: Column[] = [
  { label: 'offered spans/s', metric: 'offeredPerSec' },
  { label: 'delivered spans/s', metric: 'deliveredPerSec' },
  { label: 'dropped', metric: 'dropped' },
  { label: 'lost', metric: 'lost' },
  { label: 'CPU avg %', metric: 'cpuAvg', fmt: pct },
  { label: 'CPU max %', metric: 'cpuMax', fmt: pct },
  { label: 'RSS avg MiB', metric: 'rssAvg', fmt: mib },
  { label: 'RSS max MiB', metric: 'rssMax', fmt: mib },
  { label: 'spans/s per core', metric: 'perCore' },
  { label: 'load core CPU %', metric: 'extra.loadCpu', fmt: (v) => (Number.isFinite(v) ? v.toFixed(0) : '–') },
  { label: 'other CPU %', metric: 'extra.otherCpu', fmt: (v) => (Number.isFinite(v) ? String(Math.round(v) || 0) : '–') },
];

/** Whole-run figures (see trial.ts): every item delivered over the collector's CPU from first request to last delivery. */
export const E2E_COLUMNS: Column[] = [
  { label: 'whole-run delivered spans/s', metric: 'extra.e2ePerSec' },
  { label: 'whole-run spans/s per core', metric: 'extra.e2ePerCore' },
];

/** The THROUGHPUT_COLUMNS for these metrics, in this order. */
export function throughputColumns(...metrics: Metric[]): Column[] {
  return metrics.map((m) => {
    const c = THROUGHPUT_COLUMNS.find((x) => x.metric === m);
    if (!c) throw new Error(`no column for ${m}`);
    return c;
  });
}

/** The same columns with "spans" in their labels replaced by another item noun (records for logs). */
export function itemColumns(columns: readonly Column[], noun: string): Column[] {
  return columns.map((c) => ({ ...c, label: c.label.replace(/\bspans\b/g, noun) }));
}

function sidesOf(trials: readonly Trial[]): string[] {
  return [...new Set(trials.map((t) => t.side))];
}

/** One row per side, each cell the median [min–max] over that side's rounds. */
export function sideTable(trials: readonly Trial[], columns: readonly Column[], title?: string): Table {
  const rows = sidesOf(trials).map((side) => {
    const mine = trials.filter((t) => t.side === side);
    return [side, ...columns.map((c) => fmtSpread(spread(mine.map((t) => metricOf(t, c.metric))), c.fmt))];
  });
  return { title, headers: ['side', ...columns.map((c) => c.label)], rows };
}

/** Per-round values of one side's metric, indexed by round (undefined where the side has none). */
function byRound(trials: readonly Trial[], side: string, m: Metric): (number | undefined)[] {
  const rounds = Math.max(-1, ...trials.map((t) => t.round)) + 1;
  const out: (number | undefined)[] = new Array(rounds).fill(undefined);
  for (const t of trials) if (t.side === side) out[t.round] = metricOf(t, m);
  return out;
}

function ratioSpread(trials: readonly Trial[], num: string, den: string, m: Metric): Spread {
  return spread(roundRatios(byRound(trials, num, m), byRound(trials, den, m)));
}

/** Same-round ratios num/den for each metric; pairs whose sides did not both run are left out. */
export function ratioTable(trials: readonly Trial[], pairs: readonly [string, string][], metrics: readonly Column[]): Table | undefined {
  const sides = new Set(sidesOf(trials));
  const rows = pairs
    .filter(([a, b]) => sides.has(a) && sides.has(b))
    .map(([a, b]) => [`${a} / ${b}`, ...metrics.map((c) => fmtSpread(ratioSpread(trials, a, b, c.metric), ratioFmt))]);
  if (rows.length === 0) return undefined;
  return { title: 'same-round ratios, median [min–max]', headers: ['ratio', ...metrics.map((c) => c.label)], rows };
}

/** A goal judged on the median of `side`'s metric (or of a ratio when `den` is given). */
export function goal(
  trials: readonly Trial[],
  g: { text: string; side: string; den?: string; metric: Metric; cmp: '<=' | '>='; limit: number; unit: string },
): GoalResult | undefined {
  const s = g.den ? ratioSpread(trials, g.side, g.den, g.metric) : spread(trials.filter((t) => t.side === g.side).map((t) => metricOf(t, g.metric)));
  if (s.n === 0) return undefined;
  const met = g.cmp === '<=' ? s.median <= g.limit : s.median >= g.limit;
  return { text: g.text, side: g.den ? `${g.side} / ${g.den}` : g.side, value: s.median, limit: g.limit, cmp: g.cmp, unit: g.unit, met };
}
