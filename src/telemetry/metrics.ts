// The in-process metrics registry behind the `Telemetry` interface. One instance lives for the
// whole process: instruments are get-or-create by name, so components rebuilt by a config reload
// find their series again and counters keep counting. Values are always recorded; the configured
// level only decides what a scrape shows, so a reload that raises the level needs no re-wiring.

import type {
  Counter,
  ExporterMetrics,
  Gauge,
  Histogram,
  InstrumentOptions,
  Labels,
  MetricsLevel,
  ObservedValues,
  ProcessorMetrics,
  ReceiverMetrics,
  Telemetry,
} from '../core/telemetry.js';
import { renderExposition, sanitizeName, type LabelPairs, type MetricFamily, type ScalarSample, type HistogramSample } from './exposition.js';
import { ExporterSeries, ProcessorSeries, ReceiverSeries } from './component-metrics.js';
import type { MetricsSnapshot, SnapshotFamily } from './snapshot.js';

const LEVEL_RANK: Record<MetricsLevel, number> = { none: 0, basic: 1, normal: 2, detailed: 3 };

type FamilyType = 'counter' | 'gauge' | 'histogram';

/** One labelled value of a counter or gauge; helpers hold it to skip the label lookup. */
export class ScalarSeries {
  value = 0;
  constructor(readonly labels: LabelPairs) {}
}

class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: LabelPairs,
    readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  record(v: number): void {
    let i = 0;
    while (i < this.bounds.length && v > this.bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }
}

interface Observer {
  read: () => ObservedValues;
}

class Family {
  readonly series = new Map<string, ScalarSeries | HistogramSeries>();
  readonly observers = new Set<Observer>();
  instrument: Counter | Gauge | Histogram | undefined;
  constructor(
    readonly name: string,
    readonly type: FamilyType,
    readonly help: string,
    readonly level: MetricsLevel,
    readonly bounds: readonly number[] = [],
  ) {}
}

/** Sorted label pairs and the map key they produce. Label names are sanitized for Prometheus. */
function labelPairs(labels: Labels | undefined): [string, LabelPairs] {
  if (!labels) return ['', []];
  const names = Object.keys(labels);
  if (names.length === 0) return ['', []];
  if (names.length > 1) names.sort();
  const pairs: Array<readonly [string, string]> = [];
  let key = '';
  for (const n of names) {
    const v = String(labels[n]);
    pairs.push([sanitizeName(n, false), v]);
    key += `${n}\u0001${v}\u0002`;
  }
  return [key, pairs];
}

function helpText(opts: InstrumentOptions): string {
  return opts.unit ? `${opts.help} (unit: ${opts.unit})` : opts.help;
}

export class MetricsRegistry implements Telemetry {
  private currentLevel: MetricsLevel;
  private readonly families = new Map<string, Family>();
  private constant: LabelPairs = [];
  private readonly receivers = new Map<string, ReceiverSeries>();
  private readonly processors = new Map<string, ProcessorSeries>();
  private readonly exporters = new Map<string, ExporterSeries>();

  constructor(level: MetricsLevel = 'normal', resource: Record<string, string> = {}) {
    this.currentLevel = level;
    this.setResource(resource);
  }

  get level(): MetricsLevel {
    return this.currentLevel;
  }

  setLevel(level: MetricsLevel): void {
    this.currentLevel = level;
  }

