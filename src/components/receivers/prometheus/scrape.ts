// One target's scrape: HTTP GET with Prometheus's Accept header and timeout header, parse,
// metric_relabel_configs, target labels merged (honor_labels), limits, and the report series
// (scrape/scrape.go: up, scrape_duration_seconds, scrape_samples_scraped,
// scrape_samples_post_metric_relabeling, scrape_series_added). Produces a Remote-Write-shaped
// request so the shared promtootlp translation turns it into OTLP.

import { PromMetricType, type MetricMetadataV1, type TimeSeriesV1, type WriteRequestV1 } from '../../../shared/codec/prompb/index.js';
import { formatOfContentType, PromTextParser, type MetricType } from '../../../shared/codec/promtext/index.js';
import { relabel, type Label } from '../../../shared/promrelabel/index.js';
import type { ScrapeConfig } from './promconfig.js';
import type { Target } from './targets.js';

// scrape/scrape.go acceptHeader for the default scrape_protocols (OpenMetrics first, then text).
export const ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.1';

const TYPE_CODES: Record<MetricType, number> = {
  counter: PromMetricType.COUNTER,
  gauge: PromMetricType.GAUGE,
  histogram: PromMetricType.HISTOGRAM,
  gaugehistogram: PromMetricType.GAUGEHISTOGRAM,
  summary: PromMetricType.SUMMARY,
  info: PromMetricType.INFO,
  stateset: PromMetricType.STATESET,
  unknown: PromMetricType.UNKNOWN,
  untyped: PromMetricType.UNKNOWN,
};

export interface ScrapeResult {
  request: WriteRequestV1;
  up: boolean;
  error?: string;
  samplesScraped: number;
  samplesPostRelabel: number;
}

export class ScrapeError extends Error {}

/** What a target's loop remembers of a series between scrapes: its start time and last value. */
export interface SeriesState {
  startMs: number;
  last: number;
}

const CUMULATIVE = new Set<number>([PromMetricType.COUNTER, PromMetricType.HISTOGRAM, PromMetricType.SUMMARY]);

/** The family a sample belongs to: its own name, or without a classic suffix. */
function familyType(types: ReadonlyMap<string, number>, name: string): number | undefined {
  const own = types.get(name);
  if (own !== undefined) return own;
  for (const suffix of ['_total', '_bucket', '_sum', '_count']) if (name.endsWith(suffix)) return types.get(name.slice(0, -suffix.length));
  return undefined;
}

/**
 * Fetches and converts one scrape. Never throws: a failed scrape is `up 0` with the reason.
 * `previous` holds the series of the last successful scrape; the returned `current` replaces it.
 * Cumulative series (counters, histograms, summaries) start at their first scrape, as Go's
 * receiver does (internal/metrics_adjuster.go: the first point's timestamp is the start time), and
 * restart at the scrape that shows a value lower than the last (a reset).
 */
