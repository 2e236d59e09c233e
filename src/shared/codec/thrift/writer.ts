// Thrift binary and compact writers with one interface, so an IDL encoder is written once. Used to
// produce test inputs, golden-fixture requests and fuzz seeds; not on a receiver's hot path.

import { TMessageType, TType } from './types.js';

export interface ThriftWriter {
  writeMessageBegin(name: string, type: number, seqId: number): void;
  structBegin(): void;
  structEnd(): void;
  writeFieldBegin(type: number, id: number): void;
  writeFieldStop(): void;
  writeBool(v: boolean): void;
  writeByte(v: number): void;
  writeI16(v: number): void;
  writeI32(v: number): void;
  writeI64(v: bigint): void;
  writeDouble(v: number): void;
  writeString(v: string): void;
  writeBinary(v: Uint8Array): void;
  writeListBegin(elemType: number, size: number): void;
  finish(): Buffer;
}

class ByteSink {
  private chunks: number[] = [];
  push(...bytes: number[]): void {
    for (const b of bytes) this.chunks.push(b & 0xff);
  }
  bytes(b: Uint8Array): void {
    for (const x of b) this.chunks.push(x);
  }
  finish(): Buffer {
    return Buffer.from(this.chunks);
  }
}

export class BinaryWriter implements ThriftWriter {
  private readonly out = new ByteSink();
  writeMessageBegin(name: string, type: number, seqId: number): void {
    this.writeI32(0x80010000 | type | 0);
    this.writeString(name);
    this.writeI32(seqId);
  }
  structBegin(): void {}
  structEnd(): void {}
  writeFieldBegin(type: number, id: number): void {
    this.out.push(type);
    this.writeI16(id);
  }
  writeFieldStop(): void {
    this.out.push(TType.STOP);
  }
  writeBool(v: boolean): void {
    this.out.push(v ? 1 : 0);
  }
  writeByte(v: number): void {
    this.out.push(v);
  }
  writeI16(v: number): void {
    this.out.push(v >> 8, v);
  }
  writeI32(v: number): void {
    this.out.push(v >> 24, v >> 16, v >> 8, v);
  }
  writeI64(v: bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt.asIntN(64, v));
    this.out.bytes(b);
  }
  writeDouble(v: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    this.out.bytes(b);
  }
  writeString(v: string): void {
    this.writeBinary(Buffer.from(v, 'utf8'));
  }
  writeBinary(v: Uint8Array): void {
    this.writeI32(v.length);
    this.out.bytes(v);
  }
  writeListBegin(elemType: number, size: number): void {
    this.out.push(elemType);
    this.writeI32(size);
  }
  finish(): Buffer {
    return this.out.finish();
  }
}

const COMPACT_TYPE: Record<number, number> = {
  [TType.BOOL]: 1,
  [TType.BYTE]: 3,
  [TType.I16]: 4,
  [TType.I32]: 5,
  [TType.I64]: 6,
  [TType.DOUBLE]: 7,
  [TType.STRING]: 8,
  [TType.LIST]: 9,
  [TType.SET]: 10,
  [TType.MAP]: 11,
  [TType.STRUCT]: 12,
};

export class CompactWriter implements ThriftWriter {
  private readonly out = new ByteSink();
  private lastFieldId = 0;
  private readonly stack: number[] = [];
  private pendingBoolField: number | undefined;

  private varint(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    while (u >= 0x80n) {
      this.out.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    this.out.push(Number(u));
  }
  private zigzag(v: bigint, bits: number): void {
    const n = BigInt.asIntN(bits, v);
    this.varint(BigInt.asUintN(bits, (n << 1n) ^ (n >> BigInt(bits - 1))));
  }
  writeMessageBegin(name: string, type: number, seqId: number): void {
    this.out.push(0x82, (type << 5) | 1);
    this.varint(BigInt(seqId >>> 0));
    this.writeString(name);
  }
  structBegin(): void {
    this.stack.push(this.lastFieldId);
    this.lastFieldId = 0;
  }
  structEnd(): void {
    this.lastFieldId = this.stack.pop() ?? 0;
  }
  private fieldHeader(code: number, id: number): void {
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) this.out.push((delta << 4) | code);
    else {
      this.out.push(code);
      this.zigzag(BigInt(id), 16);
    }
    this.lastFieldId = id;
  }
  writeFieldBegin(type: number, id: number): void {
    if (type === TType.BOOL) this.pendingBoolField = id;
    else this.fieldHeader(COMPACT_TYPE[type]!, id);
  }
  writeFieldStop(): void {
    this.out.push(0);
  }
  writeBool(v: boolean): void {
    if (this.pendingBoolField !== undefined) {
      this.fieldHeader(v ? 1 : 2, this.pendingBoolField);
      this.pendingBoolField = undefined;
    } else this.out.push(v ? 1 : 2);
  }
  writeByte(v: number): void {
    this.out.push(v);
  }
  writeI16(v: number): void {
    this.zigzag(BigInt(v), 16);
  }
  writeI32(v: number): void {
    this.zigzag(BigInt(v), 32);
  }
  writeI64(v: bigint): void {
    this.zigzag(v, 64);
  }
  writeDouble(v: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.out.bytes(b);
  }
  writeString(v: string): void {
    this.writeBinary(Buffer.from(v, 'utf8'));
  }
  writeBinary(v: Uint8Array): void {
    this.varint(BigInt(v.length));
    this.out.bytes(v);
  }
  writeListBegin(elemType: number, size: number): void {
    const code = COMPACT_TYPE[elemType]!;
    if (size < 15) this.out.push((size << 4) | code);
    else {
      this.out.push(0xf0 | code);
      this.varint(BigInt(size));
    }
  }
  finish(): Buffer {
    return this.out.finish();
  }
}

export { TMessageType };
