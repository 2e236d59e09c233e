// Traces: the trace signal's Payload. See otlp-payload.ts for the lazy bytes/tree life cycle.

import { cloneAttributes, cloneResource, cloneScope } from './common.js';
import { OtlpPayload, type FromProtoOptions, type SignalCodec } from './otlp-payload.js';
import { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Status } from './trace-model.js';
import { decodeTraces } from './wire/trace-decode.js';
import { encodeTraces } from './wire/trace-encode.js';
import { TRACE_LEVELS } from './wire/scan.js';
import { TracesRequestDef } from './wire/schema.js';
import { tracesFromJSON, tracesToJSON } from './json-traces.js';

export * from './trace-model.js';

function countSpans(list: readonly ResourceSpans[]): number {
  let n = 0;
  for (const rs of list) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

function cloneSpan(s: Span): Span {
  const c = new Span();
  c.traceId = s.traceId;
  c.spanId = s.spanId;
  c.traceState = s.traceState;
  c.parentSpanId = s.parentSpanId;
  c.flags = s.flags;
  c.name = s.name;
  c.kind = s.kind;
  c.startTimeUnixNano = s.startTimeUnixNano;
  c.endTimeUnixNano = s.endTimeUnixNano;
  c.attributes = cloneAttributes(s.attributes);
  c.droppedAttributesCount = s.droppedAttributesCount;
  c.events = s.events.map((e) => {
    const n = new SpanEvent();
    n.timeUnixNano = e.timeUnixNano;
    n.name = e.name;
    n.attributes = cloneAttributes(e.attributes);
    n.droppedAttributesCount = e.droppedAttributesCount;
    return n;
  });
  c.droppedEventsCount = s.droppedEventsCount;
  c.links = s.links.map((l) => {
    const n = new SpanLink();
    n.traceId = l.traceId;
    n.spanId = l.spanId;
    n.traceState = l.traceState;
    n.attributes = cloneAttributes(l.attributes);
    n.droppedAttributesCount = l.droppedAttributesCount;
    n.flags = l.flags;
    return n;
  });
  c.droppedLinksCount = s.droppedLinksCount;
  const st = new Status();
  st.code = s.status.code;
  st.message = s.status.message;
  c.status = st;
  return c;
}

function cloneTraces(list: readonly ResourceSpans[]): ResourceSpans[] {
  return list.map((rs) => {
    const r = new ResourceSpans();
    r.resource = cloneResource(rs.resource);
    r.schemaUrl = rs.schemaUrl;
    r.scopeSpans = rs.scopeSpans.map((ss) => {
      const s = new ScopeSpans();
      s.scope = cloneScope(ss.scope);
      s.schemaUrl = ss.schemaUrl;
      s.spans = ss.spans.map(cloneSpan);
      return s;
    });
    return r;
  });
}

const codec: SignalCodec<ResourceSpans> = {
  signal: 'traces',
  requestDef: TracesRequestDef,
  levels: TRACE_LEVELS,
  decode: decodeTraces,
  encode: encodeTraces,
  count: countSpans,
  clone: cloneTraces,
};

export class Traces extends OtlpPayload<ResourceSpans> {
  readonly signal = 'traces' as const;
  protected readonly codec = codec;

  constructor(resourceSpans: ResourceSpans[] = []) {
    super(resourceSpans);
  }

  protected make(): this {
    return new Traces(undefined) as this;
  }

  /** Wraps request bytes without decoding them. */
  static fromProto(bytes: Uint8Array, opts: FromProtoOptions = {}): Traces {
    return new Traces().adoptProto(bytes, opts);
  }

  /** Parses OTLP/JSON (camelCase or snake_case keys, hex ids, int64 as strings or numbers). */
  static fromJSON(text: string | Uint8Array): Traces {
    return new Traces(tracesFromJSON(text));
  }

  static concat(list: readonly Traces[]): Traces {
    return new Traces().concatInto(list);
  }

  /** The decoded tree, read-only by contract: call mutable() before changing anything. */
  get resourceSpans(): readonly ResourceSpans[] {
    return this.read();
  }

  /** The decoded tree for changing; toProto() will re-encode it. */
  mutable(): ResourceSpans[] {
    return this.mutableTree();
  }

  toJSON(): string {
    return tracesToJSON(this.read());
  }

  /** Calls fn for every span with its scope and resource containers. */
  forEachSpan(fn: (span: Span, scopeSpans: ScopeSpans, resourceSpans: ResourceSpans) => void): void {
    for (const rs of this.read()) for (const ss of rs.scopeSpans) for (const s of ss.spans) fn(s, ss, rs);
  }
}