export async function scrapeTarget(
  cfg: ScrapeConfig,
  target: Target,
  externalLabels: Readonly<Record<string, string>>,
  previous: ReadonlyMap<string, SeriesState>,
): Promise<ScrapeResult & { current: Map<string, SeriesState> }> {
  const startMs = Date.now();
  const t0 = performance.now();
  const series: TimeSeriesV1[] = [];
  const metadata: MetricMetadataV1[] = [];
  let samplesScraped = 0;
  let samplesPost = 0;
  let error: string | undefined;
  let current = new Map<string, SeriesState>();
  try {
    const res = await fetch(target.url, {
      headers: {
        accept: ACCEPT_HEADER,
        'accept-encoding': 'gzip',
        'user-agent': 'otelcol-ts prometheus receiver',
        'x-prometheus-scrape-timeout-seconds': String(cfg.timeoutMs / 1000),
        ...(cfg.authorization !== undefined ? { authorization: cfg.authorization } : {}),
      },
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    const body = await res.text();
    if (res.status !== 200) throw new ScrapeError(`server returned HTTP status ${res.status} ${res.statusText}`);
    if (cfg.bodySizeLimit > 0 && body.length > cfg.bodySizeLimit) throw new ScrapeError(`body size limit exceeded (${cfg.bodySizeLimit} bytes)`);
    const parser = new PromTextParser(body, formatOfContentType(res.headers.get('content-type') ?? undefined));
    const createdFamilies = new Set<string>();
    const types = new Map<string, number>();
    for (let e = parser.next(); e !== null; e = parser.next()) {
      if (e.kind === 'type') {
        metadata.push({ metricFamilyName: e.name, type: TYPE_CODES[e.type], help: '', unit: '' });
        types.set(e.name, TYPE_CODES[e.type]);
        if (parser.format === 'openmetrics' && (e.type === 'counter' || e.type === 'histogram' || e.type === 'summary')) createdFamilies.add(e.name);
        continue;
      }
      if (e.kind === 'help' || e.kind === 'unit') {
        const md = metadata.find((m) => m.metricFamilyName === e.name);
        if (md !== undefined) {
          if (e.kind === 'help') md.help = e.help;
          else md.unit = e.unit;
        } else
          metadata.push({
            metricFamilyName: e.name,
            type: PromMetricType.UNKNOWN,
            help: e.kind === 'help' ? e.help : '',
            unit: e.kind === 'unit' ? e.unit : '',
          });
        continue;
      }
      // OpenMetrics `_created` carries a start time, not a series (Prometheus does not store it either).
      if (e.name.endsWith('_created') && createdFamilies.has(e.name.slice(0, -8))) continue;
      samplesScraped++;
      let labels: Label[] | null = [{ name: '__name__', value: e.name }, ...e.labels];
      if (cfg.metricRelabel.length > 0) {
        labels = relabel(labels, cfg.metricRelabel);
        if (labels === null) continue;
      } else labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      labels = mergeTargetLabels(labels, target.labels, externalLabels, cfg.honorLabels);
      if (cfg.labelLimit > 0 && labels.length > cfg.labelLimit)
        throw new ScrapeError(`label_limit exceeded (metric: ${e.name}, number of labels: ${labels.length}, limit: ${cfg.labelLimit})`);
      samplesPost++;
      if (cfg.sampleLimit > 0 && samplesPost > cfg.sampleLimit) throw new ScrapeError('sample limit exceeded');
      const ts = cfg.honorTimestamps && e.timestampMs !== undefined ? e.timestampMs : startMs;
      const key = seriesKey(labels);
      const before = previous.get(key);
      const cumulative = CUMULATIVE.has(familyType(types, e.name) ?? -1);
      const start = !cumulative ? 0 : before === undefined || e.value < before.last ? ts : before.startMs;
      current.set(key, { startMs: start, last: e.value });
      series.push({
        labels,
        samples: [{ value: e.value, timestamp: ts, ...(start !== 0 ? { startTimestamp: start } : {}) }],
        exemplars: e.exemplar ? [{ labels: e.exemplar.labels, value: e.exemplar.value, timestamp: e.exemplar.timestampMs ?? 0 }] : [],
        histograms: [],
      });
    }
  } catch (err) {
    // A failed scrape appends nothing from the body (scrape.go rolls the appender back).
    error =
      err instanceof Error
        ? err.name === 'TimeoutError'
          ? `context deadline exceeded (scrape_timeout ${cfg.timeoutMs / 1000}s)`
          : err.message
        : String(err);
    series.length = 0;
    samplesPost = 0;
    // Nothing was seen: keep what the last good scrape knew (start times survive a failed scrape).
    current = new Map(previous);
  }
  let added = 0;
  if (error === undefined) for (const key of current.keys()) if (!previous.has(key)) added++;
  const durationS = (performance.now() - t0) / 1000;
  const report = (name: string, value: number): void => {
    series.push({
      labels: mergeTargetLabels([{ name: '__name__', value: name }], target.labels, externalLabels, false),
      samples: [{ value, timestamp: startMs }],
      exemplars: [],
      histograms: [],
    });
  };
  report('up', error === undefined ? 1 : 0);
  report('scrape_duration_seconds', durationS);
  report('scrape_samples_scraped', samplesScraped);
  report('scrape_samples_post_metric_relabeling', samplesPost);
  report('scrape_series_added', added);
  for (const name of ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']) {
    metadata.push({ metricFamilyName: name, type: PromMetricType.GAUGE, help: '', unit: '' });
  }
  return {
    request: { timeseries: series, metadata },
    up: error === undefined,
    ...(error !== undefined ? { error } : {}),
    samplesScraped,
    samplesPostRelabel: samplesPost,
    current,
  };
}

function seriesKey(labels: readonly Label[]): string {
  let k = '';
  for (const l of labels) k += `${l.name}\u0000${l.value}\u0000`;
  return k;
}

/**
 * Target labels onto a sample's (sorted) labels, as scrape.go mutateSampleLabels: with
 * honor_labels the scraped value wins; otherwise the target's wins and a clashing scraped label
 * is kept as `exported_<name>` (repeatedly prefixed while that name is taken). External labels fill
 * only names still absent.
 */
export function mergeTargetLabels(
  sample: readonly Label[],
  target: readonly Label[],
  external: Readonly<Record<string, string>>,
  honorLabels: boolean,
): Label[] {
  const out = new Map<string, string>();
  for (const l of sample) out.set(l.name, l.value);
  for (const t of target) {
    const existing = out.get(t.name);
    if (existing === undefined) {
      out.set(t.name, t.value);
      continue;
    }
    if (honorLabels) continue;
    let name = `exported_${t.name}`;
    while (out.has(name)) name = `exported_${name}`;
    out.set(name, existing);
    out.set(t.name, t.value);
  }
  for (const [k, v] of Object.entries(external)) if (!out.has(k) && v !== '') out.set(k, v);
  const labels: Label[] = [];
  for (const [name, value] of out) if (value !== '') labels.push({ name, value });
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
