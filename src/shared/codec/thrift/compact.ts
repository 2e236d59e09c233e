// TCompactProtocol reader (Apache Thrift's compact encoding, THRIFT-110: field-id deltas in the
// type byte, zigzag varints, little-endian doubles, bools folded into field headers), over one
// complete buffer. Compact type codes are mapped onto TType so IDL decoders are protocol-blind.

import { utf8 } from './binary.js';
import { BufferReader } from './buffer-reader.js';
import { MAX_DEPTH, skipContainer, TType, ThriftDecodeError, type MessageHeader, type ThriftReader } from './types.js';

const PROTOCOL_ID = 0x82;
const VERSION = 1;

/** Compact type code → TType (index = compact code). Codes 1 and 2 are BOOL true/false. */
const TO_TTYPE: readonly number[] = [
  TType.STOP,
  TType.BOOL,
  TType.BOOL,
  TType.BYTE,
  TType.I16,
  TType.I32,
  TType.I64,
  TType.DOUBLE,
  TType.STRING,
  TType.LIST,
  TType.SET,
  TType.MAP,
  TType.STRUCT,
  TType.UUID,
];

/** Smallest encoding of one element of each TType in compact form (varints are ≥ 1 byte). */
const MIN_SIZE: Record<number, number> = {
  [TType.BOOL]: 1,
  [TType.BYTE]: 1,
  [TType.DOUBLE]: 8,
  [TType.I16]: 1,
  [TType.I32]: 1,
  [TType.I64]: 1,
  [TType.STRING]: 1,
  [TType.STRUCT]: 1,
  [TType.MAP]: 1,
  [TType.SET]: 1,
  [TType.LIST]: 1,
  [TType.UUID]: 16,
};

