// Jaeger Thrift Batch → OTLP traces, as Go's ThriftToTraces does (contrib
// pkg/translator/jaeger/jaegerthrift_to_traces.go, v0.130.0). Unlike the protobuf path, Go's thrift
// path makes one ResourceSpans with one empty-scope ScopeSpans, and reads neither otel.scope.* nor
// w3c.tracestate tags (they stay attributes); the golden fixtures in testdata/ pin this down.

import type { JaegerBatch, JaegerLog, JaegerSpan, JaegerSpanRef, JaegerTag } from '../../../shared/codec/jaeger/thrift.js';
import { SpanRefType, TagType } from '../../../shared/codec/jaeger/thrift.js';
import { KeyValue, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Traces, type AnyValue } from '../../../pdata/index.js';
import { applySpanKind, applyStatus, mapGet, mapPut, mapRemove, spanIdFrom64, str, traceIdFrom64, translateResourceKeys } from './attrs.js';

const TAG_TYPE_NAMES = ['STRING', 'DOUBLE', 'BOOL', 'LONG', 'BINARY'];
const EMPTY_BYTES = new Uint8Array(0);

export function thriftTagValue(tag: JaegerTag): AnyValue {
  switch (tag.vType) {
    case TagType.STRING:
      return tag.vStr ?? '';
    case TagType.BOOL:
      return tag.vBool ?? false;
    case TagType.LONG:
      return tag.vLong ?? 0n;
    case TagType.DOUBLE:
      return tag.vDouble ?? 0;
    case TagType.BINARY:
      return tag.vBinary ?? EMPTY_BYTES;
    default:
      // Go formats the enum with %q and its String(), which is "<UNSET>" for unknown values.
      return `<Unknown Jaeger TagType "${TAG_TYPE_NAMES[tag.vType] ?? '<UNSET>'}">`;
  }
}

function putTags(tags: readonly JaegerTag[] | undefined, dest: KeyValue[]): void {
  if (!tags) return;
  for (let i = 0; i < tags.length; i++) mapPut(dest, tags[i]!.key, thriftTagValue(tags[i]!));
}

/** microsecondsToUnixNano: uint64(µs) * 1000, wrapping as Go's unsigned arithmetic does. */
function microsToNanos(us: bigint): bigint {
  return BigInt.asUintN(64, us * 1000n);
}

/** jThriftSpanParentID: parentSpanId, else a same-trace CHILD_OF reference, else a FOLLOWS_FROM one. */
function parentIdOf(span: JaegerSpan): bigint {
  if (span.parentSpanId !== 0n) return span.parentSpanId;
  let followsFrom: JaegerSpanRef | undefined;
  for (const ref of span.references ?? []) {
    if (ref.traceIdHigh !== span.traceIdHigh || ref.traceIdLow !== span.traceIdLow) continue;
    if (ref.refType === SpanRefType.CHILD_OF) return ref.spanId;
    if (!followsFrom && ref.refType === SpanRefType.FOLLOWS_FROM) followsFrom = ref;
  }
  return followsFrom ? followsFrom.spanId : 0n;
}

/** Go skips a span equal to a zero-valued struct (reflect.DeepEqual with new(jaeger.Span)). */
function isBlank(s: JaegerSpan): boolean {
  return (
    s.traceIdLow === 0n &&
    s.traceIdHigh === 0n &&
    s.spanId === 0n &&
    s.parentSpanId === 0n &&
    s.operationName === '' &&
    s.references === undefined &&
    s.flags === 0 &&
    s.startTime === 0n &&
    s.duration === 0n &&
    s.tags === undefined &&
    s.logs === undefined
  );
}

function logsToEvents(logs: readonly JaegerLog[], dest: SpanEvent[]): void {
  for (const log of logs) {
    const event = new SpanEvent();
    event.timeUnixNano = microsToNanos(log.timestamp);
    dest.push(event);
    if (log.fields.length === 0) continue;
    putTags(log.fields, event.attributes);
    const name = mapGet(event.attributes, 'event');
    if (name !== undefined) {
      event.name = str(name);
      mapRemove(event.attributes, 'event');
    }
  }
}

function referencesToLinks(refs: readonly JaegerSpanRef[] | undefined, parentId: bigint, dest: SpanLink[]): void {
  if (!refs) return;
  for (const ref of refs) {
    if (ref.spanId === parentId && ref.refType === SpanRefType.CHILD_OF) continue;
    const link = new SpanLink();
    link.traceId = traceIdFrom64(ref.traceIdHigh, ref.traceIdLow);
    link.spanId = spanIdFrom64(ref.spanId);
    link.attributes.push(new KeyValue('opentracing.ref_type', ref.refType === SpanRefType.CHILD_OF ? 'child_of' : 'follows_from'));
    dest.push(link);
  }
}

export function thriftSpanToOtlp(js: JaegerSpan): Span {
  const span = new Span();
  span.traceId = traceIdFrom64(js.traceIdHigh, js.traceIdLow);
  span.spanId = spanIdFrom64(js.spanId);
  span.name = js.operationName;
  span.startTimeUnixNano = microsToNanos(js.startTime);
  span.endTimeUnixNano = microsToNanos(BigInt.asIntN(64, js.startTime + js.duration));
  const parentId = parentIdOf(js);
  span.parentSpanId = spanIdFrom64(parentId);
  putTags(js.tags, span.attributes);
  applySpanKind(span);
  applyStatus(span);
  if (js.logs) logsToEvents(js.logs, span.events);
  referencesToLinks(js.references, parentId, span.links);
  return span;
}

/** One batch → one ResourceSpans (its process) with one ScopeSpans; a batch without spans has no scope. */
export function thriftBatchToTraces(batch: JaegerBatch): Traces {
  const rs = new ResourceSpans();
  const { process } = batch;
  if (process.serviceName !== '' || process.tags !== undefined) {
    const attrs = rs.resource.attributes;
    if (process.serviceName !== '') attrs.push(new KeyValue('service.name', process.serviceName));
    putTags(process.tags, attrs);
    translateResourceKeys(attrs);
  }
  if (batch.spans.length > 0) {
    const ss = new ScopeSpans();
    for (const js of batch.spans) if (!isBlank(js)) ss.spans.push(thriftSpanToOtlp(js));
    rs.scopeSpans.push(ss);
  }
  return new Traces([rs]);
}