  /** Resource attributes, added as labels to every series (`service.name` → `service_name`). */
  setResource(resource: Record<string, string>): void {
    this.constant = Object.entries(resource)
      .map(([k, v]) => [sanitizeName(k, false), v] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  get resourceLabels(): LabelPairs {
    return this.constant;
  }

  private family(name: string, type: FamilyType, opts: InstrumentOptions, bounds?: readonly number[]): Family {
    const promName = sanitizeName(name, true);
    const existing = this.families.get(promName);
    if (existing) {
      if (existing.type !== type) throw new Error(`metric "${promName}" is already registered as a ${existing.type}, not a ${type}`);
      return existing;
    }
    const f = new Family(promName, type, helpText(opts), opts.level ?? 'basic', bounds);
    this.families.set(promName, f);
    return f;
  }

  /** The series of a counter or gauge family for one label set, created at 0 on first use. */
  scalarSeries(name: string, type: 'counter' | 'gauge', opts: InstrumentOptions, labels?: Labels): ScalarSeries {
    return this.scalarIn(this.family(name, type, opts), labels);
  }

  private scalarIn(f: Family, labels: Labels | undefined): ScalarSeries {
    const [key, pairs] = labelPairs(labels);
    let s = f.series.get(key) as ScalarSeries | undefined;
    if (!s) f.series.set(key, (s = new ScalarSeries(pairs)));
    return s;
  }

  counter(name: string, opts: InstrumentOptions): Counter {
    const f = this.family(name, 'counter', opts);
    if (!f.instrument) {
      f.instrument = {
        add: (value: number, labels?: Labels) => {
          // Counters are monotonic; the Go SDK drops negative increments the same way.
          if (value >= 0) this.scalarIn(f, labels).value += value;
        },
      } satisfies Counter;
    }
    return f.instrument as Counter;
  }

  gauge(name: string, opts: InstrumentOptions): Gauge {
    const f = this.family(name, 'gauge', opts);
    if (!f.instrument) {
      f.instrument = {
        set: (value: number, labels?: Labels) => {
          this.scalarIn(f, labels).value = value;
        },
        add: (delta: number, labels?: Labels) => {
          this.scalarIn(f, labels).value += delta;
        },
      } satisfies Gauge;
    }
    return f.instrument as Gauge;
  }

  /** Bucket bounds are fixed by the first registration of a name. */
  histogram(name: string, opts: InstrumentOptions & { buckets: readonly number[] }): Histogram {
    const bounds = [...new Set(opts.buckets)].filter((b) => Number.isFinite(b)).sort((a, b) => a - b);
    const f = this.family(name, 'histogram', opts, bounds);
    if (!f.instrument) {
      f.instrument = {
        record: (value: number, labels?: Labels) => {
          const [key, pairs] = labelPairs(labels);
          let s = f.series.get(key) as HistogramSeries | undefined;
          if (!s) f.series.set(key, (s = new HistogramSeries(pairs, f.bounds)));
          s.record(value);
        },
      } satisfies Histogram;
    }
    return f.instrument as Histogram;
  }

  observe(name: string, opts: InstrumentOptions & { kind?: 'gauge' | 'counter' }, read: () => ObservedValues): () => void {
    const f = this.family(name, opts.kind ?? 'gauge', opts);
    const obs: Observer = { read };
    f.observers.add(obs);
    return () => {
      f.observers.delete(obs);
    };
  }

  receiver(id: string, transport: string): ReceiverMetrics {
    const key = `${id}\u0000${transport}`;
    let r = this.receivers.get(key);
    if (!r) this.receivers.set(key, (r = new ReceiverSeries(this, id, transport)));
    return r;
  }

  processor(id: string, pipeline: string): ProcessorMetrics {
    const key = `${id}\u0000${pipeline}`;
    let p = this.processors.get(key);
    if (!p) this.processors.set(key, (p = new ProcessorSeries(this, id, pipeline)));
    return p;
  }

  exporter(id: string): ExporterMetrics {
    let e = this.exporters.get(id);
    if (!e) this.exporters.set(id, (e = new ExporterSeries(this, id)));
    return e;
  }

  /** The families a scrape at the current level shows, sorted by name, observers read now. */
  collect(): MetricFamily[] {
    const rank = LEVEL_RANK[this.currentLevel];
    if (rank === 0) return [];
    const out: MetricFamily[] = [];
    const names = [...this.families.keys()].sort();
    for (const name of names) {
      const f = this.families.get(name)!;
      if (LEVEL_RANK[f.level] > rank) continue;
      if (f.type === 'histogram') {
        const samples: HistogramSample[] = sortedSeries(f.series as Map<string, HistogramSeries>);
        out.push({ name, help: f.help, type: 'histogram', samples });
        continue;
      }
      const byKey = new Map(f.series as Map<string, ScalarSeries>);
      for (const obs of f.observers) readObserver(obs, byKey);
      const samples: ScalarSample[] = sortedSeries(byKey).map((s) => ({ labels: s.labels, value: s.value }));
      out.push({ name, help: f.help, type: f.type, samples });
    }
    return out;
  }

  /**
   * Every family at every level, observers read now, as plain data another process can sum into
   * its exposition (src/telemetry/snapshot.ts). Families left out by `omit` are not read.
   */
  snapshot(omit?: (name: string) => boolean): MetricsSnapshot {
    const families: SnapshotFamily[] = [];
    for (const name of [...this.families.keys()].sort()) {
      if (omit?.(name)) continue;
      const f = this.families.get(name)!;
      if (f.type === 'histogram') {
        const samples = sortedSeries(f.series as Map<string, HistogramSeries>).map((s) => ({
          labels: s.labels,
          bounds: s.bounds,
          counts: Array.from(s.counts),
          sum: s.sum,
          count: s.count,
        }));
        families.push({ name, help: f.help, type: 'histogram', level: f.level, samples });
        continue;
      }
      const byKey = new Map(f.series as Map<string, ScalarSeries>);
      for (const obs of f.observers) readObserver(obs, byKey);
      const samples = sortedSeries(byKey).map((s) => ({ labels: s.labels, value: s.value }));
      families.push({ name, help: f.help, type: f.type, level: f.level, samples });
    }
    return { families };
  }

  /** The Prometheus text exposition of everything visible at the current level. */
  expose(): string {
    return renderExposition(this.collect(), this.constant);
  }
}

function sortedSeries<T>(m: Map<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

function readObserver(obs: Observer, into: Map<string, ScalarSeries>): void {
  let values: ObservedValues;
  try {
    values = obs.read();
  } catch {
    // A failing callback loses its own samples, not the scrape (promhttp's ContinueOnError).
    return;
  }
  if (typeof values === 'number') {
    const s = new ScalarSeries([]);
    s.value = values;
    into.set('', s);
    return;
  }
  for (const [labels, value] of values) {
    const [key, pairs] = labelPairs(labels);
    const s = new ScalarSeries(pairs);
    s.value = value;
    into.set(key, s);
  }
}
