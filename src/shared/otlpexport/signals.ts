// What both OTLP exporters need per signal: the gRPC method, the OTLP/HTTP path, the response
// field Go logs for rejected items, and the payload's wire forms.

import { OtlpPayload } from '../../pdata/otlp-payload.js';
import type { Payload, Signal } from '../../core/payload.js';
import { ConsumerError } from '../../core/consumer.js';

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

/** Traces, Metrics and Logs: the serialized request (the received bytes when unchanged) and OTLP/JSON. */
export type OtlpEncodable = Payload & {
  toProto(): Buffer;
  toJSON(): string;
};

export function otlpPayload(p: Payload): OtlpEncodable {
  if (p instanceof OtlpPayload && typeof (p as Partial<OtlpEncodable>).toJSON === 'function') return p as unknown as OtlpEncodable;
  throw ConsumerError.permanent(`OTLP exporters cannot send a ${p.signal} payload of type ${p.constructor.name}`);
}
