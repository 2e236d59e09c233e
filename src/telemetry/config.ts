// service::telemetry: the collector's own logs and metrics, in the Go collector's shape.

import { s, type Infer } from '../core/schema.js';

const prometheusPull = s.object({
  host: s.string('0.0.0.0'),
  port: s.int(8888),
  without_scope_info: s.bool(true),
  without_units: s.bool(true),
  without_type_suffix: s.bool(true),
});

const reader = s.object({
  pull: s.presence(s.object({ exporter: s.object({ prometheus: s.presence(prometheusPull) }) })),
  // Push readers (OTLP) are accepted so configs written for Go load; they are not exported yet.
  periodic: s.presence(s.any({})),
});

export const telemetrySchema = s.object({
  logs: s.object({
    level: s.enum(['debug', 'info', 'warn', 'error'] as const, 'info', true),
    encoding: s.enum(['json', 'console'] as const, 'json'),
    development: s.bool(false),
    disable_caller: s.bool(true),
    disable_stacktrace: s.bool(false),
    output_paths: s.list(s.string(), ['stderr']),
    error_output_paths: s.list(s.string(), ['stderr']),
    initial_fields: s.map(s.any()),
    // Go's zap sampling: per message per tick, the first `initial` pass, then every `thereafter`-th.
    sampling: s.object({
      enabled: s.bool(true),
      tick: s.duration(10_000),
      initial: s.int(10, 1),
      thereafter: s.int(100, 1),
    }),
    processors: s.any(),
  }),
  metrics: s.object({
    level: s.enum(['none', 'basic', 'normal', 'detailed'] as const, 'normal', true),
    // 2023 default: all interfaces, the seed's Prometheus scrapes otel-collector:8888.
    address: s.string('0.0.0.0:8888'),
    readers: s.list(reader),
    views: s.any(),
  }),
  traces: s.any(),
  resource: s.map(s.any()),
});

export type TelemetryConfig = Infer<typeof telemetrySchema.fields>;
