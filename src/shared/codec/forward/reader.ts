// A msgpack reader over one complete frame (or an inflated PackedForward entry stream), producing
// pdata values typed the way the Go receiver types them (contrib
// receiver/fluentforwardreceiver/conversion.go parseToAttributeValue over tinylib/msgp ReadIntf):
// signed and unsigned ints → int (uint64 above MaxInt64 wraps, as Go's int64(uint64) does), float32
// and float64 → double, str and bin → string, nil → empty, arrays and maps kept nested; an ext
// value other than time → Go's `%v` of msgp.RawExtension, `&{[bytes] type}`.
//
// Hand-written rather than msgpackr, for correctness first: msgpackr returns JS numbers for both
// ints and floats (an int-valued float64 such as 2.0 would become an OTLP int, where Go keeps a
// double), folds maps into objects (integer-like keys reorder, repeated keys vanish, bin keys
// fail), and cannot resume a value split across TCP segments (a receiver must re-parse the
// carried tail). Speed on the dockerd Message shape, bytes → LogRecords in 64 KiB chunks
// (decode.bench.ts in the fluentforward receiver, CPU time, 2026-12-02 on a 2-core VM at load
// average ~16, so only the ratio means much): ours 0.10–0.22 M records/CPU-s against
// msgpackr + the same mapping 0.09–0.15 M, 1.05–1.49x over three rounds.

import { KeyValue, KeyValueList, type AnyValue } from '../../../pdata/common.js';
import { ForwardDecodeError, type ForwardLimits } from './errors.js';
import { decodeString } from './strings.js';

