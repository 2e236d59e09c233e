// The Jaeger thrift → OTLP bytes translator's tag machinery: value kinds, the keys the
// translation reads or removes, tag slots as positions into the body, and the per-span state.
import { BinaryReader, TType, ThriftDecodeError } from '../../../shared/codec/thrift/index.js';

// Value kinds of an attribute slot: the Jaeger TagType numbers, plus UNKNOWN for other vTypes.
export const STRING = 0;
export const DOUBLE = 1;
export const BOOL = 2;
export const LONG = 3;
export const BINARY = 4;
export const UNKNOWN = 5;

// Keys the translation reads or removes.
export const K_SPAN_KIND = 1;
export const K_ERROR = 2;
export const K_OTEL_STATUS_CODE = 3;
export const K_OTEL_STATUS_DESCRIPTION = 4;
export const K_HTTP_STATUS_CODE = 5;
export const K_HTTP_STATUS_MESSAGE = 6;
export const K_EVENT = 7;

const SPECIAL_KEYS: ReadonlyArray<[number, Buffer]> = [
  [K_SPAN_KIND, Buffer.from('span.kind')],
  [K_ERROR, Buffer.from('error')],
  [K_OTEL_STATUS_CODE, Buffer.from('otel.status_code')],
  [K_OTEL_STATUS_DESCRIPTION, Buffer.from('otel.status_description')],
  [K_HTTP_STATUS_CODE, Buffer.from('http.status_code')],
  [K_HTTP_STATUS_MESSAGE, Buffer.from('http.status_message')],
  [K_EVENT, Buffer.from('event')],
];

/** Go formats an unknown vType with %q of its String(), which is "<UNSET>" for every value outside the enum. */
export const UNKNOWN_TAG_TEXT = Buffer.from('<Unknown Jaeger TagType "<UNSET>">');

export const SPAN_KINDS: ReadonlyArray<[Buffer, number]> = [
  [Buffer.from('client'), 3],
  [Buffer.from('server'), 2],
  [Buffer.from('producer'), 4],
  [Buffer.from('consumer'), 5],
  [Buffer.from('internal'), 1],
];

/** A link's one attribute, whole (KeyValue field 4 of Link): opentracing.ref_type = child_of / follows_from. */
function refTypeAttr(value: string): Buffer {
  const key = Buffer.from('opentracing.ref_type');
  const v = Buffer.from(value);
  const anyValue = Buffer.concat([Buffer.from([0x0a, v.length]), v]);
  const kv = Buffer.concat([Buffer.from([0x0a, key.length]), key, Buffer.from([0x12, anyValue.length]), anyValue]);
  return Buffer.concat([Buffer.from([0x22, kv.length]), kv]);
}
export const REF_CHILD_OF = refTypeAttr('child_of');
export const REF_FOLLOWS_FROM = refTypeAttr('follows_from');

export const STATUS_ERROR = 2;
export const STATUS_OK = 1;
export const STATUS_UNSET = 0;
export const KIND_SERVER = 2;
export const KIND_CLIENT = 3;

export function missing(struct: string, field: string): ThriftDecodeError {
  return new ThriftDecodeError('missing_field', `jaeger.${struct}: required field ${field} is not set`);
}

export function listOf(r: BinaryReader, what: string): number {
  const { elemType, size } = r.readListBegin();
  if (size > 0 && elemType !== TType.STRUCT) {
    throw new ThriftDecodeError('bad_type', `jaeger: ${what} has elements of type ${elemType}, want ${TType.STRUCT}`);
  }
  return size;
}

