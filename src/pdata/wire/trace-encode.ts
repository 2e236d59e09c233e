// Encoder for ExportTraceServiceRequest, fields written last-to-first (see writer.ts).

import type { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink } from '../trace-model.js';
import {
  writeAttributes,
  writeEnumField,
  writeFixed32Field,
  writeFixed64Field,
  writeResource,
  writeScope,
  writeUint32Field,
} from './common-encode.js';
import { encodeWith, type Writer } from './writer.js';

export function encodeTraces(list: readonly ResourceSpans[]): Buffer {
  return encodeWith(list, writeRequest);
}

function writeRequest(w: Writer, list: readonly ResourceSpans[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const rs = list[i]!;
    const m = w.len();
    w.stringField(0x1a, rs.schemaUrl);
    for (let j = rs.scopeSpans.length - 1; j >= 0; j--) writeScopeSpans(w, rs.scopeSpans[j]!);
    writeResource(w, 0x0a, rs.resource);
    w.lenTag(m, 0x0a);
  }
}

function writeScopeSpans(w: Writer, ss: ScopeSpans): void {
  const m = w.len();
  w.stringField(0x1a, ss.schemaUrl);
  for (let i = ss.spans.length - 1; i >= 0; i--) {
    const sm = w.len();
    writeSpanBody(w, ss.spans[i]!);
    w.lenTag(sm, 0x12);
  }
  writeScope(w, 0x0a, ss.scope);
  w.lenTag(m, 0x12);
}

function writeSpanBody(w: Writer, s: Span): void {
  // Field order on the wire: 1..15 then flags (16); written here in reverse.
  if (s.flags !== 0) {
    w.fixed32(s.flags);
    w.varint(0x85);
  }
  const st = s.status;
  if (st.code !== 0 || st.message !== '') {
    const m = w.len();
    writeEnumField(w, 0x18, st.code);
    w.stringField(0x12, st.message);
    w.lenTag(m, 0x7a);
  }
  writeUint32Field(w, 0x70, s.droppedLinksCount);
  for (let i = s.links.length - 1; i >= 0; i--) writeLink(w, s.links[i]!);
  writeUint32Field(w, 0x60, s.droppedEventsCount);
  for (let i = s.events.length - 1; i >= 0; i--) writeEvent(w, s.events[i]!);
  writeUint32Field(w, 0x50, s.droppedAttributesCount);
  writeAttributes(w, 0x4a, s.attributes);
  writeFixed64Field(w, 0x41, s.endTimeUnixNano);
  writeFixed64Field(w, 0x39, s.startTimeUnixNano);
  writeEnumField(w, 0x30, s.kind);
  w.stringField(0x2a, s.name);
  w.byteStringField(0x22, s.parentSpanId);
  w.stringField(0x1a, s.traceState);
  w.byteStringField(0x12, s.spanId);
  w.byteStringField(0x0a, s.traceId);
}

function writeEvent(w: Writer, e: SpanEvent): void {
  const m = w.len();
  writeUint32Field(w, 0x20, e.droppedAttributesCount);
  writeAttributes(w, 0x1a, e.attributes);
  w.stringField(0x12, e.name);
  writeFixed64Field(w, 0x09, e.timeUnixNano);
  w.lenTag(m, 0x5a);
}

function writeLink(w: Writer, l: SpanLink): void {
  const m = w.len();
  writeFixed32Field(w, 0x35, l.flags);
  writeUint32Field(w, 0x28, l.droppedAttributesCount);
  writeAttributes(w, 0x22, l.attributes);
  w.stringField(0x1a, l.traceState);
  w.byteStringField(0x12, l.spanId);
  w.byteStringField(0x0a, l.traceId);
  w.lenTag(m, 0x6a);
}
