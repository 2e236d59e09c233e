// spanmetrics connector options: contrib connector/spanmetricsconnector/config.go and factory.go
// v0.130.0, every key with Go's default, plus the keys we add to bound memory (README "Beyond
// Go"). `resolveSettings` turns the decoded config into what the aggregator needs (bounds in the
// histogram unit, dimension lists per metric) so the hot path reads plain fields.

import { s, type ConfigIssue } from '../../../core/schema.js';
import { formatDuration } from '../../../core/units.js';

export const CUMULATIVE = 'AGGREGATION_TEMPORALITY_CUMULATIVE';
export const DELTA = 'AGGREGATION_TEMPORALITY_DELTA';
export const DEFAULT_NAMESPACE = 'traces.span.metrics';

/** config.go defaultHistogramBucketsMs. */
export const DEFAULT_BUCKETS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000];

// go-expohisto structure/config.go: DefaultMaxSize, MinSize, MaximumMaxSize.
const EXPO_DEFAULT_MAX_SIZE = 160;
const EXPO_MIN_SIZE = 2;
const EXPO_MAX_MAX_SIZE = 16384;

/** Ours: the OpenTelemetry SDK specification's default cardinality limit per instrument (README). */
export const DEFAULT_CARDINALITY_LIMIT = 2000;
/** Ours: live series across every resource and metric of one connector (README). */
export const DEFAULT_TOTAL_CARDINALITY_LIMIT = 20_000;
/** Ours: the Go prometheus exporter's default metric_expiration, so both forget a series together. */
export const DEFAULT_SERIES_EXPIRATION_MS = 5 * 60_000;

// `default` is a *string in Go: absent and null mean "no default", anything else its text.
const dimension = s.object({
  name: s.string(),
  default: s.any(),
});
const dimensions = () => s.list(dimension).doc('[{name, default}] looked up in span, then resource attributes');

export const spanMetricsConfig = s.object({
  dimensions: dimensions(),
  calls_dimensions: dimensions(),
  exclude_dimensions: s.list(s.string()).doc('default dimensions to leave out'),
  dimensions_cache_size: s.int(0).doc('deprecated in Go v0.130 (ignored, a warning): use aggregation_cardinality_limit'),
  resource_metrics_cache_size: s.int(1000).doc('resources kept (LRU)'),
  resource_metrics_key_attributes: s.list(s.string()).doc('resource attributes that identify a resource'),
  aggregation_temporality: s.string(CUMULATIVE).doc(`${CUMULATIVE} or ${DELTA}`),
  histogram: s.object({
    disable: s.bool(false),
    unit: s.string('ms').doc('ms or s'),
    exponential: s.presence(s.object({ max_size: s.int(0) })),
    explicit: s.presence(s.object({ buckets: s.presence(s.list(s.duration())) })),
    dimensions: dimensions(),
  }),
  metrics_flush_interval: s.duration(60_000),
  metrics_expiration: s.duration(0).doc('drop a resource not seen for this long (0 = never)'),
  metric_timestamp_cache_size: s.int(1000).doc('delta only: series whose last flush time is remembered'),
  namespace: s.string(DEFAULT_NAMESPACE),
  exemplars: s.object({
    enabled: s.bool(false),
    max_per_data_point: s.int(5),
  }),
  events: s.object({
    enabled: s.bool(false),
    dimensions: dimensions(),
  }),
  include_instrumentation_scope: s.list(s.string()),
  aggregation_cardinality_limit: s.int(DEFAULT_CARDINALITY_LIMIT).doc('series per resource and metric (0 = unlimited)'),
  add_resource_attributes: s.bool(false).doc('accepted (newer Go); resource attributes are always kept, as in v0.130'),
  // Ours (README "Beyond Go").
  total_cardinality_limit: s.int(DEFAULT_TOTAL_CARDINALITY_LIMIT).doc('series across all resources (0 = unlimited)'),
  series_expiration: s.duration(DEFAULT_SERIES_EXPIRATION_MS).doc('drop a series not updated for this long (0 = never)'),
});

export type SpanMetricsConfig = ReturnType<typeof spanMetricsConfig.defaultValue>;
type DimensionConfig = SpanMetricsConfig['dimensions'][number];

