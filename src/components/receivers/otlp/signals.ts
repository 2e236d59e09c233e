// What differs between the three OTLP signals on the wire: the gRPC method and the decoders.
// Requests are validated on the way in (a malformed body is refused now, not in an exporter)
// but kept as bytes, so a pass-through pipeline never decodes them.

import { Logs, Metrics, Traces } from '../../../pdata/index.js';
import type { Payload, Signal } from '../../../core/payload.js';

interface SignalCodecs {
  grpcPath: string;
  fromProto(bytes: Buffer): Payload;
  fromJSON(bytes: Buffer): Payload;
}

export const OTLP_SIGNALS: Record<Signal, SignalCodecs> = {
  traces: {
    grpcPath: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    fromProto: (b) => Traces.fromProto(b, { validate: true }),
    fromJSON: (b) => Traces.fromJSON(b),
  },
  metrics: {
    grpcPath: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
    fromProto: (b) => Metrics.fromProto(b, { validate: true }),
    fromJSON: (b) => Metrics.fromJSON(b),
  },
  logs: {
    grpcPath: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
    fromProto: (b) => Logs.fromProto(b, { validate: true }),
    fromJSON: (b) => Logs.fromJSON(b),
  },
};
