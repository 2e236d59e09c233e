// Metrics: the metric signal's Payload; items are data points. See otlp-payload.ts.

import { cloneAttributes, cloneResource, cloneScope } from './common.js';
import { OtlpPayload, type FromProtoOptions, type SignalCodec } from './otlp-payload.js';
import {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogram,
  ExponentialHistogramDataPoint,
  Gauge,
  Histogram,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
  Summary,
  SummaryDataPoint,
  ValueAtQuantile,
  dataPointCount,
  type MetricData,
} from './metric-model.js';
import { decodeMetrics } from './wire/metric-decode.js';
import { encodeMetrics } from './wire/metric-encode.js';
import { METRIC_LEVELS } from './wire/scan.js';
import { MetricsRequestDef } from './wire/schema.js';
import { metricsFromJSON, metricsToJSON } from './json-metrics.js';

export * from './metric-model.js';

function countPoints(list: readonly ResourceMetrics[]): number {
  let n = 0;
  for (const rm of list) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += dataPointCount(m);
  return n;
}

function cloneExemplars(xs: readonly Exemplar[]): Exemplar[] {
  return xs.map((x) => Object.assign(new Exemplar(), x, { filteredAttributes: cloneAttributes(x.filteredAttributes) }));
}

function cloneBuckets(b: ExponentialBuckets): ExponentialBuckets {
  return Object.assign(new ExponentialBuckets(), { offset: b.offset, bucketCounts: b.bucketCounts.slice() });
}

function cloneMetricData(d: MetricData): MetricData {
  switch (d.type) {
    case 'Gauge':
      return Object.assign(new Gauge(), { dataPoints: d.dataPoints.map(cloneNumberDp) });
    case 'Sum':
      return Object.assign(new Sum(), {
        dataPoints: d.dataPoints.map(cloneNumberDp),
        aggregationTemporality: d.aggregationTemporality,
        isMonotonic: d.isMonotonic,
      });
    case 'Histogram':
      return Object.assign(new Histogram(), {
        aggregationTemporality: d.aggregationTemporality,
        dataPoints: d.dataPoints.map((p) =>
          Object.assign(new HistogramDataPoint(), p, {
            attributes: cloneAttributes(p.attributes),
            bucketCounts: p.bucketCounts.slice(),
            explicitBounds: p.explicitBounds.slice(),
            exemplars: cloneExemplars(p.exemplars),
          }),
        ),
      });
    case 'ExponentialHistogram':
      return Object.assign(new ExponentialHistogram(), {
        aggregationTemporality: d.aggregationTemporality,
        dataPoints: d.dataPoints.map((p) =>
          Object.assign(new ExponentialHistogramDataPoint(), p, {
            attributes: cloneAttributes(p.attributes),
            positive: cloneBuckets(p.positive),
            negative: cloneBuckets(p.negative),
            exemplars: cloneExemplars(p.exemplars),
          }),
        ),
      });
    case 'Summary':
      return Object.assign(new Summary(), {
        dataPoints: d.dataPoints.map((p) =>
          Object.assign(new SummaryDataPoint(), p, {
            attributes: cloneAttributes(p.attributes),
            quantileValues: p.quantileValues.map((q) => Object.assign(new ValueAtQuantile(), q)),
          }),
        ),
      });
  }
}

function cloneNumberDp(p: NumberDataPoint): NumberDataPoint {
  return Object.assign(new NumberDataPoint(), p, { attributes: cloneAttributes(p.attributes), exemplars: cloneExemplars(p.exemplars) });
}

function cloneMetric(m: Metric): Metric {
  const c = new Metric();
  c.name = m.name;
  c.description = m.description;
  c.unit = m.unit;
  c.data = m.data === null ? null : cloneMetricData(m.data);
  c.metadata = cloneAttributes(m.metadata);
  return c;
}

function cloneMetrics(list: readonly ResourceMetrics[]): ResourceMetrics[] {
  return list.map((rm) => {
    const r = new ResourceMetrics();
    r.resource = cloneResource(rm.resource);
    r.schemaUrl = rm.schemaUrl;
    r.scopeMetrics = rm.scopeMetrics.map((sm) => {
      const s = new ScopeMetrics();
      s.scope = cloneScope(sm.scope);
      s.schemaUrl = sm.schemaUrl;
      s.metrics = sm.metrics.map(cloneMetric);
      return s;
    });
    return r;
  });
}

const codec: SignalCodec<ResourceMetrics> = {
  signal: 'metrics',
  requestDef: MetricsRequestDef,
  levels: METRIC_LEVELS,
  decode: decodeMetrics,
  encode: encodeMetrics,
  count: countPoints,
  clone: cloneMetrics,
};

export class Metrics extends OtlpPayload<ResourceMetrics> {
  readonly signal = 'metrics' as const;
  protected readonly codec = codec;

  constructor(resourceMetrics: ResourceMetrics[] = []) {
    super(resourceMetrics);
  }

  protected make(): this {
    return new Metrics(undefined) as this;
  }

  /** Wraps request bytes without decoding them. */
  static fromProto(bytes: Uint8Array, opts: FromProtoOptions = {}): Metrics {
    return new Metrics().adoptProto(bytes, opts);
  }

  static fromJSON(text: string | Uint8Array): Metrics {
    return new Metrics(metricsFromJSON(text));
  }

  static concat(list: readonly Metrics[]): Metrics {
    return new Metrics().concatInto(list);
  }

  /** The decoded tree, read-only by contract: call mutable() before changing anything. */
  get resourceMetrics(): readonly ResourceMetrics[] {
    return this.read();
  }

  mutable(): ResourceMetrics[] {
    return this.mutableTree();
  }

  toJSON(): string {
    return metricsToJSON(this.read());
  }

  /** Number of metrics (not data points). */
  metricCount(): number {
    let n = 0;
    for (const rm of this.read()) for (const sm of rm.scopeMetrics) n += sm.metrics.length;
    return n;
  }

  forEachMetric(fn: (metric: Metric, scopeMetrics: ScopeMetrics, resourceMetrics: ResourceMetrics) => void): void {
    for (const rm of this.read()) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) fn(m, sm, rm);
  }
}