export class CompactReader extends BufferReader implements ThriftReader {
  private lastFieldId = 0;
  private readonly fieldIdStack: number[] = [];
  /** A BOOL field's value travels in its header; readBool() returns it once. */
  private pendingBool: boolean | undefined;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    super(buf, 'compact', start, end);
  }

  private byte(what: string): number {
    if (this.pos >= this.end) this.need(1, what);
    return this.buf[this.pos++]!;
  }

  /** An unsigned varint of up to 32 bits (5 bytes). */
  private varint32(what: string): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte(what);
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
    }
    throw new ThriftDecodeError('bad_varint', `thrift compact: ${what} varint longer than 5 bytes at offset ${this.pos}`);
  }

  /** An unsigned varint of up to 64 bits (10 bytes), as a bigint. */
  private varint64(what: string): bigint {
    // Low 28 bits in a number first: most i64s (durations, small ids) end there.
    let lo = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      const b = this.byte(what);
      lo |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt(lo);
    }
    let result = BigInt(lo);
    for (let big = 28n; big < 70n; big += 7n) {
      const b = this.byte(what);
      result |= BigInt(b & 0x7f) << big;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ThriftDecodeError('bad_varint', `thrift compact: ${what} varint longer than 10 bytes at offset ${this.pos}`);
  }

  readMessageBegin(): MessageHeader {
    const protocolId = this.byte('message header');
    if (protocolId !== PROTOCOL_ID) {
      throw new ThriftDecodeError('bad_message', `thrift compact: bad protocol id 0x${protocolId.toString(16)} (want 0x82)`);
    }
    const versionAndType = this.byte('message header');
    if ((versionAndType & 0x1f) !== VERSION) {
      throw new ThriftDecodeError('bad_message', `thrift compact: bad protocol version ${versionAndType & 0x1f} (want ${VERSION})`);
    }
    const seqId = this.varint32('sequence id') | 0;
    const name = this.readString();
    return { name, type: (versionAndType >> 5) & 0x07, seqId };
  }

  structBegin(): void {
    if (this.fieldIdStack.length >= MAX_DEPTH) throw new ThriftDecodeError('depth_limit', `thrift compact: nesting deeper than ${MAX_DEPTH}`);
    this.fieldIdStack.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  structEnd(): void {
    this.lastFieldId = this.fieldIdStack.pop() ?? 0;
  }

  readFieldBegin(): number {
    const header = this.byte('field header');
    const code = header & 0x0f;
    if (code === 0) return TType.STOP;
    const type = TO_TTYPE[code];
    if (type === undefined) throw new ThriftDecodeError('bad_type', `thrift compact: unknown field type ${code} at offset ${this.pos - 1}`);
    const delta = header >> 4;
    this.fieldId = delta !== 0 ? this.lastFieldId + delta : (zigzag32(this.varint32('field id')) << 16) >> 16;
    this.lastFieldId = this.fieldId;
    this.pendingBool = type === TType.BOOL ? code === 1 : undefined;
    return type;
  }

  readBool(): boolean {
    if (this.pendingBool !== undefined) {
      const v = this.pendingBool;
      this.pendingBool = undefined;
      return v;
    }
    // In a list, set or map a bool is a byte; Go's reader takes 1 as true, anything else as false.
    return this.byte('bool') === 1;
  }

  readByte(): number {
    return (this.byte('byte') << 24) >> 24;
  }

  readI16(): number {
    return (zigzag32(this.varint32('i16')) << 16) >> 16;
  }

  readI32(): number {
    return zigzag32(this.varint32('i32'));
  }

  readI64(): bigint {
    const u = this.varint64('i64');
    return (u >> 1n) ^ -(u & 1n);
  }

  readDouble(): number {
    this.need(8, 'double');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  protected length(what: string): number {
    const start = this.pos;
    const n = this.varint32(`${what} length`);
    // Go reads the length as int32: a length with the top bit set is negative.
    if (n > 0x7fffffff) throw new ThriftDecodeError('negative_size', `thrift compact: negative ${what} length at offset ${start}`);
    if (n > this.end - this.pos) {
      throw new ThriftDecodeError(
        'size_limit',
        `thrift compact: ${what} length ${n} at offset ${start} exceeds the ${this.end - this.pos} bytes left`,
      );
    }
    return n;
  }

  readString(): string {
    const n = this.length('string');
    const s = utf8(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  private collection(what: string): { elemType: number; size: number } {
    const header = this.byte(`${what} header`);
    let size = header >> 4;
    if (size === 15) {
      size = this.varint32(`${what} size`);
      if (size > 0x7fffffff) throw new ThriftDecodeError('negative_size', `thrift compact: negative ${what} size`);
    }
    const code = header & 0x0f;
    const elemType = TO_TTYPE[code];
    if (size === 0) return { elemType: elemType ?? code, size };
    if (elemType === undefined || elemType === TType.STOP)
      throw new ThriftDecodeError('bad_type', `thrift compact: unknown ${what} element type ${code}`);
    if (size * MIN_SIZE[elemType]! > this.end - this.pos) {
      throw new ThriftDecodeError('size_limit', `thrift compact: ${what} of ${size} elements cannot fit in the ${this.end - this.pos} bytes left`);
    }
    return { elemType, size };
  }

  readListBegin(): { elemType: number; size: number } {
    return this.collection('list');
  }

  readSetBegin(): { elemType: number; size: number } {
    return this.collection('set');
  }

  readMapBegin(): { keyType: number; valueType: number; size: number } {
    const size = this.varint32('map size');
    if (size > 0x7fffffff) throw new ThriftDecodeError('negative_size', 'thrift compact: negative map size');
    if (size === 0) return { keyType: TType.STOP, valueType: TType.STOP, size: 0 };
    const kv = this.byte('map types');
    const keyType = TO_TTYPE[kv >> 4];
    const valueType = TO_TTYPE[kv & 0x0f];
    if (!keyType || !valueType) throw new ThriftDecodeError('bad_type', `thrift compact: unknown map key/value type 0x${kv.toString(16)}`);
    if (size * (MIN_SIZE[keyType]! + MIN_SIZE[valueType]!) > this.end - this.pos) {
      throw new ThriftDecodeError('size_limit', `thrift compact: map of ${size} entries cannot fit in the ${this.end - this.pos} bytes left`);
    }
    return { keyType, valueType, size };
  }

  skip(type: number): void {
    switch (type) {
      case TType.BOOL:
        this.readBool();
        return;
      case TType.BYTE:
        this.byte('byte');
        return;
      case TType.I16:
      case TType.I32:
        this.varint32('integer');
        return;
      case TType.I64:
        this.varint64('i64');
        return;
      case TType.DOUBLE:
        this.need(8, 'double');
        this.pos += 8;
        return;
      case TType.UUID:
        this.need(16, 'uuid');
        this.pos += 16;
        return;
      case TType.STRING:
        this.skipString();
        return;
      case TType.STRUCT:
      case TType.LIST:
      case TType.SET:
      case TType.MAP:
        skipContainer(this, type);
        return;
      default:
        throw new ThriftDecodeError('bad_type', `thrift compact: unknown type ${type} at offset ${this.pos}`);
    }
  }
}

function zigzag32(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}
