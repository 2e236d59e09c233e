// The OTLP traces model: ResourceSpans → ScopeSpans → Span, every field of trace/v1.
// Classes initialise every field in declaration order so all instances share one hidden class.
// 64-bit times are bigint nanoseconds (0n = unset); ids are latin1 byte strings (see ids.ts).

import { InstrumentationScope, Resource, type KeyValue } from './common.js';

export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export class Status {
  message = '';
  code = 0;
}

export class SpanEvent {
  timeUnixNano = 0n;
  name = '';
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
}

export class SpanLink {
  traceId = '';
  spanId = '';
  traceState = '';
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
  flags = 0;
}

export class Span {
  traceId = '';
  spanId = '';
  traceState = '';
  parentSpanId = '';
  flags = 0;
  name = '';
  kind = 0;
  startTimeUnixNano = 0n;
  endTimeUnixNano = 0n;
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
  events: SpanEvent[] = [];
  droppedEventsCount = 0;
  links: SpanLink[] = [];
  droppedLinksCount = 0;
  status: Status = new Status();
}

export class ScopeSpans {
  scope: InstrumentationScope = new InstrumentationScope();
  spans: Span[] = [];
  schemaUrl = '';
}

export class ResourceSpans {
  resource: Resource = new Resource();
  scopeSpans: ScopeSpans[] = [];
  schemaUrl = '';
}
