// TBinaryProtocol reader (Apache Thrift's binary encoding: big-endian fixed-width integers,
// i32-length-prefixed strings), over one complete buffer. Every length is checked against the
// bytes left before anything is allocated, so a lying header costs nothing.

import { BufferReader } from './buffer-reader.js';
import { MAX_DEPTH, skipContainer, TType, ThriftDecodeError, type MessageHeader, type ThriftReader } from './types.js';

/** Smallest encoding of one element of each TType, for bounding list/map counts by bytes left. */
const MIN_SIZE: Record<number, number> = {
  [TType.BOOL]: 1,
  [TType.BYTE]: 1,
  [TType.DOUBLE]: 8,
  [TType.I16]: 2,
  [TType.I32]: 4,
  [TType.I64]: 8,
  [TType.STRING]: 4,
  [TType.STRUCT]: 1,
  [TType.MAP]: 4,
  [TType.SET]: 5,
  [TType.LIST]: 5,
  [TType.UUID]: 16,
};

const VERSION_MASK = 0xffff0000 | 0;
const VERSION_1 = 0x80010000 | 0;

export class BinaryReader extends BufferReader implements ThriftReader {
  private depth = 0;
  /** Byte length of the value readStringRange() last found. */
  rangeLength = 0;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    super(buf, 'binary', start, end);
  }

  readMessageBegin(): MessageHeader {
    const first = this.readI32();
    if (first < 0) {
      // Strict form: version word, name, seqid.
      if ((first & VERSION_MASK) !== VERSION_1) {
        throw new ThriftDecodeError('bad_message', `thrift binary: bad message version 0x${(first >>> 0).toString(16)}`);
      }
      const name = this.readString();
      return { name, type: first & 0xff, seqId: this.readI32() };
    }
    // Old (non-strict) form, which Go's reader also accepts: name length, name, type byte, seqid.
    const name = this.stringOfLength(first);
    const type = this.readByte();
    return { name, type, seqId: this.readI32() };
  }

  structBegin(): void {
    if (++this.depth > MAX_DEPTH) throw new ThriftDecodeError('depth_limit', `thrift binary: nesting deeper than ${MAX_DEPTH}`);
  }

  structEnd(): void {
    this.depth--;
  }

  readFieldBegin(): number {
    this.need(1, 'field header');
    const type = this.buf[this.pos++]!;
    if (type === TType.STOP) return type;
    this.need(2, 'field id');
    this.fieldId = this.view.getInt16(this.pos);
    this.pos += 2;
    return type;
  }

  readBool(): boolean {
    this.need(1, 'bool');
    return this.buf[this.pos++] !== 0;
  }

  readByte(): number {
    this.need(1, 'byte');
    return (this.buf[this.pos++]! << 24) >> 24;
  }

  readI16(): number {
    this.need(2, 'i16');
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  readI32(): number {
    this.need(4, 'i32');
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  readI64(): bigint {
    this.need(8, 'i64');
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  readDouble(): number {
    this.need(8, 'double');
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  protected length(what: string): number {
    const n = this.readI32();
    if (n < 0) throw new ThriftDecodeError('negative_size', `thrift binary: negative ${what} length ${n} at offset ${this.pos - 4}`);
    if (n > this.end - this.pos) {
      throw new ThriftDecodeError(
        'size_limit',
        `thrift binary: ${what} length ${n} at offset ${this.pos - 4} exceeds the ${this.end - this.pos} bytes left`,
      );
    }
    return n;
  }

  private stringOfLength(n: number): string {
    if (n > this.end - this.pos) {
      throw new ThriftDecodeError('size_limit', `thrift binary: string length ${n} exceeds the ${this.end - this.pos} bytes left`);
    }
    const s = utf8(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  readString(): string {
    return this.stringOfLength(this.length('string'));
  }

  /**
   * Where a STRING/BINARY value's bytes start (its length checked and left in `rangeLength`),
   * for callers that copy the bytes on instead of decoding them (thrift → OTLP protobuf).
   */
  readStringRange(what = 'string'): number {
    const n = this.length(what);
    const start = this.pos;
    this.pos += n;
    this.rangeLength = n;
    return start;
  }

  /** Where an 8-byte big-endian value (i64, double) starts; the caller reads the bytes it needs. */
  readFixed8(what: string): number {
    this.need(8, what);
    const start = this.pos;
    this.pos += 8;
    return start;
  }

  /** The current offset. */
  offset(): number {
    return this.pos;
  }

  /** Moves to `pos` (within the buffer), for callers that read a run of bytes themselves. */
  seek(pos: number): void {
    if (pos < 0 || pos > this.end) throw new RangeError(`thrift binary: seek to ${pos} outside 0..${this.end}`);
    this.pos = pos;
  }

  private count(n: number, elemType: number, what: string): number {
    if (n < 0) throw new ThriftDecodeError('negative_size', `thrift binary: negative ${what} size ${n}`);
    if (n === 0) return 0;
    const min = MIN_SIZE[elemType];
    if (min === undefined) throw new ThriftDecodeError('bad_type', `thrift binary: unknown ${what} element type ${elemType}`);
    if (n * min > this.end - this.pos) {
      throw new ThriftDecodeError('size_limit', `thrift binary: ${what} of ${n} elements cannot fit in the ${this.end - this.pos} bytes left`);
    }
    return n;
  }

  readListBegin(): { elemType: number; size: number } {
    this.need(5, 'list header');
    const elemType = this.buf[this.pos++]!;
    return { elemType, size: this.count(this.readI32(), elemType, 'list') };
  }

  readSetBegin(): { elemType: number; size: number } {
    this.need(5, 'set header');
    const elemType = this.buf[this.pos++]!;
    return { elemType, size: this.count(this.readI32(), elemType, 'set') };
  }

  readMapBegin(): { keyType: number; valueType: number; size: number } {
    this.need(6, 'map header');
    const keyType = this.buf[this.pos++]!;
    const valueType = this.buf[this.pos++]!;
    const size = this.readI32();
    if (size < 0) throw new ThriftDecodeError('negative_size', `thrift binary: negative map size ${size}`);
    const kMin = MIN_SIZE[keyType];
    const vMin = MIN_SIZE[valueType];
    if (size > 0 && (kMin === undefined || vMin === undefined)) {
      throw new ThriftDecodeError('bad_type', `thrift binary: unknown map key/value type ${keyType}/${valueType}`);
    }
    if (size * ((kMin ?? 0) + (vMin ?? 0)) > this.end - this.pos) {
      throw new ThriftDecodeError('size_limit', `thrift binary: map of ${size} entries cannot fit in the ${this.end - this.pos} bytes left`);
    }
    return { keyType, valueType, size };
  }

  skip(type: number): void {
    switch (type) {
      case TType.BOOL:
      case TType.BYTE:
        this.need(1, 'byte');
        this.pos += 1;
        return;
      case TType.I16:
        this.need(2, 'i16');
        this.pos += 2;
        return;
      case TType.I32:
        this.need(4, 'i32');
        this.pos += 4;
        return;
      case TType.I64:
      case TType.DOUBLE:
        this.need(8, 'i64');
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
        throw new ThriftDecodeError('bad_type', `thrift binary: unknown type ${type} at offset ${this.pos}`);
    }
  }
}

const decoder = new TextDecoder('utf-8');
const latin1Slice = Buffer.prototype.latin1Slice as (this: Uint8Array, start: number, end: number) => string;

/**
 * ASCII up to 12 bytes by a JS loop (V8 keeps such concatenations flat), longer ASCII by
 * latin1Slice (one native call, a flat string: ~4x cheaper for 40 chars than the loop, whose
 * rope has to be flattened later), anything else through TextDecoder.
 */
export function utf8(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  if (n <= 12) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return decoder.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return decoder.decode(buf.subarray(start, end));
  return latin1Slice.call(buf, start, end);
}