/** Attribute slots: one per distinct key of a tag list, as Go's pcommon.Map holds them. */
export class Slots {
  cap = 0;
  keyPos: Int32Array = new Int32Array(0);
  keyLen: Int32Array = new Int32Array(0);
  special: Int32Array = new Int32Array(0);
  kind: Int32Array = new Int32Array(0);
  /** STRING/BINARY/LONG/DOUBLE: the value's offset (-1: field absent, the zero value); BOOL: 0/1. */
  vPos: Int32Array = new Int32Array(0);
  vLen: Int32Array = new Int32Array(0);

  ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(n, this.cap * 2, 256);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.keyPos = grow(this.keyPos);
    this.keyLen = grow(this.keyLen);
    this.special = grow(this.special);
    this.kind = grow(this.kind);
    this.vPos = grow(this.vPos);
    this.vLen = grow(this.vLen);
    this.cap = cap;
  }

  copyValue(to: number, from: number): void {
    this.kind[to] = this.kind[from]!;
    this.vPos[to] = this.vPos[from]!;
    this.vLen[to] = this.vLen[from]!;
  }

  /** pcommon.Map.Remove: the last slot moves into the removed one. Returns the new end. */
  remove(i: number, end: number): number {
    const last = end - 1;
    this.keyPos[i] = this.keyPos[last]!;
    this.keyLen[i] = this.keyLen[last]!;
    this.special[i] = this.special[last]!;
    this.copyValue(i, last);
    return last;
  }

  find(start: number, end: number, special: number): number {
    for (let i = start; i < end; i++) if (this.special[i] === special) return i;
    return -1;
  }
}

export function bytesEqual(buf: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

function isKey(buf: Uint8Array, pos: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (buf[pos + i] !== key[i]) return false;
  return true;
}

const KEY_ERROR = SPECIAL_KEYS[1]![1];
const KEY_EVENT = SPECIAL_KEYS[6]![1];
const KEY_SPAN_KIND = SPECIAL_KEYS[0]![1];
const KEY_OTEL_CODE = SPECIAL_KEYS[2]![1];
const KEY_HTTP_CODE = SPECIAL_KEYS[4]![1];
const KEY_HTTP_MESSAGE = SPECIAL_KEYS[5]![1];
const KEY_OTEL_DESCRIPTION = SPECIAL_KEYS[3]![1];

/** Which special key (K_*) a key is, 0 for none: by length first, as most keys are none. */
export function specialOf(buf: Uint8Array, pos: number, len: number): number {
  switch (len) {
    case 5:
      return isKey(buf, pos, KEY_ERROR) ? K_ERROR : isKey(buf, pos, KEY_EVENT) ? K_EVENT : 0;
    case 9:
      return isKey(buf, pos, KEY_SPAN_KIND) ? K_SPAN_KIND : 0;
    case 16:
      return isKey(buf, pos, KEY_HTTP_CODE) ? K_HTTP_STATUS_CODE : isKey(buf, pos, KEY_OTEL_CODE) ? K_OTEL_STATUS_CODE : 0;
    case 19:
      return isKey(buf, pos, KEY_HTTP_MESSAGE) ? K_HTTP_STATUS_MESSAGE : 0;
    case 23:
      return isKey(buf, pos, KEY_OTEL_DESCRIPTION) ? K_OTEL_STATUS_DESCRIPTION : 0;
    default:
      return 0;
  }
}

export function isZero8(buf: Uint8Array, p: number): boolean {
  return (buf[p]! | buf[p + 1]! | buf[p + 2]! | buf[p + 3]! | buf[p + 4]! | buf[p + 5]! | buf[p + 6]! | buf[p + 7]!) === 0;
}

export function u32(buf: Uint8Array, p: number): number {
  return ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
}

/** Per-span state of the first pass; one instance, reset per span (no allocation per span). */
export class SpanState {
  traceLow = -1;
  traceHigh = -1;
  spanId = -1;
  parent = -1;
  namePos = 0;
  nameLen = 0;
  flags = 0;
  start = -1;
  duration = -1;
  hasRefs = false;
  refStart = 0;
  refEnd = 0;
  hasTags = false;
  tagStart = 0;
  tagEnd = 0;
  hasLogs = false;
  logStart = 0;
  logEnd = 0;
  seen = 0;
}
