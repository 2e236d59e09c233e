// jaeger.api_v2 protobuf model (jaegertracing/jaeger-idl proto/api_v2/model.proto and
// collector.proto; our copy: model.proto beside this file), decoded from PostSpansRequest bytes
// into plain objects. Ids follow jaeger-idl model/v1/ids.go: a trace id is 16 bytes (or 8, low
// half only), a span id exactly 8; anything else fails the request, as in Go.

import { PdataDecodeError } from '../../../pdata/errors.js';
import { Reader } from '../../../pdata/wire/reader.js';

export const ValueType = { STRING: 0, BOOL: 1, INT64: 2, FLOAT64: 3, BINARY: 4 } as const;

export interface ProtoKeyValue {
  key: string;
  vType: number;
  vStr: string;
  vBool: boolean;
  vInt64: bigint;
  vFloat64: number;
  vBinary: Uint8Array;
}

export interface ProtoLog {
  /** Unix nanoseconds (google.protobuf.Timestamp seconds * 1e9 + nanos). */
  timestamp: bigint;
  fields: ProtoKeyValue[];
}

export interface ProtoSpanRef {
  traceIdHigh: bigint;
  traceIdLow: bigint;
  spanId: bigint;
  refType: number;
}

export interface ProtoProcess {
  serviceName: string;
  tags: ProtoKeyValue[];
}

export interface ProtoSpan {
  traceIdHigh: bigint;
  traceIdLow: bigint;
  spanId: bigint;
  operationName: string;
  references: ProtoSpanRef[];
  flags: number;
  /** Unix nanoseconds. */
  startTime: bigint;
  /** Nanoseconds. */
  duration: bigint;
  tags: ProtoKeyValue[];
  logs: ProtoLog[];
  process: ProtoProcess | undefined;
}

export interface ProtoBatch {
  spans: ProtoSpan[];
  process: ProtoProcess | undefined;
}

const EMPTY = new Uint8Array(0);

function traceId(r: Reader, end: number, into: { traceIdHigh: bigint; traceIdLow: bigint }): void {
  const b = r.lenEnd(end);
  const n = b - r.pos;
  if (n === 16) {
    into.traceIdHigh = r.dv.getBigUint64(r.pos);
    into.traceIdLow = r.dv.getBigUint64(r.pos + 8);
  } else if (n === 8) {
    into.traceIdHigh = 0n;
    into.traceIdLow = r.dv.getBigUint64(r.pos);
  } else throw new PdataDecodeError(`invalid length for TraceID (${n} bytes)`, r.pos);
  r.pos = b;
}

function spanId(r: Reader, end: number): bigint {
  const b = r.lenEnd(end);
  if (b - r.pos !== 8) throw new PdataDecodeError(`invalid length for SpanID (${b - r.pos} bytes)`, r.pos);
  const v = r.dv.getBigUint64(r.pos);
  r.pos = b;
  return v;
}

/** google.protobuf.Timestamp / Duration: seconds (1), nanos (2) → nanoseconds. */
function secondsNanos(r: Reader, end: number, msg: string): bigint {
  const e = r.lenEnd(end);
  let seconds = 0n;
  let nanos = 0;
  while (r.pos < e) {
    const tag = r.varint();
    if (tag === 8) seconds = r.int64();
    else if (tag === 16) nanos = r.varint() | 0;
    else r.skip(tag, e, 0b110, msg);
  }
  r.finish(e, msg);
  return seconds * 1_000_000_000n + BigInt(nanos);
}

function keyValue(r: Reader, end: number): ProtoKeyValue {
  const e = r.lenEnd(end);
  const kv: ProtoKeyValue = { key: '', vType: 0, vStr: '', vBool: false, vInt64: 0n, vFloat64: 0, vBinary: EMPTY };
  while (r.pos < e) {
    const tag = r.varint();
    switch (tag) {
      case 10:
        kv.key = r.string(e);
        break;
      case 16:
        kv.vType = r.varint() | 0;
        break;
      case 26:
        kv.vStr = r.string(e);
        break;
      case 32:
        kv.vBool = r.varint() !== 0;
        break;
      case 40:
        kv.vInt64 = r.int64();
        break;
      case 49:
        kv.vFloat64 = r.double();
        break;
      case 58:
        kv.vBinary = r.bytes(e);
        break;
      default:
        r.skip(tag, e, 0b11111110, 'jaeger.api_v2.KeyValue');
    }
  }
  r.finish(e, 'jaeger.api_v2.KeyValue');
  return kv;
}

