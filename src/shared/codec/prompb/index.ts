// Prometheus remote-write codecs (1.0 and 2.0), shared by the prometheusremotewrite receiver and
// exporter. Bytes here are uncompressed protobuf; snappy block compression is
// src/shared/compression's (snappyBlockCompress / decompress('snappy', …)).

export {
  PromMetricType,
  PromResetHint,
  PrompbDecodeError,
  PROTO_V1,
  PROTO_V2,
  type PromLabel,
  type PromSample,
  type PromBucketSpan,
  type PromHistogram,
  type ExemplarV1,
  type TimeSeriesV1,
  type MetricMetadataV1,
  type WriteRequestV1,
  type ExemplarV2,
  type MetadataV2,
  type TimeSeriesV2,
  type RequestV2,
} from './model.js';
export { decodeWriteRequestV1, encodeWriteRequestV1 } from './v1.js';
export { decodeRequestV2, encodeRequestV2, labelsFromRefs, symbolAt, SymbolTable } from './v2.js';
export { isStaleNaN, STALE_NAN } from './wire.js';
