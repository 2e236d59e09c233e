// Hand-written structural walker for ExportTraceServiceRequest (trace/v1). See walk-common.ts.

import { EventDef, LinkDef, SpanDef, StatusDef, TracesRequestDef, type MsgDef } from './schema.js';
import { kvField, walkRequest } from './walk-common.js';
import { fixed32End, fixed64End, lenEnd, lenStart, otherField, st, strEnd, tagSlow, varintEnd } from './walk-prims.js';

/** Walks a whole trace request; returns its span count. */
export function walkTraces(buf: Uint8Array): number {
  return walkRequest(buf, TracesRequestDef, walkSpan);
}

function walkSpan(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      if (tag === 0x85 && p < end && buf[p] === 0x01)
        p++; // flags, the one two-byte tag in a Span
      else {
        tag = tagSlow(buf, p - 1, end, SpanDef);
        p = st.pos;
      }
    }
    switch (tag) {
      case 0x4a: // attributes, by far the most frequent field
        p = kvField(buf, p, end, SpanDef, tag, 0);
        break;
      case 0x0a: // trace_id, span_id, parent_span_id
      case 0x12:
      case 0x22:
        p = lenEnd(buf, p, end, SpanDef, tag);
        break;
      case 0x1a: // trace_state, name
      case 0x2a:
        p = strEnd(buf, p, end, SpanDef, tag);
        break;
      case 0x30: // kind, dropped_{attributes,events,links}_count
      case 0x50:
      case 0x60:
      case 0x70:
        p = varintEnd(buf, p, end, SpanDef);
        break;
      case 0x39: // start/end_time_unix_nano
      case 0x41:
        p = fixed64End(p, end, SpanDef, tag);
        break;
      case 0x5a:
      case 0x6a:
      case 0x7a: {
        const s = lenStart(buf, p, end, SpanDef, tag);
        p = st.fend;
        if (tag === 0x5a) walkEvent(buf, s, p);
        else if (tag === 0x6a) walkLink(buf, s, p);
        else walkStatus(buf, s, p);
        break;
      }
      case 0x85: // flags: field 16 fixed32, the two-byte tag 0x85 0x01
        p = fixed32End(p, end, SpanDef, tag);
        break;
      default:
        p = otherField(buf, p, end, SpanDef, tag);
    }
  }
  return 1;
}

function walkEvent(buf: Uint8Array, p: number, end: number): void {
  const def: MsgDef = EventDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x09) p = fixed64End(p, end, def, tag);
    else if (tag === 0x12) p = strEnd(buf, p, end, def, tag);
    else if (tag === 0x1a) p = kvField(buf, p, end, def, tag, 0);
    else if (tag === 0x20) p = varintEnd(buf, p, end, def);
    else p = otherField(buf, p, end, def, tag);
  }
}

function walkLink(buf: Uint8Array, p: number, end: number): void {
  const def: MsgDef = LinkDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x0a || tag === 0x12) p = lenEnd(buf, p, end, def, tag);
    else if (tag === 0x1a) p = strEnd(buf, p, end, def, tag);
    else if (tag === 0x22) p = kvField(buf, p, end, def, tag, 0);
    else if (tag === 0x28) p = varintEnd(buf, p, end, def);
    else if (tag === 0x35) p = fixed32End(p, end, def, tag);
    else p = otherField(buf, p, end, def, tag);
  }
}

function walkStatus(buf: Uint8Array, p: number, end: number): void {
  const def: MsgDef = StatusDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x12) p = strEnd(buf, p, end, def, tag);
    else if (tag === 0x18) p = varintEnd(buf, p, end, def);
    else p = otherField(buf, p, end, def, tag);
  }
}