export class MsgpackReader {
  pos: number;
  private view: DataView | undefined;

  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    readonly limits: ForwardLimits,
  ) {
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number {
    if (this.pos >= this.end) throw truncated();
    return this.buf[this.pos]!;
  }

  private dv(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw truncated();
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.dv().getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** An array header; `what` names the field in the error. */
  arrayHeader(what: string): number {
    const b = this.peek();
    let n: number;
    if (b >= 0x90 && b <= 0x9f) ((this.pos += 1), (n = b & 0x0f));
    else if (b === 0xdc) ((this.pos += 1), (n = this.u16()));
    else if (b === 0xdd) ((this.pos += 1), (n = this.u32()));
    else throw new ForwardDecodeError('bad_type', `${what} must be an array, got ${typeName(b)}`);
    this.checkElements(n, 'array');
    return n;
  }

  mapHeader(what: string): number {
    const b = this.peek();
    let n: number;
    if (b >= 0x80 && b <= 0x8f) ((this.pos += 1), (n = b & 0x0f));
    else if (b === 0xde) ((this.pos += 1), (n = this.u16()));
    else if (b === 0xdf) ((this.pos += 1), (n = this.u32()));
    else throw new ForwardDecodeError('bad_type', `${what} must be a map, got ${typeName(b)}`);
    this.checkElements(n, 'map');
    return n;
  }

  private checkElements(n: number, kind: string): void {
    if (n > this.limits.maxElements) {
      throw new ForwardDecodeError('too_many_elements', `a ${n}-element ${kind} exceeds the limit of ${this.limits.maxElements}`);
    }
  }

  /** The body bounds of a str (or, with `bin`, a bin) at pos; advances past it. Undefined when neither. */
  bytesBody(acceptStr: boolean, acceptBin: boolean): [number, number] | undefined {
    const b = this.peek();
    let n: number;
    if (acceptStr && b >= 0xa0 && b <= 0xbf) ((this.pos += 1), (n = b & 0x1f));
    else if (acceptStr && b === 0xd9) ((this.pos += 1), (n = this.u8()));
    else if (acceptStr && b === 0xda) ((this.pos += 1), (n = this.u16()));
    else if (acceptStr && b === 0xdb) ((this.pos += 1), (n = this.u32()));
    else if (acceptBin && b === 0xc4) ((this.pos += 1), (n = this.u8()));
    else if (acceptBin && b === 0xc5) ((this.pos += 1), (n = this.u16()));
    else if (acceptBin && b === 0xc6) ((this.pos += 1), (n = this.u32()));
    else return undefined;
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return [start, this.pos];
  }

  /** A str (Go's ReadString: bin is refused). */
  string(what: string): string {
    const body = this.bytesBody(true, false);
    if (!body) throw new ForwardDecodeError('bad_type', `${what} must be a string, got ${typeName(this.buf[this.pos]!)}`);
    return decodeString(this.buf, body[0], body[1]);
  }

  /** A map key: str, or bin (Go's record decoding falls back to ReadBytes for keys). */
  key(what: string): string {
    const body = this.bytesBody(true, true);
    if (!body) throw new ForwardDecodeError('bad_type', `${what} key must be a string, got ${typeName(this.buf[this.pos]!)}`);
    return decodeString(this.buf, body[0], body[1]);
  }

  /** Any value, typed as the Go receiver types attribute values. */
  value(depth: number): AnyValue {
    const buf = this.buf;
    const b = this.peek();
    if (b <= 0x7f) return (this.pos++, BigInt(b));
    if (b >= 0xe0) return (this.pos++, BigInt(b - 0x100));
    if (b >= 0xa0 && b <= 0xbf) {
      const start = this.pos + 1;
      const end = start + (b & 0x1f);
      if (end > this.end) throw truncated();
      this.pos = end;
      return decodeString(buf, start, end);
    }
    if (b <= 0x8f) return this.map(depth);
    if (b <= 0x9f) return this.array(depth);
    switch (b) {
      case 0xc0:
        this.pos++;
        return null;
      case 0xc2:
        this.pos++;
        return false;
      case 0xc3:
        this.pos++;
        return true;
      case 0xd9:
      case 0xda:
      case 0xdb:
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const [start, end] = this.bytesBody(true, true)!;
        return decodeString(buf, start, end);
      }
      case 0xca:
        this.need(5);
        this.pos += 5;
        return this.dv().getFloat32(this.pos - 4);
      case 0xcb:
        this.need(9);
        this.pos += 9;
        return this.dv().getFloat64(this.pos - 8);
      case 0xcc:
        this.pos++;
        return BigInt(this.u8());
      case 0xcd:
        this.pos++;
        return BigInt(this.u16());
      case 0xce:
        this.pos++;
        return BigInt(this.u32());
      case 0xcf:
        this.need(9);
        this.pos += 9;
        return BigInt.asIntN(64, this.dv().getBigUint64(this.pos - 8));
      case 0xd0:
        this.need(2);
        this.pos += 2;
        return BigInt(this.dv().getInt8(this.pos - 1));
      case 0xd1:
        this.need(3);
        this.pos += 3;
        return BigInt(this.dv().getInt16(this.pos - 2));
      case 0xd2:
        this.need(5);
        this.pos += 5;
        return BigInt(this.dv().getInt32(this.pos - 4));
      case 0xd3:
        this.need(9);
        this.pos += 9;
        return this.dv().getBigInt64(this.pos - 8);
      case 0xdc:
      case 0xdd:
        return this.array(depth);
      case 0xde:
      case 0xdf:
        return this.map(depth);
      default: {
        const ext = this.ext();
        if (ext) return `&{[${Array.from(buf.subarray(ext.start, ext.end)).join(' ')}] ${ext.type}}`;
        throw new ForwardDecodeError('bad_prefix', `byte 0x${b.toString(16)} starts no msgpack value`);
      }
    }
  }

  /** An ext value at pos (advancing past it), or undefined when pos holds no ext. */
  ext(): { type: number; start: number; end: number } | undefined {
    const b = this.peek();
    let n: number;
    if (b >= 0xd4 && b <= 0xd8) ((n = 1 << (b - 0xd4)), (this.pos += 1));
    else if (b === 0xc7) ((this.pos += 1), (n = this.u8()));
    else if (b === 0xc8) ((this.pos += 1), (n = this.u16()));
    else if (b === 0xc9) ((this.pos += 1), (n = this.u32()));
    else return undefined;
    this.need(1 + n);
    const type = this.dv().getInt8(this.pos);
    const start = this.pos + 1;
    this.pos = start + n;
    return { type, start, end: this.pos };
  }

  private array(depth: number): AnyValue[] {
    if (depth >= this.limits.maxDepth) throw new ForwardDecodeError('too_deep', `arrays/maps nested deeper than ${this.limits.maxDepth}`);
    const n = this.arrayHeader('value');
    const out: AnyValue[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  private map(depth: number): KeyValueList {
    if (depth >= this.limits.maxDepth) throw new ForwardDecodeError('too_deep', `arrays/maps nested deeper than ${this.limits.maxDepth}`);
    const n = this.mapHeader('value');
    const values: KeyValue[] = [];
    let index: Map<string, number> | undefined;
    for (let i = 0; i < n; i++) {
      const k = this.key('map');
      index = putValue(values, k, this.value(depth + 1), index);
    }
    return new KeyValueList(values);
  }

  /** Skips one value (options we do not use). */
  skip(depth: number): void {
    this.value(depth);
  }
}

/**
 * Go's pcommon.Map.PutEmpty: a key seen again keeps its first position and takes the new value.
 * Short maps scan; from 16 keys on an index is kept (returned, to pass to the next call), so a
 * hostile 64 Ki-key map costs linear time, not quadratic.
 */
export function putValue(values: KeyValue[], key: string, value: AnyValue, index?: Map<string, number>): Map<string, number> | undefined {
  if (index === undefined) {
    const n = values.length;
    for (let i = 0; i < n; i++) {
      if (values[i]!.key === key) {
        values[i]!.value = value;
        return undefined;
      }
    }
    values.push(new KeyValue(key, value));
    if (n + 1 < 16) return undefined;
    index = new Map();
    for (let i = 0; i <= n; i++) if (!index.has(values[i]!.key)) index.set(values[i]!.key, i);
    return index;
  }
  const at = index.get(key);
  if (at !== undefined) values[at]!.value = value;
  else {
    index.set(key, values.length);
    values.push(new KeyValue(key, value));
  }
  return index;
}

function truncated(): ForwardDecodeError {
  return new ForwardDecodeError('truncated', 'data ends inside a msgpack value');
}

export function typeName(b: number): string {
  if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) return 'an integer';
  if (b <= 0x8f || b === 0xde || b === 0xdf) return 'a map';
  if (b <= 0x9f || b === 0xdc || b === 0xdd) return 'an array';
  if (b <= 0xbf || (b >= 0xd9 && b <= 0xdb)) return 'a string';
  if (b === 0xc0) return 'nil';
  if (b === 0xc2 || b === 0xc3) return 'a boolean';
  if (b >= 0xc4 && b <= 0xc6) return 'binary';
  if (b === 0xca || b === 0xcb) return 'a float';
  if (b === 0xc1) return 'the invalid byte 0xc1';
  return 'an extension';
}
