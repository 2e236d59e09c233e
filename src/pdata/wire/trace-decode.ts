// Hand-written decoder for ExportTraceServiceRequest (trace/v1). Measured with codec.bench.ts
// (pinned, Node 20, 803 B/span payload): see README.md for the current figure (3.2-4x protobufjs 7
// reflection decode in the same rounds; 2.6x before the attribute fast path and key cache of
// common-decode.ts and reader.ts). protobufjs 8 is a further 1.6x slower than 7 (node-limits.md §1).

import { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Status } from '../trace-model.js';
import { pushKeyValue, readResource, readScope } from './common-decode.js';
import { Reader } from './reader.js';

const KNOWN_REQUEST = 0b10;
const KNOWN_RS = 0b1110;
const KNOWN_SS = 0b1110;
const KNOWN_SPAN = 0x1fffe;
const KNOWN_EVENT = 0b11110;
const KNOWN_LINK = 0b1111110;
const KNOWN_STATUS = 0b1100;

export function decodeTraces(buf: Buffer): ResourceSpans[] {
  const r = new Reader(buf);
  const end = buf.length;
  const out: ResourceSpans[] = [];
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const e = r.lenEnd(end);
      out.push(readResourceSpans(r, e));
    } else r.skip(tag, end, KNOWN_REQUEST, 'ExportTraceServiceRequest');
  }
  r.finish(end, 'ExportTraceServiceRequest');
  return out;
}

function readResourceSpans(r: Reader, end: number): ResourceSpans {
  const rs = new ResourceSpans();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        rs.resource = readResource(r, r.lenEnd(end));
        break;
      case 0x12:
        rs.scopeSpans.push(readScopeSpans(r, r.lenEnd(end)));
        break;
      case 0x1a:
        rs.schemaUrl = r.string(end);
        break;
      default:
        r.skip(tag, end, KNOWN_RS, 'ResourceSpans');
    }
  }
  r.finish(end, 'ResourceSpans');
  return rs;
}

function readScopeSpans(r: Reader, end: number): ScopeSpans {
  const ss = new ScopeSpans();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        ss.scope = readScope(r, r.lenEnd(end));
        break;
      case 0x12:
        ss.spans.push(readSpan(r, r.lenEnd(end)));
        break;
      case 0x1a:
        ss.schemaUrl = r.string(end);
        break;
      default:
        r.skip(tag, end, KNOWN_SS, 'ScopeSpans');
    }
  }
  r.finish(end, 'ScopeSpans');
  return ss;
}

function readSpan(r: Reader, end: number): Span {
  const s = new Span();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        s.traceId = r.byteString(end);
        break;
      case 0x12:
        s.spanId = r.byteString(end);
        break;
      case 0x1a:
        s.traceState = r.string(end);
        break;
      case 0x22:
        s.parentSpanId = r.byteString(end);
        break;
      case 0x2a:
        s.name = r.string(end);
        break;
      case 0x30:
        s.kind = r.varint() | 0;
        break;
      case 0x39:
        s.startTimeUnixNano = r.fixed64();
        break;
      case 0x41:
        s.endTimeUnixNano = r.fixed64();
        break;
      case 0x4a: {
        // Attributes arrive back to back; reading the run here skips the tag dispatch per item.
        const attrs = s.attributes;
        pushKeyValue(r, end, attrs);
        while (r.pos < end && r.buf[r.pos] === 0x4a) {
          r.pos++;
          pushKeyValue(r, end, attrs);
        }
        break;
      }
      case 0x50:
        s.droppedAttributesCount = r.varint();
        break;
      case 0x5a:
        s.events.push(readEvent(r, r.lenEnd(end)));
        break;
      case 0x60:
        s.droppedEventsCount = r.varint();
        break;
      case 0x6a:
        s.links.push(readLink(r, r.lenEnd(end)));
        break;
      case 0x70:
        s.droppedLinksCount = r.varint();
        break;
      case 0x7a:
        s.status = readStatus(r, r.lenEnd(end));
        break;
      case 0x85: // field 16 fixed32: the tag is the two-byte varint 0x85 0x01
        s.flags = r.fixed32();
        break;
      default:
        r.skip(tag, end, KNOWN_SPAN, 'Span');
    }
  }
  r.finish(end, 'Span');
  return s;
}

function readEvent(r: Reader, end: number): SpanEvent {
  const ev = new SpanEvent();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x09:
        ev.timeUnixNano = r.fixed64();
        break;
      case 0x12:
        ev.name = r.string(end);
        break;
      case 0x1a:
        pushKeyValue(r, end, ev.attributes);
        break;
      case 0x20:
        ev.droppedAttributesCount = r.varint();
        break;
      default:
        r.skip(tag, end, KNOWN_EVENT, 'Span.Event');
    }
  }
  r.finish(end, 'Span.Event');
  return ev;
}

function readLink(r: Reader, end: number): SpanLink {
  const l = new SpanLink();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        l.traceId = r.byteString(end);
        break;
      case 0x12:
        l.spanId = r.byteString(end);
        break;
      case 0x1a:
        l.traceState = r.string(end);
        break;
      case 0x22:
        pushKeyValue(r, end, l.attributes);
        break;
      case 0x28:
        l.droppedAttributesCount = r.varint();
        break;
      case 0x35:
        l.flags = r.fixed32();
        break;
      default:
        r.skip(tag, end, KNOWN_LINK, 'Span.Link');
    }
  }
  r.finish(end, 'Span.Link');
  return l;
}

function readStatus(r: Reader, end: number): Status {
  const st = new Status();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x12) st.message = r.string(end);
    else if (tag === 0x18) st.code = r.varint() | 0;
    else r.skip(tag, end, KNOWN_STATUS, 'Status');
  }
  r.finish(end, 'Status');
  return st;
}
