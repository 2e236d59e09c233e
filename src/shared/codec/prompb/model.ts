// The Prometheus remote-write wire model, Remote-Write 1.0 (`prometheus.WriteRequest`) and 2.0
// (`io.prometheus.write.v2.Request`), as plain objects. Field numbers follow Prometheus' public
// prompb/types.proto, prompb/remote.proto and prompb/io/prometheus/write/v2/types.proto (the
// schemas are remote-v1.proto and remote-v2.proto beside this file). Timestamps are milliseconds
// as numbers (exact up to 2^53 ms, ~285,000 years); 64-bit counts and deltas are numbers too
// (exact up to 2^53), which keeps BigInt off the hot path.

/** MetricMetadata.MetricType (1.0) and Metadata.MetricType (2.0): the same numbering. */
export const PromMetricType = {
  UNKNOWN: 0,
  COUNTER: 1,
  GAUGE: 2,
  HISTOGRAM: 3,
  GAUGEHISTOGRAM: 4,
  SUMMARY: 5,
  INFO: 6,
  STATESET: 7,
} as const;
export type PromMetricType = number;

/** Histogram.ResetHint. */
export const PromResetHint = { UNKNOWN: 0, YES: 1, NO: 2, GAUGE: 3 } as const;

export interface PromLabel {
  name: string;
  value: string;
}

export interface PromSample {
  value: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  /** 2.0 (rc.4+) `Sample.start_timestamp` in ms; 0 = unset. Not part of 1.0. */
  startTimestamp?: number;
}

export interface PromBucketSpan {
  /** Gap to the previous span, or the first bucket's index for the first span. */
  offset: number;
  length: number;
}

/**
 * A native histogram. An integer histogram carries `countInt`, `zeroCountInt` and the delta-encoded
 * `*Deltas`; a float histogram carries `countFloat`, `zeroCountFloat` and absolute `*Counts`. The
 * count/zero-count pairs are protobuf oneofs: the encoder writes the `*Int` member when it is set
 * (even 0), else the `*Float` one.
 */
export interface PromHistogram {
  countInt?: number;
  countFloat?: number;
  sum: number;
  /** -4..8 exponential, -53 custom buckets (bounds in customValues). */
  schema: number;
  zeroThreshold: number;
  zeroCountInt?: number;
  zeroCountFloat?: number;
  negativeSpans: PromBucketSpan[];
  negativeDeltas: number[];
  negativeCounts: number[];
  positiveSpans: PromBucketSpan[];
  positiveDeltas: number[];
  positiveCounts: number[];
  resetHint: number;
  /** Milliseconds. */
  timestamp: number;
  customValues: number[];
  /** 2.0 (rc.4+) `Histogram.start_timestamp` in ms; 0 = unset. */
  startTimestamp?: number;
}

// ---- Remote-Write 1.0 ----

export interface ExemplarV1 {
  labels: PromLabel[];
  value: number;
  timestamp: number;
}

export interface TimeSeriesV1 {
  labels: PromLabel[];
  samples: PromSample[];
  exemplars: ExemplarV1[];
  histograms: PromHistogram[];
}

export interface MetricMetadataV1 {
  type: PromMetricType;
  metricFamilyName: string;
  help: string;
  unit: string;
}

export interface WriteRequestV1 {
  timeseries: TimeSeriesV1[];
  metadata: MetricMetadataV1[];
}

// ---- Remote-Write 2.0 ----

export interface ExemplarV2 {
  /** Pairs of indices into Request.symbols: name, value, name, value, … */
  labelsRefs: number[];
  value: number;
  timestamp: number;
}

export interface MetadataV2 {
  type: PromMetricType;
  helpRef: number;
  unitRef: number;
}

export interface TimeSeriesV2 {
  labelsRefs: number[];
  samples: PromSample[];
  histograms: PromHistogram[];
  exemplars: ExemplarV2[];
  metadata: MetadataV2;
  /**
   * 2.0 rc.3 `TimeSeries.created_timestamp` (field 6, ms; 0 = unset), which Prometheus 3.0–3.7 sends;
   * rc.4 (Prometheus 3.8+) reserved field 6 and moved it to per-sample `startTimestamp`.
   */
  createdTimestamp: number;
}

export interface RequestV2 {
  /** The spec requires symbols[0] === ''. */
  symbols: string[];
  timeseries: TimeSeriesV2[];
}

/** Malformed remote-write bytes or references; the message names the problem. */
export class PrompbDecodeError extends Error {
  override name = 'PrompbDecodeError';
}

/** The canonical Content-Type `proto=` values. */
export const PROTO_V1 = 'prometheus.WriteRequest';
export const PROTO_V2 = 'io.prometheus.write.v2.Request';
