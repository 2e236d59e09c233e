// Jaeger Thrift Batch → OTLP traces, as Go's ThriftToTraces does (contrib
// pkg/translator/jaeger/jaegerthrift_to_traces.go, v0.130.0). Unlike the protobuf path, Go's thrift
// path makes one ResourceSpans with one empty-scope ScopeSpans, and reads neither otel.scope.* nor
// w3c.tracestate tags (they stay attributes); the golden fixtures in testdata/ pin this down.

import type { JaegerBatch, JaegerProcess, JaegerSpan, JaegerTag } from '../../../shared/codec/jaeger/thrift.js';
import { TagType } from '../../../shared/codec/jaeger/thrift.js';
import { KeyValue, ResourceSpans, ScopeSpans, Span, Traces, type AnyValue } from '../../../pdata/index.js';
import { applySpanKind, applyStatus, mapPut, spanIdFrom64, traceIdFrom64, translateResourceKeys } from './attrs.js';
import { logToEvent, parentFromReferences, referencesToLinks } from './span-parts.js';

const TAG_TYPE_NAMES = ['STRING', 'DOUBLE', 'BOOL', 'LONG', 'BINARY'];
const EMPTY_BYTES = new Uint8Array(0);

function thriftTagValue(tag: JaegerTag): AnyValue {
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
  return span.parentSpanId !== 0n ? span.parentSpanId : parentFromReferences(span, span.references);
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

function thriftSpanToOtlp(js: JaegerSpan): Span {
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
  for (const log of js.logs ?? []) span.events.push(logToEvent(microsToNanos(log.timestamp), log.fields, thriftTagValue));
  referencesToLinks(js.references, parentId, span.links);
  return span;
}

/** The process as resource attributes: `service.name` first, then its tags, then the special keys. */
export function processToAttributes(process: JaegerProcess): KeyValue[] {
  const attrs: KeyValue[] = [];
  if (process.serviceName === '' && process.tags === undefined) return attrs;
  if (process.serviceName !== '') attrs.push(new KeyValue('service.name', process.serviceName));
  putTags(process.tags, attrs);
  translateResourceKeys(attrs);
  return attrs;
}

/** One batch → one ResourceSpans (its process) with one ScopeSpans; a batch without spans has no scope. */
export function thriftBatchToTraces(batch: JaegerBatch): Traces {
  const rs = new ResourceSpans();
  rs.resource.attributes = processToAttributes(batch.process);
  if (batch.spans.length > 0) {
    const ss = new ScopeSpans();
    for (const js of batch.spans) if (!isBlank(js)) ss.spans.push(thriftSpanToOtlp(js));
    rs.scopeSpans.push(ss);
  }
  return new Traces([rs]);
}
