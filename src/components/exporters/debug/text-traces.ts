// `verbosity: detailed` for traces: Go's otlptext traces marshaler layout (core
// `exporter/debugexporter/internal/otlptext/traces.go`).

import { type ResourceSpans, type SpanEvent, type SpanLink } from '../../../pdata/index.js';
import { formatTimestamp } from './gofmt.js';
import { TextBuffer, idText } from './text-buffer.js';

/** ptrace.SpanKind.String(); values outside the enum print as "". */
const SPAN_KIND_TEXT = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
/** ptrace.StatusCode.String(). */
const STATUS_CODE_TEXT = ['Unset', 'Ok', 'Error'];

function events(buf: TextBuffer, list: readonly SpanEvent[]): void {
  if (list.length === 0) return;
  buf.entry('Events:');
  list.forEach((e, i) => {
    buf.entry(`SpanEvent #${i}`);
    buf.entry(`     -> Name: ${e.name}`);
    buf.entry(`     -> Timestamp: ${formatTimestamp(e.timeUnixNano)}`);
    buf.entry(`     -> DroppedAttributesCount: ${e.droppedAttributesCount}`);
    buf.attributes('     -> Attributes:', e.attributes);
  });
}

function links(buf: TextBuffer, list: readonly SpanLink[]): void {
  if (list.length === 0) return;
  buf.entry('Links:');
  list.forEach((l, i) => {
    buf.entry(`SpanLink #${i}`);
    buf.entry(`     -> Trace ID: ${idText(l.traceId)}`);
    buf.entry(`     -> ID: ${idText(l.spanId)}`);
    buf.entry(`     -> TraceState: ${l.traceState}`);
    buf.entry(`     -> DroppedAttributesCount: ${l.droppedAttributesCount}`);
    buf.attributes('     -> Attributes:', l.attributes);
  });
}

export function tracesToText(list: readonly ResourceSpans[]): string {
  const buf = new TextBuffer();
  list.forEach((rs, i) => {
    buf.entry(`ResourceSpans #${i}`);
    buf.resource(rs.resource, rs.schemaUrl);
    rs.scopeSpans.forEach((ss, j) => {
      buf.entry(`ScopeSpans #${j}`);
      buf.entry(`ScopeSpans SchemaURL: ${ss.schemaUrl}`);
      buf.scope(ss.scope);
      ss.spans.forEach((span, k) => {
        buf.entry(`Span #${k}`);
        buf.field('Trace ID', idText(span.traceId));
        buf.field('Parent ID', idText(span.parentSpanId));
        buf.field('ID', idText(span.spanId));
        buf.field('Name', span.name);
        buf.field('Kind', SPAN_KIND_TEXT[span.kind] ?? '');
        if (span.traceState !== '') buf.field('TraceState', span.traceState);
        buf.field('Start time', formatTimestamp(span.startTimeUnixNano));
        buf.field('End time', formatTimestamp(span.endTimeUnixNano));
        buf.field('Status code', STATUS_CODE_TEXT[span.status.code] ?? '');
        buf.field('Status message', span.status.message);
        buf.field('DroppedAttributesCount', String(span.droppedAttributesCount));
        buf.field('DroppedEventsCount', String(span.droppedEventsCount));
        buf.field('DroppedLinksCount', String(span.droppedLinksCount));
        buf.attributes('Attributes', span.attributes);
        events(buf, span.events);
        links(buf, span.links);
      });
    });
  });
  return buf.toString();
}
