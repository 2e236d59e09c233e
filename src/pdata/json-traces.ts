// OTLP/JSON for traces (rules in json-common.ts).

import {
  arr,
  enumValue,
  hexId,
  jAttrs,
  jId,
  jNum,
  jStr,
  jU64,
  keyValuesFromJSON,
  members,
  obj,
  resourceFromJSON,
  scopeFromJSON,
  str,
  topArray,
  u32,
  u64,
  envelopeToJSON,
} from './json-common.js';
import { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Status } from './trace-model.js';

const SPAN_KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Readonly<Record<string, number>> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

export function tracesFromJSON(text: string | Uint8Array): ResourceSpans[] {
  return topArray(text, 'resourceSpans', 'resource_spans').map((v) => {
    const o = obj(v, 'resourceSpans');
    const rs = new ResourceSpans();
    for (const k in o) {
      const x = o[k];
      if (k === 'resource') rs.resource = resourceFromJSON(x);
      else if (k === 'schemaUrl' || k === 'schema_url') rs.schemaUrl = str(x, 'resourceSpans.schemaUrl');
      else if (k === 'scopeSpans' || k === 'scope_spans') rs.scopeSpans = arr(x, 'scopeSpans').map(scopeSpansFromJSON);
    }
    return rs;
  });
}

function scopeSpansFromJSON(v: unknown): ScopeSpans {
  const o = obj(v, 'scopeSpans');
  const ss = new ScopeSpans();
  for (const k in o) {
    const x = o[k];
    if (k === 'scope') ss.scope = scopeFromJSON(x);
    else if (k === 'schemaUrl' || k === 'schema_url') ss.schemaUrl = str(x, 'scopeSpans.schemaUrl');
    else if (k === 'spans') ss.spans = arr(x, 'spans').map(spanFromJSON);
  }
  return ss;
}

function spanFromJSON(v: unknown): Span {
  const o = obj(v, 'span');
  const s = new Span();
  for (const k in o) {
    const x = o[k];
    switch (k) {
      case 'traceId':
      case 'trace_id':
        s.traceId = hexId(x, 16, 'span.traceId');
        break;
      case 'spanId':
      case 'span_id':
        s.spanId = hexId(x, 8, 'span.spanId');
        break;
      case 'traceState':
      case 'trace_state':
        s.traceState = str(x, 'span.traceState');
        break;
      case 'parentSpanId':
      case 'parent_span_id':
        s.parentSpanId = hexId(x, 8, 'span.parentSpanId');
        break;
      case 'flags':
        s.flags = u32(x, 'span.flags');
        break;
      case 'name':
        s.name = str(x, 'span.name');
        break;
      case 'kind':
        s.kind = enumValue(x, SPAN_KIND_NAMES, 'span.kind');
        break;
      case 'startTimeUnixNano':
      case 'start_time_unix_nano':
        s.startTimeUnixNano = u64(x, 'span.startTimeUnixNano');
        break;
      case 'endTimeUnixNano':
      case 'end_time_unix_nano':
        s.endTimeUnixNano = u64(x, 'span.endTimeUnixNano');
        break;
      case 'attributes':
        s.attributes = keyValuesFromJSON(x, 'span.attributes');
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        s.droppedAttributesCount = u32(x, 'span.droppedAttributesCount');
        break;
      case 'events':
        s.events = arr(x, 'span.events').map(eventFromJSON);
        break;
      case 'droppedEventsCount':
      case 'dropped_events_count':
        s.droppedEventsCount = u32(x, 'span.droppedEventsCount');
        break;
      case 'links':
        s.links = arr(x, 'span.links').map(linkFromJSON);
        break;
      case 'droppedLinksCount':
      case 'dropped_links_count':
        s.droppedLinksCount = u32(x, 'span.droppedLinksCount');
        break;
      case 'status':
        s.status = statusFromJSON(x);
        break;
    }
  }
  return s;
}

function eventFromJSON(v: unknown): SpanEvent {
  const o = obj(v, 'span.event');
  const e = new SpanEvent();
  for (const k in o) {
    const x = o[k];
    if (k === 'timeUnixNano' || k === 'time_unix_nano') e.timeUnixNano = u64(x, 'event.timeUnixNano');
    else if (k === 'name') e.name = str(x, 'event.name');
    else if (k === 'attributes') e.attributes = keyValuesFromJSON(x, 'event.attributes');
    else if (k === 'droppedAttributesCount' || k === 'dropped_attributes_count') e.droppedAttributesCount = u32(x, 'event.droppedAttributesCount');
  }
  return e;
}

function linkFromJSON(v: unknown): SpanLink {
  const o = obj(v, 'span.link');
  const l = new SpanLink();
  for (const k in o) {
    const x = o[k];
    if (k === 'traceId' || k === 'trace_id') l.traceId = hexId(x, 16, 'link.traceId');
    else if (k === 'spanId' || k === 'span_id') l.spanId = hexId(x, 8, 'link.spanId');
    else if (k === 'traceState' || k === 'trace_state') l.traceState = str(x, 'link.traceState');
    else if (k === 'attributes') l.attributes = keyValuesFromJSON(x, 'link.attributes');
    else if (k === 'droppedAttributesCount' || k === 'dropped_attributes_count') l.droppedAttributesCount = u32(x, 'link.droppedAttributesCount');
    else if (k === 'flags') l.flags = u32(x, 'link.flags');
  }
  return l;
}

function statusFromJSON(v: unknown): Status {
  const o = obj(v, 'span.status');
  const st = new Status();
  for (const k in o) {
    if (k === 'message') st.message = str(o[k], 'status.message');
    else if (k === 'code') st.code = enumValue(o[k], STATUS_CODE_NAMES, 'status.code');
  }
  return st;
}

export function tracesToJSON(list: readonly ResourceSpans[]): string {
  const keys = { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' };
  return envelopeToJSON(
    keys,
    list,
    (r) => r.scopeSpans,
    (s) => s.spans,
    spanToJSON,
  );
}

function spanToJSON(s: Span): string {
  return members([
    jId('traceId', s.traceId),
    jId('spanId', s.spanId),
    jStr('traceState', s.traceState),
    jId('parentSpanId', s.parentSpanId),
    jNum('flags', s.flags),
    jStr('name', s.name),
    jNum('kind', s.kind),
    jU64('startTimeUnixNano', s.startTimeUnixNano),
    jU64('endTimeUnixNano', s.endTimeUnixNano),
    jAttrs('attributes', s.attributes),
    jNum('droppedAttributesCount', s.droppedAttributesCount),
    s.events.length
      ? `"events":[${s.events
          .map((e) =>
            members([
              jU64('timeUnixNano', e.timeUnixNano),
              jStr('name', e.name),
              jAttrs('attributes', e.attributes),
              jNum('droppedAttributesCount', e.droppedAttributesCount),
            ]),
          )
          .join(',')}]`
      : undefined,
    jNum('droppedEventsCount', s.droppedEventsCount),
    s.links.length
      ? `"links":[${s.links
          .map((l) =>
            members([
              jId('traceId', l.traceId),
              jId('spanId', l.spanId),
              jStr('traceState', l.traceState),
              jAttrs('attributes', l.attributes),
              jNum('droppedAttributesCount', l.droppedAttributesCount),
              jNum('flags', l.flags),
            ]),
          )
          .join(',')}]`
      : undefined,
    jNum('droppedLinksCount', s.droppedLinksCount),
    // Go always writes the status object, empty or not (pdata generated_proto_span.go MarshalJSON).
    `"status":${members([jStr('message', s.status.message), jNum('code', s.status.code)])}`,
  ]);
}
