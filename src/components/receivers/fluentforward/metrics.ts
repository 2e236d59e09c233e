// The Go receiver's own series (contrib receiver/fluentforwardreceiver/documentation.md), with the
// receiver ID as a label so two fluentforward receivers (the seed has :8006 and :8007) are told apart.

import type { Counter, Telemetry } from '../../../core/telemetry.js';

export interface FluentMetrics {
  opened: { add(n: number): void };
  closed: { add(n: number): void };
  eventsParsed: { add(n: number): void };
  parseFailures: { add(n: number): void };
  recordsGenerated: { add(n: number): void };
}

export function fluentMetrics(telemetry: Telemetry, id: string): FluentMetrics {
  const bind = (name: string, help: string): { add(n: number): void } => {
    const c: Counter = telemetry.counter(name, { help, unit: '1' });
    const labels = { receiver: id };
    return { add: (n) => c.add(n, labels) };
  };
  return {
    opened: bind('otelcol_fluent_opened_connections', 'Number of connections opened to the fluentforward receiver'),
    closed: bind('otelcol_fluent_closed_connections', 'Number of connections closed to the fluentforward receiver'),
    eventsParsed: bind('otelcol_fluent_events_parsed', 'Number of Fluent events parsed successfully'),
    parseFailures: bind('otelcol_fluent_parse_failures', 'Number of times Fluent messages failed to be decoded'),
    recordsGenerated: bind('otelcol_fluent_records_generated', 'Number of log records generated from Fluent forward input'),
  };
}
