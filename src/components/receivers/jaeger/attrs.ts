// The pieces of Jaeger → OTLP translation both wire formats share (contrib
// pkg/translator/jaeger/jaegerproto_to_traces.go): Go's pcommon.Map semantics on KeyValue[], ids,
// resource special keys, span kind and the status rules. Attribute order matters for fidelity with
// Go's output: Put updates a key in place, Remove moves the last entry into the removed slot.

import { KeyValue, SpanKind, StatusCode, type AnyValue, type Span } from '../../../pdata/index.js';

export function mapGet(attrs: readonly KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return attrs[i]!.value;
  return undefined;
}

/** pcommon.Map.Put*: update in place, else append. */
export function mapPut(attrs: KeyValue[], key: string, value: AnyValue): void {
  for (let i = 0; i < attrs.length; i++) {
    if (attrs[i]!.key === key) {
      attrs[i]!.value = value;
      return;
    }
  }
  attrs.push(new KeyValue(key, value));
}

/** pcommon.Map.Remove: the first match is replaced by the last entry (order is not kept). */
export function mapRemove(attrs: KeyValue[], key: string): boolean {
  for (let i = 0; i < attrs.length; i++) {
    if (attrs[i]!.key === key) {
      attrs[i] = attrs[attrs.length - 1]!;
      attrs.length--;
      return true;
    }
  }
  return false;
}

/** pcommon.Value.Str(): a string value, '' for every other type. */
export function str(v: AnyValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

const ID_VIEW = new DataView(new ArrayBuffer(16));

/** idutils.UInt64ToSpanID: big-endian bytes; all-zero is the empty id (Go does not serialize it). */
export function spanIdFrom64(id: bigint): string {
  if (id === 0n) return '';
  ID_VIEW.setBigUint64(0, BigInt.asUintN(64, id));
  return String.fromCharCode(
    ID_VIEW.getUint8(0),
    ID_VIEW.getUint8(1),
    ID_VIEW.getUint8(2),
    ID_VIEW.getUint8(3),
    ID_VIEW.getUint8(4),
    ID_VIEW.getUint8(5),
    ID_VIEW.getUint8(6),
    ID_VIEW.getUint8(7),
  );
}

/** idutils.UInt64ToTraceID(high, low). */
export function traceIdFrom64(high: bigint, low: bigint): string {
  if (high === 0n && low === 0n) return '';
  return (high === 0n ? '\0\0\0\0\0\0\0\0' : spanIdFrom64(high)) + (low === 0n ? '\0\0\0\0\0\0\0\0' : spanIdFrom64(low));
}

/** Process special keys (translateHostnameAttr, translateJaegerVersionAttr). */
export function translateResourceKeys(attrs: KeyValue[]): void {
  const hostname = mapGet(attrs, 'hostname');
  if (hostname !== undefined && mapGet(attrs, 'host.name') === undefined) {
    mapPut(attrs, 'host.name', hostname);
    mapRemove(attrs, 'hostname');
  }
  const version = mapGet(attrs, 'jaeger.version');
  if (version !== undefined && mapGet(attrs, 'opencensus.exporterversion') === undefined) {
    mapPut(attrs, 'opencensus.exporterversion', `Jaeger-${str(version)}`);
    mapRemove(attrs, 'jaeger.version');
  }
}

function spanKindFromTag(kind: string): number {
  switch (kind) {
    case 'client':
      return SpanKind.CLIENT;
    case 'server':
      return SpanKind.SERVER;
    case 'producer':
      return SpanKind.PRODUCER;
    case 'consumer':
      return SpanKind.CONSUMER;
    case 'internal':
      return SpanKind.INTERNAL;
    default:
      return SpanKind.UNSPECIFIED;
  }
}

/** The `span.kind` tag becomes the span's kind and leaves the attributes. */
export function applySpanKind(span: Span): void {
  const kind = mapGet(span.attributes, 'span.kind');
  if (kind === undefined) return;
  span.kind = spanKindFromTag(str(kind));
  mapRemove(span.attributes, 'span.kind');
}

function takeStatusDescription(attrs: KeyValue[]): string | undefined {
  const v = mapGet(attrs, 'otel.status_description');
  if (v === undefined) return undefined;
  mapRemove(attrs, 'otel.status_description');
  return str(v);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** codeFromAttr: an int, or a string strconv.ParseInt accepts; undefined otherwise. */
function httpCodeOf(v: AnyValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && /^[+-]?[0-9]+$/.test(v)) {
    const n = BigInt(v);
    return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
  }
  return undefined;
}

/** getStatusCodeFromHTTPStatusAttr + tracetranslator.StatusCodeFromHTTP (note 399 counts as an error there). */
function statusFromHttpCode(code: bigint, kind: number): number {
  if (code >= 400n && code < 500n) {
    if (kind === SpanKind.CLIENT) return StatusCode.ERROR;
    if (kind === SpanKind.SERVER) return StatusCode.UNSET;
  }
  return code >= 100n && code < 399n ? StatusCode.UNSET : StatusCode.ERROR;
}

/** setInternalSpanStatus: `error` (bool true) wins, then `otel.status_code`, then `http.status_code`. */
export function applyStatus(span: Span): void {
  const attrs = span.attributes;
  let code: number = StatusCode.UNSET;
  let message = '';
  let exists = false;

  if (mapGet(attrs, 'error') === true) {
    code = StatusCode.ERROR;
    mapRemove(attrs, 'error');
    exists = true;
    const desc = takeStatusDescription(attrs);
    if (desc !== undefined) message = desc;
    else {
      const httpMsg = mapGet(attrs, 'http.status_message');
      if (httpMsg !== undefined) message = str(httpMsg);
    }
  }

  const otelCode = mapGet(attrs, 'otel.status_code');
  if (otelCode !== undefined) {
    if (!exists) {
      exists = true;
      const upper = str(otelCode).toUpperCase();
      if (upper === 'OK') code = StatusCode.OK;
      else if (upper === 'ERROR') code = StatusCode.ERROR;
      const desc = takeStatusDescription(attrs);
      if (desc !== undefined) message = desc;
    }
    mapRemove(attrs, 'otel.status_code');
  } else if (!exists) {
    const httpCode = mapGet(attrs, 'http.status_code');
    const parsed = httpCode === undefined ? undefined : httpCodeOf(httpCode);
    if (parsed !== undefined) {
      const c = statusFromHttpCode(parsed, span.kind);
      if (c !== StatusCode.UNSET) {
        exists = true;
        code = c;
      }
      const httpMsg = mapGet(attrs, 'http.status_message');
      if (httpMsg !== undefined) message = str(httpMsg);
    }
  }

  if (exists) {
    span.status.code = code;
    span.status.message = message;
  }
}
