// The parts of a Jaeger span Go translates the same way from Thrift and from protobuf (contrib
// pkg/translator/jaeger, v0.130.0: jaegerthrift_to_traces.go and jaegerproto_to_traces.go write
// them twice; here they are written once over the fields both models share).

import { KeyValue, SpanEvent, SpanLink, type AnyValue } from '../../../pdata/index.js';
import { mapGet, mapPut, mapRemove, spanIdFrom64, str, traceIdFrom64 } from './attrs.js';

// Both models number the reference types alike (thrift SpanRefType, api_v2 SpanRefType).
const CHILD_OF = 0;
const FOLLOWS_FROM = 1;

interface Ref {
  traceIdHigh: bigint;
  traceIdLow: bigint;
  spanId: bigint;
  refType: number;
}

/** The parent from references: a same-trace CHILD_OF, else the first same-trace FOLLOWS_FROM, else 0. */
export function parentFromReferences(span: { traceIdHigh: bigint; traceIdLow: bigint }, refs: readonly Ref[] | undefined): bigint {
  let followsFrom: Ref | undefined;
  for (const ref of refs ?? []) {
    if (ref.traceIdHigh !== span.traceIdHigh || ref.traceIdLow !== span.traceIdLow) continue;
    if (ref.refType === CHILD_OF) return ref.spanId;
    if (!followsFrom && ref.refType === FOLLOWS_FROM) followsFrom = ref;
  }
  return followsFrom ? followsFrom.spanId : 0n;
}

/** Every reference but the CHILD_OF one that became the parent, as a link with opentracing.ref_type. */
export function referencesToLinks(refs: readonly Ref[] | undefined, parentId: bigint, dest: SpanLink[]): void {
  for (const ref of refs ?? []) {
    if (ref.spanId === parentId && ref.refType === CHILD_OF) continue;
    const link = new SpanLink();
    link.traceId = traceIdFrom64(ref.traceIdHigh, ref.traceIdLow);
    link.spanId = spanIdFrom64(ref.spanId);
    link.attributes.push(new KeyValue('opentracing.ref_type', ref.refType === CHILD_OF ? 'child_of' : 'follows_from'));
    dest.push(link);
  }
}

/** One log as a span event: its fields become attributes, and an `event` field (as text) the name. */
export function logToEvent<F extends { key: string }>(timeUnixNano: bigint, fields: readonly F[], value: (f: F) => AnyValue): SpanEvent {
  const event = new SpanEvent();
  event.timeUnixNano = timeUnixNano;
  if (fields.length === 0) return event;
  for (let i = 0; i < fields.length; i++) mapPut(event.attributes, fields[i]!.key, value(fields[i]!));
  const name = mapGet(event.attributes, 'event');
  if (name !== undefined) {
    event.name = str(name);
    mapRemove(event.attributes, 'event');
  }
  return event;
}
