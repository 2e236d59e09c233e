// The Jaeger Thrift IDL (jaegertracing/jaeger-idl thrift/jaeger.thrift and agent.thrift), decoded
// into plain objects over either Thrift protocol. Field handling follows Thrift's generated Go
// code, which the Go receiver runs: a known field sent with another type is skipped (and then
// counts as absent), unknown fields are skipped, and a missing required field fails the struct.

import { TMessageType, TType, ThriftDecodeError, type ThriftReader } from '../thrift/index.js';

export const TagType = { STRING: 0, DOUBLE: 1, BOOL: 2, LONG: 3, BINARY: 4 } as const;

export interface JaegerTag {
  key: string;
  vType: number;
  vStr: string | undefined;
  vDouble: number | undefined;
  vBool: boolean | undefined;
  vLong: bigint | undefined;
  vBinary: Uint8Array | undefined;
}

export interface JaegerLog {
  timestamp: bigint;
  fields: JaegerTag[];
}

export interface JaegerSpanRef {
  refType: number;
  traceIdLow: bigint;
  traceIdHigh: bigint;
  spanId: bigint;
}

export interface JaegerSpan {
  traceIdLow: bigint;
  traceIdHigh: bigint;
  spanId: bigint;
  parentSpanId: bigint;
  operationName: string;
  references: JaegerSpanRef[] | undefined;
  flags: number;
  startTime: bigint;
  duration: bigint;
  tags: JaegerTag[] | undefined;
  logs: JaegerLog[] | undefined;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[] | undefined;
}

export interface JaegerBatch {
  process: JaegerProcess;
  spans: JaegerSpan[];
}

function missing(struct: string, field: string): ThriftDecodeError {
  return new ThriftDecodeError('missing_field', `jaeger.${struct}: required field ${field} is not set`);
}

function list<T>(r: ThriftReader, what: string, elemType: number, readElem: (r: ThriftReader) => T): T[] {
  const { elemType: got, size } = r.readListBegin();
  if (size > 0 && got !== elemType) {
    throw new ThriftDecodeError('bad_type', `jaeger: ${what} has elements of type ${got}, want ${elemType}`);
  }
  const out = new Array<T>(size);
  for (let i = 0; i < size; i++) out[i] = readElem(r);
  return out;
}

function readTag(r: ThriftReader): JaegerTag {
  const tag: JaegerTag = { key: '', vType: 0, vStr: undefined, vDouble: undefined, vBool: undefined, vLong: undefined, vBinary: undefined };
  let hasKey = false;
  let hasType = false;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    switch (r.fieldId) {
      case 1:
        if (t === TType.STRING) {
          tag.key = r.readString();
          hasKey = true;
        } else r.skip(t);
        break;
      case 2:
        if (t === TType.I32) {
          tag.vType = r.readI32();
          hasType = true;
        } else r.skip(t);
        break;
      case 3:
        if (t === TType.STRING) tag.vStr = r.readString();
        else r.skip(t);
        break;
      case 4:
        if (t === TType.DOUBLE) tag.vDouble = r.readDouble();
        else r.skip(t);
        break;
      case 5:
        if (t === TType.BOOL) tag.vBool = r.readBool();
        else r.skip(t);
        break;
      case 6:
        if (t === TType.I64) tag.vLong = r.readI64();
        else r.skip(t);
        break;
      case 7:
        if (t === TType.STRING) tag.vBinary = r.readBinary();
        else r.skip(t);
        break;
      default:
        r.skip(t);
    }
  }
  r.structEnd();
  if (!hasKey) throw missing('Tag', 'key');
  if (!hasType) throw missing('Tag', 'vType');
  return tag;
}

function readLog(r: ThriftReader): JaegerLog {
  const log: JaegerLog = { timestamp: 0n, fields: [] };
  let hasTimestamp = false;
  let hasFields = false;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1 && t === TType.I64) {
      log.timestamp = r.readI64();
      hasTimestamp = true;
    } else if (r.fieldId === 2 && t === TType.LIST) {
      log.fields = list(r, 'Log.fields', TType.STRUCT, readTag);
      hasFields = true;
    } else r.skip(t);
  }
  r.structEnd();
  if (!hasTimestamp) throw missing('Log', 'timestamp');
  if (!hasFields) throw missing('Log', 'fields');
  return log;
}

function readSpanRef(r: ThriftReader): JaegerSpanRef {
  const ref: JaegerSpanRef = { refType: 0, traceIdLow: 0n, traceIdHigh: 0n, spanId: 0n };
  let seen = 0;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    const id = r.fieldId;
    if (id === 1 && t === TType.I32) {
      ref.refType = r.readI32();
      seen |= 1;
    } else if (id === 2 && t === TType.I64) {
      ref.traceIdLow = r.readI64();
      seen |= 2;
    } else if (id === 3 && t === TType.I64) {
      ref.traceIdHigh = r.readI64();
      seen |= 4;
    } else if (id === 4 && t === TType.I64) {
      ref.spanId = r.readI64();
      seen |= 8;
    } else r.skip(t);
  }
  r.structEnd();
  if (seen !== 15) {
    const names = ['refType', 'traceIdLow', 'traceIdHigh', 'spanId'];
    for (let i = 0; i < 4; i++) if ((seen & (1 << i)) === 0) throw missing('SpanRef', names[i]!);
  }
  return ref;
}