/** A configured dimension: the attribute name and its default text, if any. */
export interface Dimension {
  name: string;
  default: string | undefined;
}

function dimensionDefault(d: DimensionConfig): string | undefined {
  const v = d.default;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

const RESERVED = ['service.name', 'span.kind', 'status.code', 'span.name'];

/** config.go validateDimensions: a reserved name or a repeated one. */
function duplicateDimension(dims: readonly DimensionConfig[]): string | undefined {
  const seen = new Set(RESERVED);
  for (const d of dims) {
    if (seen.has(d.name)) return d.name;
    seen.add(d.name);
  }
  return undefined;
}

/** go-expohisto Config.Validate: 0 → 160, out of range → clamped (Go ignores the error it returns). */
export function expoMaxSize(n: number): number {
  if (n >= EXPO_MIN_SIZE && n <= EXPO_MAX_MAX_SIZE) return n;
  if (n <= 0) return EXPO_DEFAULT_MAX_SIZE;
  return n < EXPO_MIN_SIZE ? EXPO_MIN_SIZE : EXPO_MAX_MAX_SIZE;
}

export function validateSpanMetrics(cfg: SpanMetricsConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const dup = duplicateDimension(cfg.dimensions);
  if (dup !== undefined) issues.push({ path: ['dimensions'], message: `failed validating dimensions: duplicate dimension name ${dup}` });
  if (cfg.events.enabled) {
    if (cfg.events.dimensions.length === 0) {
      issues.push({ path: ['events', 'dimensions'], message: 'failed validating event dimensions: no dimensions configured for events' });
    } else {
      const edup = duplicateDimension(cfg.events.dimensions);
      if (edup !== undefined) {
        issues.push({ path: ['events', 'dimensions'], message: `failed validating event dimensions: duplicate dimension name ${edup}` });
      }
    }
  }
  for (const [key, list] of [
    ['dimensions', cfg.dimensions],
    ['calls_dimensions', cfg.calls_dimensions],
    ['events', cfg.events.dimensions],
  ] as const) {
    list.forEach((d, i) => {
      if (d.name === '') issues.push({ path: [key, String(i), 'name'], message: 'a dimension needs a name' });
    });
  }
  if (cfg.histogram.explicit !== undefined && cfg.histogram.exponential !== undefined) {
    issues.push({ path: ['histogram'], message: 'use either `explicit` or `exponential` buckets histogram' });
  }
  const unit = cfg.histogram.unit.toLowerCase();
  if (unit !== 'ms' && unit !== 's') {
    issues.push({ path: ['histogram', 'unit'], message: `unknown Unit ${JSON.stringify(unit)}, allowed units are "ms" and "s"` });
  }
  // Go only rejects a negative interval, then panics at start on zero (time.NewTicker).
  if (cfg.metrics_flush_interval <= 0) {
    issues.push({
      path: ['metrics_flush_interval'],
      message: `invalid metrics_flush_interval: ${formatDuration(cfg.metrics_flush_interval)}, the duration should be positive`,
    });
  }
  if (cfg.metrics_expiration < 0) {
    issues.push({
      path: ['metrics_expiration'],
      message: `invalid metrics_expiration: ${formatDuration(cfg.metrics_expiration)}, the duration should be positive`,
    });
  }
  if (cfg.series_expiration < 0) {
    issues.push({
      path: ['series_expiration'],
      message: `invalid series_expiration: ${formatDuration(cfg.series_expiration)}, the duration should be positive`,
    });
  }
  if (cfg.aggregation_temporality === DELTA && cfg.metric_timestamp_cache_size <= 0) {
    issues.push({
      path: ['metric_timestamp_cache_size'],
      message: `invalid delta timestamp cache size: ${cfg.metric_timestamp_cache_size}, the maximum number of the items in the cache should be positive`,
    });
  }
  if (cfg.aggregation_cardinality_limit < 0) {
    issues.push({
      path: ['aggregation_cardinality_limit'],
      message: `invalid aggregation_cardinality_limit: ${cfg.aggregation_cardinality_limit}, the limit should be positive`,
    });
  }
  if (cfg.total_cardinality_limit < 0) {
    issues.push({
      path: ['total_cardinality_limit'],
      message: `invalid total_cardinality_limit: ${cfg.total_cardinality_limit}, the limit should be positive`,
    });
  }
  // Go: simplelru.NewLRU fails at creation ("must provide a positive size").
  if (cfg.resource_metrics_cache_size <= 0) {
    issues.push({ path: ['resource_metrics_cache_size'], message: 'must provide a positive size' });
  }
  return issues;
}

/** What the aggregator reads: the config with Go's derived values worked out once. */
export interface Settings {
  namespace: string;
  delta: boolean;
  /** Nanoseconds per histogram unit. */
  unitDivider: number;
  unit: 'ms' | 's';
  histogram: 'none' | 'explicit' | 'exponential';
  bounds: number[];
  expoMaxSize: number;
  callsDimensions: Dimension[];
  durationDimensions: Dimension[];
  eventDimensions: Dimension[];
  events: boolean;
  exclude: { service: boolean; name: boolean; kind: boolean; status: boolean };
  includeScopes: Set<string>;
  exemplars: boolean;
  maxExemplars: number;
  cardinalityLimit: number;
  totalCardinalityLimit: number;
  resourceCacheSize: number;
  resourceKeyAttributes: Set<string>;
  timestampCacheSize: number;
  metricsExpirationMs: number;
  seriesExpirationMs: number;
}

const toDims = (list: readonly DimensionConfig[]): Dimension[] => list.map((d) => ({ name: d.name, default: dimensionDefault(d) }));

export function resolveSettings(cfg: SpanMetricsConfig): Settings {
  const unit = cfg.histogram.unit.toLowerCase() === 's' ? 's' : 'ms';
  const unitDivider = unit === 's' ? 1e9 : 1e6;
  let bounds = unit === 's' ? DEFAULT_BUCKETS_MS.map((v) => v / 1000) : DEFAULT_BUCKETS_MS.slice();
  const explicit = cfg.histogram.explicit?.buckets;
  // Go: float64(d.Nanoseconds()) / divider; our durations are milliseconds, rounded back to whole ns.
  if (explicit !== undefined) bounds = explicit.map((ms) => Math.round(ms * 1e6) / unitDivider);
  const base = toDims(cfg.dimensions);
  const callsDimensions = [...base, ...toDims(cfg.calls_dimensions)];
  // The same list for both when neither adds anything: the aggregator then builds one key per span.
  const durationDimensions =
    cfg.calls_dimensions.length === 0 && cfg.histogram.dimensions.length === 0 ? callsDimensions : [...base, ...toDims(cfg.histogram.dimensions)];
  const ex = new Set(cfg.exclude_dimensions);
  return {
    namespace: cfg.namespace,
    delta: cfg.aggregation_temporality === DELTA,
    unitDivider,
    unit,
    histogram: cfg.histogram.disable ? 'none' : cfg.histogram.exponential !== undefined ? 'exponential' : 'explicit',
    bounds,
    expoMaxSize: expoMaxSize(cfg.histogram.exponential?.max_size ?? 0),
    callsDimensions,
    durationDimensions,
    eventDimensions: [...base, ...toDims(cfg.events.dimensions)],
    events: cfg.events.enabled,
    exclude: { service: ex.has('service.name'), name: ex.has('span.name'), kind: ex.has('span.kind'), status: ex.has('status.code') },
    includeScopes: new Set(cfg.include_instrumentation_scope),
    exemplars: cfg.exemplars.enabled,
    maxExemplars: cfg.exemplars.max_per_data_point,
    cardinalityLimit: cfg.aggregation_cardinality_limit,
    totalCardinalityLimit: cfg.total_cardinality_limit,
    resourceCacheSize: cfg.resource_metrics_cache_size,
    resourceKeyAttributes: new Set(cfg.resource_metrics_key_attributes),
    timestampCacheSize: cfg.metric_timestamp_cache_size,
    metricsExpirationMs: cfg.metrics_expiration,
    seriesExpirationMs: cfg.series_expiration,
  };
}
