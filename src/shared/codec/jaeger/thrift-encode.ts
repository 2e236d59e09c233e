// Jaeger Thrift IDL encoder (the inverse of thrift.ts), for test inputs, golden-fixture requests,
// fuzz seeds and benchmark load. Optional fields are written only when set, as Thrift clients do.

import { BinaryWriter, CompactWriter, TMessageType, type ThriftWriter } from '../thrift/writer.js';
import { TType } from '../thrift/types.js';
import type { JaegerBatch, JaegerLog, JaegerProcess, JaegerSpan, JaegerSpanRef, JaegerTag } from './thrift.js';
import { zeroSpan } from './thrift.js';

/** A tag with only the fields a client would set: `tag('k', 'v')` etc. infer vType. */
export function tag(key: string, value: string | number | boolean | bigint | Uint8Array): JaegerTag {
  const t: JaegerTag = { key, vType: 0, vStr: undefined, vDouble: undefined, vBool: undefined, vLong: undefined, vBinary: undefined };
  if (typeof value === 'string') t.vStr = value;
  else if (typeof value === 'number') ((t.vType = 1), (t.vDouble = value));
  else if (typeof value === 'boolean') ((t.vType = 2), (t.vBool = value));
  else if (typeof value === 'bigint') ((t.vType = 3), (t.vLong = value));
  else ((t.vType = 4), (t.vBinary = value));
  return t;
}

function writeList<T>(w: ThriftWriter, id: number, items: readonly T[] | undefined, write: (w: ThriftWriter, item: T) => void): void {
  if (items === undefined) return;
  w.writeFieldBegin(TType.LIST, id);
  w.writeListBegin(TType.STRUCT, items.length);
  for (const item of items) write(w, item);
}

function i64(w: ThriftWriter, id: number, v: bigint): void {
  w.writeFieldBegin(TType.I64, id);
  w.writeI64(v);
}

function writeTag(w: ThriftWriter, t: JaegerTag): void {
  w.structBegin();
  w.writeFieldBegin(TType.STRING, 1);
  w.writeString(t.key);
  w.writeFieldBegin(TType.I32, 2);
  w.writeI32(t.vType);
  if (t.vStr !== undefined) (w.writeFieldBegin(TType.STRING, 3), w.writeString(t.vStr));
  if (t.vDouble !== undefined) (w.writeFieldBegin(TType.DOUBLE, 4), w.writeDouble(t.vDouble));
  if (t.vBool !== undefined) (w.writeFieldBegin(TType.BOOL, 5), w.writeBool(t.vBool));
  if (t.vLong !== undefined) i64(w, 6, t.vLong);
  if (t.vBinary !== undefined) (w.writeFieldBegin(TType.STRING, 7), w.writeBinary(t.vBinary));
  w.writeFieldStop();
  w.structEnd();
}

function writeLog(w: ThriftWriter, l: JaegerLog): void {
  w.structBegin();
  i64(w, 1, l.timestamp);
  writeList(w, 2, l.fields, writeTag);
  w.writeFieldStop();
  w.structEnd();
}

function writeRef(w: ThriftWriter, r: JaegerSpanRef): void {
  w.structBegin();
  w.writeFieldBegin(TType.I32, 1);
  w.writeI32(r.refType);
  i64(w, 2, r.traceIdLow);
  i64(w, 3, r.traceIdHigh);
  i64(w, 4, r.spanId);
  w.writeFieldStop();
  w.structEnd();
}

function writeSpan(w: ThriftWriter, s: JaegerSpan): void {
  w.structBegin();
  i64(w, 1, s.traceIdLow);
  i64(w, 2, s.traceIdHigh);
  i64(w, 3, s.spanId);
  i64(w, 4, s.parentSpanId);
  w.writeFieldBegin(TType.STRING, 5);
  w.writeString(s.operationName);
  writeList(w, 6, s.references, writeRef);
  w.writeFieldBegin(TType.I32, 7);
  w.writeI32(s.flags);
  i64(w, 8, s.startTime);
  i64(w, 9, s.duration);
  writeList(w, 10, s.tags, writeTag);
  writeList(w, 11, s.logs, writeLog);
  w.writeFieldStop();
  w.structEnd();
}

function writeProcess(w: ThriftWriter, p: JaegerProcess): void {
  w.structBegin();
  w.writeFieldBegin(TType.STRING, 1);
  w.writeString(p.serviceName);
  writeList(w, 2, p.tags, writeTag);
  w.writeFieldStop();
  w.structEnd();
}

function writeBatch(w: ThriftWriter, b: JaegerBatch): void {
  w.structBegin();
  w.writeFieldBegin(TType.STRUCT, 1);
  writeProcess(w, b.process);
  writeList(w, 2, b.spans, writeSpan);
  w.writeFieldStop();
  w.structEnd();
}

/** The thrift_http body: a bare Batch in TBinaryProtocol. */
export function encodeBatchBinary(b: JaegerBatch): Buffer {
  const w = new BinaryWriter();
  writeBatch(w, b);
  return w.finish();
}

/** One UDP datagram: `Agent.emitBatch(batch)` as a oneway message. */
export function encodeEmitBatch(b: JaegerBatch, protocol: 'binary' | 'compact', seqId = 1): Buffer {
  const w = protocol === 'binary' ? new BinaryWriter() : new CompactWriter();
  w.writeMessageBegin('emitBatch', TMessageType.ONEWAY, seqId);
  w.structBegin();
  w.writeFieldBegin(TType.STRUCT, 1);
  writeBatch(w, b);
  w.writeFieldStop();
  w.structEnd();
  return w.finish();
}

/** A span with Traefik's shape defaults; override any field. */
export function span(fields: Partial<JaegerSpan>): JaegerSpan {
  return { ...zeroSpan(), flags: 1, ...fields };
}
