// The OTLP metrics model: ResourceMetrics → ScopeMetrics → Metric → data → data points, every
// field of metrics/v1. A number value or exemplar value is a JS number for as_double, a bigint
// for as_int, null when neither is set. Optional doubles (sum/min/max) are null when absent.

import { InstrumentationScope, Resource, type KeyValue } from './common.js';

export class Exemplar {
  filteredAttributes: KeyValue[] = [];
  timeUnixNano = 0n;
  value: number | bigint | null = null;
  spanId = '';
  traceId = '';
}

export class NumberDataPoint {
  attributes: KeyValue[] = [];
  startTimeUnixNano = 0n;
  timeUnixNano = 0n;
  value: number | bigint | null = null;
  exemplars: Exemplar[] = [];
  flags = 0;
}

export class HistogramDataPoint {
  attributes: KeyValue[] = [];
  startTimeUnixNano = 0n;
  timeUnixNano = 0n;
  count = 0n;
  sum: number | null = null;
  bucketCounts: bigint[] = [];
  explicitBounds: number[] = [];
  exemplars: Exemplar[] = [];
  flags = 0;
  min: number | null = null;
  max: number | null = null;
}

export class ExponentialBuckets {
  offset = 0;
  bucketCounts: bigint[] = [];
}

export class ExponentialHistogramDataPoint {
  attributes: KeyValue[] = [];
  startTimeUnixNano = 0n;
  timeUnixNano = 0n;
  count = 0n;
  sum: number | null = null;
  scale = 0;
  zeroCount = 0n;
  positive: ExponentialBuckets = new ExponentialBuckets();
  negative: ExponentialBuckets = new ExponentialBuckets();
  flags = 0;
  exemplars: Exemplar[] = [];
  min: number | null = null;
  max: number | null = null;
  zeroThreshold = 0;
}

export class ValueAtQuantile {
  quantile = 0;
  value = 0;
}

export class SummaryDataPoint {
  attributes: KeyValue[] = [];
  startTimeUnixNano = 0n;
  timeUnixNano = 0n;
  count = 0n;
  sum = 0;
  quantileValues: ValueAtQuantile[] = [];
  flags = 0;
}

export class Gauge {
  readonly type = 'Gauge';
  dataPoints: NumberDataPoint[] = [];
}

export class Sum {
  readonly type = 'Sum';
  dataPoints: NumberDataPoint[] = [];
  aggregationTemporality = 0;
  isMonotonic = false;
}

export class Histogram {
  readonly type = 'Histogram';
  dataPoints: HistogramDataPoint[] = [];
  aggregationTemporality = 0;
}

export class ExponentialHistogram {
  readonly type = 'ExponentialHistogram';
  dataPoints: ExponentialHistogramDataPoint[] = [];
  aggregationTemporality = 0;
}

export class Summary {
  readonly type = 'Summary';
  dataPoints: SummaryDataPoint[] = [];
}

/** Metric.data: switch on `.type` (Go's pmetric.MetricType names). */
export type MetricData = Gauge | Sum | Histogram | ExponentialHistogram | Summary;

export class Metric {
  name = '';
  description = '';
  unit = '';
  data: MetricData | null = null;
  metadata: KeyValue[] = [];
}

export class ScopeMetrics {
  scope: InstrumentationScope = new InstrumentationScope();
  metrics: Metric[] = [];
  schemaUrl = '';
}

export class ResourceMetrics {
  resource: Resource = new Resource();
  scopeMetrics: ScopeMetrics[] = [];
  schemaUrl = '';
}

/** Data points of a metric (Go's DataPointCount contribution). */
export function dataPointCount(m: Metric): number {
  return m.data === null ? 0 : m.data.dataPoints.length;
}
