// `verbosity: detailed` for logs: Go's otlptext logs marshaler layout (core
// `exporter/debugexporter/internal/otlptext/logs.go`).

import { severityNumberToText, type ResourceLogs } from '../../../pdata/index.js';
import { formatTimestamp } from './gofmt.js';
import { TextBuffer, idText, typedValue } from './text-buffer.js';

export function logsToText(list: readonly ResourceLogs[]): string {
  const buf = new TextBuffer();
  list.forEach((rl, i) => {
    buf.entry(`ResourceLog #${i}`);
    buf.resource(rl.resource, rl.schemaUrl);
    rl.scopeLogs.forEach((sl, j) => {
      buf.entry(`ScopeLogs #${j}`);
      buf.entry(`ScopeLogs SchemaURL: ${sl.schemaUrl}`);
      buf.scope(sl.scope);
      sl.logRecords.forEach((lr, k) => {
        buf.entry(`LogRecord #${k}`);
        buf.entry(`ObservedTimestamp: ${formatTimestamp(lr.observedTimeUnixNano)}`);
        buf.entry(`Timestamp: ${formatTimestamp(lr.timeUnixNano)}`);
        buf.entry(`SeverityText: ${lr.severityText}`);
        buf.entry(`SeverityNumber: ${severityNumberToText(lr.severityNumber)}(${lr.severityNumber})`);
        if (lr.eventName !== '') buf.entry(`EventName: ${lr.eventName}`);
        buf.entry(`Body: ${typedValue(lr.body)}`);
        buf.attributes('Attributes', lr.attributes);
        buf.entry(`Trace ID: ${idText(lr.traceId)}`);
        buf.entry(`Span ID: ${idText(lr.spanId)}`);
        buf.entry(`Flags: ${lr.flags}`);
      });
    });
  });
  return buf.toString();
}
