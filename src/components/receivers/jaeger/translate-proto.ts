// jaeger.api_v2 Batch → OTLP traces, as Go's ProtoToTraces does (contrib
// pkg/translator/jaeger/jaegerproto_to_traces.go, v0.130.0). Differences from the thrift path, all
// Go's: spans carrying their own Process go to that process's ResourceSpans; spans are grouped into
// scopes by the otel.scope.name/otel.scope.version tags (which leave the attributes); the
// w3c.tracestate tag becomes the trace state; the parent comes from references only.
// Go groups processes in a map (random order); we keep first-seen order.

import type { ProtoBatch, ProtoKeyValue, ProtoProcess, ProtoSpan } from '../../../shared/codec/jaeger/model-proto.js';
import { ValueType } from '../../../shared/codec/jaeger/model-proto.js';
import { KeyValue, ResourceSpans, ScopeSpans, Span, Traces, type AnyValue } from '../../../pdata/index.js';
import { applySpanKind, applyStatus, mapGet, mapPut, mapRemove, spanIdFrom64, str, traceIdFrom64, translateResourceKeys } from './attrs.js';
import { logToEvent, parentFromReferences, referencesToLinks } from './span-parts.js';

const NO_SERVICE_NAME = 'OTLPResourceNoServiceName';

function protoTagValue(kv: ProtoKeyValue): AnyValue {
  switch (kv.vType) {
    case ValueType.STRING:
      return kv.vStr;
    case ValueType.BOOL:
      return kv.vBool;
    case ValueType.INT64:
      return kv.vInt64;
    case ValueType.FLOAT64:
      return kv.vFloat64;
    case ValueType.BINARY:
      return kv.vBinary;
    default:
      // gogo's enum String() prints an unknown value as its number.
      return `<Unknown Jaeger TagType "${kv.vType}">`;
  }
}

function putTags(tags: readonly ProtoKeyValue[], dest: KeyValue[]): void {
  for (let i = 0; i < tags.length; i++) mapPut(dest, tags[i]!.key, protoTagValue(tags[i]!));
}

/** Process.Hash input: service name, then each tag's key, type and value bytes. */
function processKey(p: ProtoProcess | undefined): string {
  if (!p) return '';
  let k = `${p.serviceName.length}:${p.serviceName}`;
  for (const t of p.tags)
    k += `|${t.key.length}:${t.key}:${t.vType}:${t.vStr}:${t.vBool}:${t.vInt64}:${t.vFloat64}:${Buffer.from(t.vBinary).toString('base64')}`;
  return `#${k}`;
}

function isBlank(s: ProtoSpan): boolean {
  return (
    s.traceIdHigh === 0n &&
    s.traceIdLow === 0n &&
    s.spanId === 0n &&
    s.operationName === '' &&
    s.references.length === 0 &&
    s.flags === 0 &&
    s.startTime === 0n &&
    s.duration === 0n &&
    s.tags.length === 0 &&
    s.logs.length === 0 &&
    s.process === undefined
  );
}

/** getAndDeleteTag: the first tag with `key` leaves the list (order kept); its string value. */
function takeTag(span: ProtoSpan, key: string): string | undefined {
  const i = span.tags.findIndex((t) => t.key === key);
  if (i < 0) return undefined;
  const [t] = span.tags.splice(i, 1);
  return t!.vType === ValueType.STRING ? t!.vStr : '';
}

function resourceFor(process: ProtoProcess | undefined, rs: ResourceSpans): void {
  if (!process || process.serviceName === NO_SERVICE_NAME) return;
  const attrs = rs.resource.attributes;
  if (process.serviceName !== '') attrs.push(new KeyValue('service.name', process.serviceName));
  putTags(process.tags, attrs);
  translateResourceKeys(attrs);
}

function spanToOtlp(ps: ProtoSpan): Span {
  const span = new Span();
  span.traceId = traceIdFrom64(ps.traceIdHigh, ps.traceIdLow);
  span.spanId = spanIdFrom64(ps.spanId);
  span.name = ps.operationName;
  span.startTimeUnixNano = BigInt.asUintN(64, ps.startTime);
  span.endTimeUnixNano = BigInt.asUintN(64, ps.startTime + ps.duration);
  const parentId = parentFromReferences(ps, ps.references);
  span.parentSpanId = spanIdFrom64(parentId);
  putTags(ps.tags, span.attributes);
  applySpanKind(span);
  applyStatus(span);
  const state = mapGet(span.attributes, 'w3c.tracestate');
  if (state !== undefined) {
    span.traceState = str(state);
    mapRemove(span.attributes, 'w3c.tracestate');
  }
  for (const log of ps.logs) span.events.push(logToEvent(BigInt.asUintN(64, log.timestamp), log.fields, protoTagValue));
  referencesToLinks(ps.references, parentId, span.links);
  return span;
}

export function protoBatchToTraces(batch: ProtoBatch): Traces {
  const groups = new Map<string, { process: ProtoProcess | undefined; spans: ProtoSpan[] }>();
  const group = (p: ProtoProcess | undefined) => {
    const key = processKey(p);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { process: p, spans: [] }));
    return g;
  };
  const main = group(batch.process);
  for (const s of batch.spans) (s.process ? group(s.process) : main).spans.push(s);

  const out: ResourceSpans[] = [];
  for (const g of groups.values()) {
    if (!g.process && g.spans.length === 0) continue;
    const rs = new ResourceSpans();
    resourceFor(g.process, rs);
    const scopes = new Map<string, ScopeSpans>();
    for (const ps of g.spans) {
      if (isBlank(ps)) continue;
      let name = '';
      let version = '';
      const n = takeTag(ps, 'otel.scope.name');
      if (n !== undefined) {
        name = n;
        version = takeTag(ps, 'otel.scope.version') ?? '';
      }
      const key = `${name.length}:${name}${version}`;
      let ss = scopes.get(key);
      if (!ss) {
        ss = new ScopeSpans();
        ss.scope.name = name;
        ss.scope.version = version;
        scopes.set(key, ss);
        rs.scopeSpans.push(ss);
      }
      ss.spans.push(spanToOtlp(ps));
    }
    out.push(rs);
  }
  return new Traces(out);
}