/** Span's required fields as bits of a `seen` mask (both Jaeger readers refuse a span missing one). */
export const SPAN_REQUIRED: ReadonlyArray<[number, string]> = [
  [1, 'traceIdLow'],
  [2, 'traceIdHigh'],
  [4, 'spanId'],
  [8, 'parentSpanId'],
  [16, 'operationName'],
  [32, 'flags'],
  [64, 'startTime'],
  [128, 'duration'],
];

/** A span with every field at its zero value (Go's new(jaeger.Span)), all fields present in declaration order. */
export function zeroSpan(): JaegerSpan {
  return {
    traceIdLow: 0n,
    traceIdHigh: 0n,
    spanId: 0n,
    parentSpanId: 0n,
    operationName: '',
    references: undefined,
    flags: 0,
    startTime: 0n,
    duration: 0n,
    tags: undefined,
    logs: undefined,
  };
}

function readSpan(r: ThriftReader): JaegerSpan {
  const span = zeroSpan();
  let seen = 0;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    switch (r.fieldId) {
      case 1:
        if (t === TType.I64) {
          span.traceIdLow = r.readI64();
          seen |= 1;
        } else r.skip(t);
        break;
      case 2:
        if (t === TType.I64) {
          span.traceIdHigh = r.readI64();
          seen |= 2;
        } else r.skip(t);
        break;
      case 3:
        if (t === TType.I64) {
          span.spanId = r.readI64();
          seen |= 4;
        } else r.skip(t);
        break;
      case 4:
        if (t === TType.I64) {
          span.parentSpanId = r.readI64();
          seen |= 8;
        } else r.skip(t);
        break;
      case 5:
        if (t === TType.STRING) {
          span.operationName = r.readString();
          seen |= 16;
        } else r.skip(t);
        break;
      case 6:
        if (t === TType.LIST) span.references = list(r, 'Span.references', TType.STRUCT, readSpanRef);
        else r.skip(t);
        break;
      case 7:
        if (t === TType.I32) {
          span.flags = r.readI32();
          seen |= 32;
        } else r.skip(t);
        break;
      case 8:
        if (t === TType.I64) {
          span.startTime = r.readI64();
          seen |= 64;
        } else r.skip(t);
        break;
      case 9:
        if (t === TType.I64) {
          span.duration = r.readI64();
          seen |= 128;
        } else r.skip(t);
        break;
      case 10:
        if (t === TType.LIST) span.tags = list(r, 'Span.tags', TType.STRUCT, readTag);
        else r.skip(t);
        break;
      case 11:
        if (t === TType.LIST) span.logs = list(r, 'Span.logs', TType.STRUCT, readLog);
        else r.skip(t);
        break;
      default:
        r.skip(t);
    }
  }
  r.structEnd();
  if (seen !== 255) {
    for (const [bit, name] of SPAN_REQUIRED) if ((seen & bit) === 0) throw missing('Span', name);
  }
  return span;
}

/** A `jaeger.Process` struct (the batch's first field). */
export function readProcess(r: ThriftReader): JaegerProcess {
  const process: JaegerProcess = { serviceName: '', tags: undefined };
  let hasName = false;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1 && t === TType.STRING) {
      process.serviceName = r.readString();
      hasName = true;
    } else if (r.fieldId === 2 && t === TType.LIST) {
      process.tags = list(r, 'Process.tags', TType.STRUCT, readTag);
    } else r.skip(t);
  }
  r.structEnd();
  if (!hasName) throw missing('Process', 'serviceName');
  return process;
}

/** A `jaeger.Batch` struct: the thrift_http body (TBinaryProtocol, no message envelope). */
export function readBatch(r: ThriftReader): JaegerBatch {
  let process: JaegerProcess | undefined;
  let spans: JaegerSpan[] | undefined;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1 && t === TType.STRUCT) process = readProcess(r);
    else if (r.fieldId === 2 && t === TType.LIST) spans = list(r, 'Batch.spans', TType.STRUCT, readSpan);
    // seqNo (3) and stats (4) are skipped, which still checks their structure.
    else r.skip(t);
  }
  r.structEnd();
  if (!process) throw missing('Batch', 'process');
  if (!spans) throw missing('Batch', 'spans');
  return { process, spans };
}

/**
 * One `Agent.emitBatch` oneway call (a UDP datagram from a Jaeger client or agent). Returns the
 * batch, or undefined when the call carried none (Go hands a nil batch on, which counts nothing).
 * Any other method (`emitZipkinBatch`, which Go's receiver does not support) is refused.
 */
export function readEmitBatch(r: ThriftReader): JaegerBatch | undefined {
  readEmitBatchHeader(r);
  let batch: JaegerBatch | undefined;
  r.structBegin();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1 && t === TType.STRUCT) batch = readBatch(r);
    else r.skip(t);
  }
  r.structEnd();
  return batch;
}

/** The message envelope of an `Agent.emitBatch` call, checked (the arguments struct follows). */
export function readEmitBatchHeader(r: ThriftReader): void {
  const msg = r.readMessageBegin();
  if (msg.name !== 'emitBatch') {
    throw new ThriftDecodeError('bad_message', `jaeger agent: unsupported method "${msg.name.slice(0, 64)}" (only emitBatch is served)`);
  }
  if (msg.type !== TMessageType.ONEWAY && msg.type !== TMessageType.CALL) {
    throw new ThriftDecodeError('bad_message', `jaeger agent: emitBatch message of type ${msg.type}, want ONEWAY`);
  }
}