function log(r: Reader, end: number): ProtoLog {
  const e = r.lenEnd(end);
  const l: ProtoLog = { timestamp: 0n, fields: [] };
  while (r.pos < e) {
    const tag = r.varint();
    if (tag === 10) l.timestamp = secondsNanos(r, e, 'google.protobuf.Timestamp');
    else if (tag === 18) l.fields.push(keyValue(r, e));
    else r.skip(tag, e, 0b110, 'jaeger.api_v2.Log');
  }
  r.finish(e, 'jaeger.api_v2.Log');
  return l;
}

function spanRef(r: Reader, end: number): ProtoSpanRef {
  const e = r.lenEnd(end);
  const ref: ProtoSpanRef = { traceIdHigh: 0n, traceIdLow: 0n, spanId: 0n, refType: 0 };
  while (r.pos < e) {
    const tag = r.varint();
    if (tag === 10) traceId(r, e, ref);
    else if (tag === 18) ref.spanId = spanId(r, e);
    else if (tag === 24) ref.refType = r.varint() | 0;
    else r.skip(tag, e, 0b1110, 'jaeger.api_v2.SpanRef');
  }
  r.finish(e, 'jaeger.api_v2.SpanRef');
  return ref;
}

function processMsg(r: Reader, end: number): ProtoProcess {
  const e = r.lenEnd(end);
  const p: ProtoProcess = { serviceName: '', tags: [] };
  while (r.pos < e) {
    const tag = r.varint();
    if (tag === 10) p.serviceName = r.string(e);
    else if (tag === 18) p.tags.push(keyValue(r, e));
    else r.skip(tag, e, 0b110, 'jaeger.api_v2.Process');
  }
  r.finish(e, 'jaeger.api_v2.Process');
  return p;
}

function span(r: Reader, end: number): ProtoSpan {
  const e = r.lenEnd(end);
  const s: ProtoSpan = {
    traceIdHigh: 0n,
    traceIdLow: 0n,
    spanId: 0n,
    operationName: '',
    references: [],
    flags: 0,
    startTime: 0n,
    duration: 0n,
    tags: [],
    logs: [],
    process: undefined,
  };
  while (r.pos < e) {
    const tag = r.varint();
    switch (tag) {
      case 10:
        traceId(r, e, s);
        break;
      case 18:
        s.spanId = spanId(r, e);
        break;
      case 26:
        s.operationName = r.string(e);
        break;
      case 34:
        s.references.push(spanRef(r, e));
        break;
      case 40:
        s.flags = r.varint();
        break;
      case 50:
        s.startTime = secondsNanos(r, e, 'google.protobuf.Timestamp');
        break;
      case 58:
        s.duration = secondsNanos(r, e, 'google.protobuf.Duration');
        break;
      case 66:
        s.tags.push(keyValue(r, e));
        break;
      case 74:
        s.logs.push(log(r, e));
        break;
      case 82:
        s.process = processMsg(r, e);
        break;
      default:
        // process_id (11) and warnings (12) are not used by the translation.
        r.skip(tag, e, 0b1111111110, 'jaeger.api_v2.Span');
    }
  }
  r.finish(e, 'jaeger.api_v2.Span');
  return s;
}

function batch(r: Reader, end: number): ProtoBatch {
  const e = r.lenEnd(end);
  const b: ProtoBatch = { spans: [], process: undefined };
  while (r.pos < e) {
    const tag = r.varint();
    if (tag === 10) b.spans.push(span(r, e));
    else if (tag === 18) b.process = processMsg(r, e);
    else r.skip(tag, e, 0b110, 'jaeger.api_v2.Batch');
  }
  r.finish(e, 'jaeger.api_v2.Batch');
  return b;
}

/** A `PostSpansRequest` (batch = 1). Throws PdataDecodeError on malformed bytes. */
export function decodePostSpansRequest(bytes: Buffer): ProtoBatch {
  const r = new Reader(bytes);
  let out: ProtoBatch = { spans: [], process: undefined };
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === 10) out = batch(r, r.end);
    else r.skip(tag, r.end, 0b10, 'jaeger.api_v2.PostSpansRequest');
  }
  r.finish(r.end, 'jaeger.api_v2.PostSpansRequest');
  return out;
}
