// A cursor over protobuf bytes, shared by the per-signal decoders.
//
// Strings are the dominant decode cost (about 50 per span in a typical OTLP trace request).
// Measured on the reference box (Node 20, pinned): `buf.utf8Slice(a, b)` costs ~65 ns per short
// string because every call crosses into C++; slicing a latin1 "window" string made once per 4 KiB
// and taking `substring` when the bytes are ASCII costs ~19 ns (3.5x less). A latin1 substring is
// byte-exact for ASCII, so non-ASCII strings fall back to utf8Slice. Windows are capped at 4 KiB
// because substrings of 13+ chars are V8 SlicedStrings that keep their window alive: a retained
// attribute value pins at most 4 KiB, never a whole request.
//
// Ids are kept as latin1 "byte strings" (one char per byte) cut from the same window: ~15 ns
// against 44 ns for a Buffer subarray and 74 ns for hex, and they compare with === and work as
// Map keys (see README.md).
//
// Attribute keys repeat in every item. Reader.key keeps the recently seen ones in a direct-mapped
// cache (1024 slots, keys up to 48 bytes) checked byte for byte, so a hit costs no ASCII check,
// no substring and no allocation: full decode 0.75 M → 0.84 M spans/s on top of the one-scalar
// KeyValue path (common-decode.ts), interleaved A/B runs on 2026-11-25.

import { PdataDecodeError } from '../errors.js';

const WINDOW = 4096;

// Buffer's undocumented per-encoding slicers (Node 20 and 24 both define them in
// lib/internal/buffer.js) skip toString's encoding dispatch; fall back if a runtime lacks them.
interface FastSlice {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const proto = Buffer.prototype as unknown as Partial<FastSlice>;
if (typeof proto.utf8Slice !== 'function' || typeof proto.latin1Slice !== 'function') {
  proto.utf8Slice = function (this: Buffer, a: number, b: number) {
    return this.toString('utf8', a, b);
  };
  proto.latin1Slice = function (this: Buffer, a: number, b: number) {
    return this.toString('latin1', a, b);
  };
}
export const fast = (b: Buffer): FastSlice => b as unknown as FastSlice;

// The attribute key cache (Reader.key). Module-wide, so every request reuses it; bounded at
// 1024 × 48 bytes plus the strings.
const KEY_SLOTS = 1024;
const KEY_MAX = 48;
const keyStrings: string[] = new Array<string>(KEY_SLOTS).fill('');
const keyBytes = new Uint8Array(KEY_SLOTS * KEY_MAX);
const keyView = new DataView(keyBytes.buffer);
const keyLens = new Int32Array(KEY_SLOTS);
const keySeen = new Int32Array(KEY_SLOTS);

export const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', '6', '7'];

export class Reader {
  readonly buf: Buffer;
  readonly dv: DataView;
  pos: number;
  /** End of readable bytes. */
  readonly end: number;
  private w0 = 0;
  private w1 = 0;
  private win = '';

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** A varint's low 32 bits, unsigned. Consumes the whole varint (up to 10 bytes). */
  varint(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    return this.varintSlow();
  }

