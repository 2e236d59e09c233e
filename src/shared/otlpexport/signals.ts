// What both OTLP exporters need per signal: the gRPC method, the OTLP/HTTP path and the response
// field Go logs for rejected items.

import type { Signal } from '../../core/payload.js';

export const GRPC_METHODS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

export const HTTP_PATHS: Record<Signal, string> = {
  traces: 'v1/traces',
  metrics: 'v1/metrics',
  logs: 'v1/logs',
};

/** The zap field Go's partial-success warning uses (core exporter/otlpexporter/otlp.go). */
export const DROPPED_FIELD: Record<Signal, string> = {
  traces: 'dropped_spans',
  metrics: 'dropped_data_points',
  logs: 'dropped_log_records',
};