  private varintSlow(): number {
    const buf = this.buf;
    let p = this.pos;
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (p >= this.end) throw new PdataDecodeError('truncated varint', p);
      const b = buf[p++]!;
      if (shift < 32) result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p;
        return result >>> 0;
      }
    }
    throw new PdataDecodeError('varint longer than 10 bytes', this.pos);
  }

  /** A varint as int64 (two's complement for negatives), e.g. AnyValue.int_value. */
  int64(): bigint {
    const buf = this.buf;
    const p = this.pos;
    // Values below 2^28 (four varint bytes) are built with int32 arithmetic so BigInt() gets a
    // small integer, its cheapest input; that covers nearly every attribute value seen in practice.
    if (p + 4 <= this.end) {
      const b0 = buf[p]!;
      if (b0 < 0x80) {
        this.pos = p + 1;
        return BigInt(b0);
      }
      const b1 = buf[p + 1]!;
      if (b1 < 0x80) {
        this.pos = p + 2;
        return BigInt((b0 & 0x7f) | (b1 << 7));
      }
      const b2 = buf[p + 2]!;
      if (b2 < 0x80) {
        this.pos = p + 3;
        return BigInt((b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14));
      }
      const b3 = buf[p + 3]!;
      if (b3 < 0x80) {
        this.pos = p + 4;
        return BigInt((b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | (b3 << 21));
      }
    }
    return BigInt.asIntN(64, this.varint64Slow());
  }

  /** A varint as uint64, e.g. exponential histogram bucket counts. */
  uint64(): bigint {
    const p = this.pos;
    if (p < this.end && this.buf[p]! < 0x80) {
      this.pos = p + 1;
      return BigInt(this.buf[p]!);
    }
    return BigInt.asUintN(64, this.varint64Slow());
  }

  private varint64Slow(): bigint {
    const buf = this.buf;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (p >= this.end) throw new PdataDecodeError('truncated varint', p);
      const b = buf[p++]! & 0x7f;
      const shift = i * 7;
      if (shift < 28) lo |= b << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= b >>> 4;
      } else hi |= b << (shift - 32);
      if (buf[p - 1]! < 0x80) {
        this.pos = p;
        return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      }
    }
    throw new PdataDecodeError('varint longer than 10 bytes', this.pos);
  }

  /** sint32 (zigzag). */
  sint32(): number {
    const n = this.varint();
    return (n >>> 1) ^ -(n & 1);
  }

  fixed32(): number {
    const p = this.pos;
    if (p + 4 > this.end) throw new PdataDecodeError('truncated fixed32', p);
    this.pos = p + 4;
    return this.dv.getUint32(p, true);
  }

  fixed64(): bigint {
    const p = this.pos;
    if (p + 8 > this.end) throw new PdataDecodeError('truncated fixed64', p);
    this.pos = p + 8;
    return this.dv.getBigUint64(p, true);
  }

  sfixed64(): bigint {
    const p = this.pos;
    if (p + 8 > this.end) throw new PdataDecodeError('truncated fixed64', p);
    this.pos = p + 8;
    return this.dv.getBigInt64(p, true);
  }

  double(): number {
    const p = this.pos;
    if (p + 8 > this.end) throw new PdataDecodeError('truncated double', p);
    this.pos = p + 8;
    return this.dv.getFloat64(p, true);
  }

  /** Reads a length prefix and returns where that field ends, checked against `limit`. */
  lenEnd(limit: number): number {
    const len = this.varint();
    const e = this.pos + len;
    if (e > limit) {
      throw new PdataDecodeError(`length ${len} runs past the end of the enclosing message (${limit - this.pos} bytes left)`, this.pos);
    }
    return e;
  }

  string(limit: number): string {
    const b = this.lenEnd(limit);
    const a = this.pos;
    this.pos = b;
    return this.stringAt(a, b);
  }

  /** The UTF-8 string in bytes [a, b), which the caller has bounds-checked. */
  stringAt(a: number, b: number): string {
    if (a === b) return '';
    const buf = this.buf;
    const dv = this.dv;
    let acc = 0;
    let j = a;
    for (; j + 4 <= b; j += 4) acc |= dv.getInt32(j);
    for (; j < b; j++) acc |= buf[j]!;
    if ((acc & 0x80808080) !== 0) return fast(buf).utf8Slice(a, b);
    return this.latin1(a, b);
  }

  /**
   * An attribute key in bytes [a, b). Keys repeat in every item, so a hit in the key cache
   * returns the same string without the ASCII check or a new substring; a key is cached the
   * second time in a row its slot sees it, so a stream of distinct keys costs only the failed
   * lookups, not a flat copy each. The slot hash samples five bytes; the full compare decides.
   */
  key(a: number, b: number): string {
    const len = b - a;
    if (len === 0 || len > KEY_MAX) return this.stringAt(a, b);
    const buf = this.buf;
    const h = (len ^ (buf[a]! << 4) ^ (buf[a + (len >> 1)]! << 10) ^ (buf[b - 1]! << 16) ^ (buf[b - 2 + (len === 1 ? 1 : 0)]! << 22)) | 0;
    const slot = (h ^ (h >>> 11) ^ (h >>> 21)) & (KEY_SLOTS - 1);
    if (keyLens[slot] === len) {
      const dv = this.dv;
      const o = slot * KEY_MAX;
      let j = 0;
      for (; j + 4 <= len; j += 4) if (dv.getInt32(a + j) !== keyView.getInt32(o + j)) break;
      if (j + 4 > len) {
        for (; j < len; j++) if (buf[a + j] !== keyBytes[o + j]) break;
        if (j === len) return keyStrings[slot]!;
      }
    }
    return this.keyMiss(a, b, slot, h);
  }

  private keyMiss(a: number, b: number, slot: number, h: number): string {
    const buf = this.buf;
    const s = this.stringAt(a, b);
    if (keySeen[slot] !== h) keySeen[slot] = h;
    else {
      let acc = 0;
      for (let j = a; j < b; j++) acc |= buf[j]!;
      // Only ASCII keys, whose bytes are their chars. Copied flat: a substring of the window
      // would keep the window alive as long as the cache holds it.
      if (acc < 0x80) {
        keyStrings[slot] = fast(buf).latin1Slice(a, b);
        keyLens[slot] = b - a;
        keyBytes.set(buf.subarray(a, b), slot * KEY_MAX);
      }
    }
    return s;
  }

  /** bytes as a latin1 byte string (trace/span ids). */
  byteString(limit: number): string {
    const b = this.lenEnd(limit);
    const a = this.pos;
    this.pos = b;
    return a === b ? '' : this.latin1(a, b);
  }

  /** bytes copied out of the request buffer (AnyValue.bytes_value). */
  bytes(limit: number): Uint8Array {
    const b = this.lenEnd(limit);
    const a = this.pos;
    this.pos = b;
    return Buffer.from(this.buf.subarray(a, b));
  }

  private latin1(a: number, b: number): string {
    if (a < this.w0 || b > this.w1) {
      if (b - a > WINDOW) return fast(this.buf).latin1Slice(a, b);
      this.w0 = a;
      this.w1 = Math.min(a + WINDOW, this.end);
      this.win = fast(this.buf).latin1Slice(a, this.w1);
    }
    return this.win.substring(a - this.w0, b - this.w0);
  }

  /**
   * Skips a field the decoder does not handle. `known` has bit n set for the message's field
   * numbers 1..31: reaching here with one of them means its wire type was wrong, which Go's
   * pdata unmarshalers also reject ("wrong wireType").
   */
  skip(tag: number, limit: number, known: number, msg: string): void {
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field === 0) throw new PdataDecodeError(`invalid field number 0 in ${msg}`, this.pos);
    if (field < 32 && ((known >>> field) & 1) !== 0) {
      throw new PdataDecodeError(`${msg} field ${field} has wire type ${WIRE_NAMES[wt]}, which does not match its declared type`, this.pos);
    }
    this.skipValue(wt, limit, field, msg);
  }

  skipValue(wt: number, limit: number, field: number, msg: string): void {
    switch (wt) {
      case 0:
        this.varint();
        break;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.lenEnd(limit);
        break;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new PdataDecodeError(`unsupported wire type ${WIRE_NAMES[wt]} (field ${field} of ${msg})`, this.pos);
    }
    if (this.pos > limit) throw new PdataDecodeError(`field ${field} of ${msg} runs past the end of the message`, this.pos);
  }

  /** Called after a message's field loop: a fixed-width field may have overrun it. */
  finish(limit: number, msg: string): void {
    if (this.pos !== limit) throw new PdataDecodeError(`a field of ${msg} runs past the end of the message`, limit);
  }
}
