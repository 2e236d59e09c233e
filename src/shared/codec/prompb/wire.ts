// Shared protobuf pieces of both remote-write versions: 64-bit integers read as numbers, packed
// or unpacked repeated scalars, and the native Histogram / BucketSpan messages (identical field
// numbers in 1.0 and 2.0; 2.0 rc.4 adds start_timestamp = 17).

import { PdataDecodeError } from '../../../pdata/errors.js';
import type { Reader } from '../../../pdata/wire/reader.js';
import type { Writer } from '../../../pdata/wire/writer.js';
import type { PromBucketSpan, PromHistogram } from './model.js';

const TWO_56 = 2 ** 56;

/** Raw varint value as a number when it fits in 56 bits, else undefined (pos unchanged). */
function varintSmall(r: Reader): number | undefined {
  const buf = r.buf;
  let p = r.pos;
  let v = 0;
  let mult = 1;
  for (let i = 0; i < 8; i++) {
    if (p >= r.end) throw new PdataDecodeError('truncated varint', p);
    const b = buf[p++]!;
    v += (b & 0x7f) * mult;
    if (b < 0x80) {
      r.pos = p;
      return v;
    }
    mult *= 128;
  }
  return undefined;
}

/** int64 (two's complement varint) as a number. */
export function int64(r: Reader): number {
  const p = r.pos;
  if (p < r.end) {
    const b = r.buf[p]!;
    if (b < 0x80) {
      r.pos = p + 1;
      return b;
    }
  }
  const v = varintSmall(r);
  return v !== undefined && v < TWO_56 ? v : Number(r.int64());
}

/** uint64 as a number. */
export function uint64(r: Reader): number {
  const v = varintSmall(r);
  return v !== undefined ? v : Number(r.uint64());
}

/** sint64 (zigzag) as a number. */
export function sint64(r: Reader): number {
  const v = varintSmall(r);
  if (v !== undefined) return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  const u = r.uint64();
  return Number((u >> 1n) ^ -(u & 1n));
}

function writeSint64(w: Writer, v: number): void {
  if (v >= 0 && v < 2 ** 52 && Number.isInteger(v)) w.varint(v * 2);
  else if (v < 0 && v > -(2 ** 52) && Number.isInteger(v)) w.varint(-v * 2 - 1);
  else {
    const b = BigInt.asIntN(64, BigInt(Number.isFinite(v) ? Math.trunc(v) : 0));
    w.varint64((b << 1n) ^ (b >> 63n));
  }
}

export function writeInt64(w: Writer, v: number): void {
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) w.varint(v);
  else w.varint64(BigInt(Number.isFinite(v) ? Math.trunc(v) : 0));
}

/** An int64 field, omitted when 0 (proto3). */
export function int64Field(w: Writer, tag: number, v: number): void {
  if (v === 0 || v === undefined) return;
  writeInt64(w, v);
  w.varint(tag);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * Prometheus' stale marker, the NaN with bits 0x7ff0000000000002 (model/value). V8 may quiet a
 * signalling NaN it loads (0x7ff8000000000002), so the payload decides, not the quiet bit.
 */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  f64[0] = v;
  return u32[LO] === 2 && (u32[1 - LO]! & 0xfff7ffff) === 0x7ff00000;
}

/** The stale marker with its exact bits (Prometheus compares them with ==). */
const STALE_NAN_BITS = 0x7ff0000000000002n;

/** The stale marker as a number (its payload survives; doubleField writes the exact bits). */
export const STALE_NAN: number = new DataView(new BigUint64Array([STALE_NAN_BITS]).buffer).getFloat64(0, true);

/** A double field, omitted when +0 (proto3 omits zero; -0 is written, as Go's marshal does). */
export function doubleField(w: Writer, tag: number, v: number): void {
  if (v === 0 && 1 / v > 0) return;
  if (v !== v && isStaleNaN(v)) w.fixed64(STALE_NAN_BITS);
  else w.double(v);
  w.varint(tag);
}

/** Appends a repeated scalar, packed (wire type 2) or one unpacked element. */
export function readRepeated(r: Reader, tag: number, end: number, out: number[], read: (r: Reader) => number, wireScalar: number): void {
  if ((tag & 7) === 2) {
    const e = r.lenEnd(end);
    while (r.pos < e) out.push(read(r));
    if (r.pos !== e) throw new PdataDecodeError('packed field runs past its length', e);
  } else if ((tag & 7) === wireScalar) out.push(read(r));
  else throw new PdataDecodeError(`field ${tag >>> 3} has wire type ${tag & 7}, which does not match its declared type`, r.pos);
}

export const readDouble = (r: Reader): number => r.double();
export const readUint32 = (r: Reader): number => r.varint();

/** Packed repeated doubles (omitted when empty). */
export function packedDoubles(w: Writer, tag: number, vs: readonly number[]): void {
  if (vs.length === 0) return;
  for (let i = vs.length - 1; i >= 0; i--) w.double(vs[i]!);
  w.varint(vs.length * 8);
  w.varint(tag);
}

export function packedSint64(w: Writer, tag: number, vs: readonly number[]): void {
  if (vs.length === 0) return;
  const mark = w.len();
  for (let i = vs.length - 1; i >= 0; i--) writeSint64(w, vs[i]!);
  w.lenTag(mark, tag);
}

export function packedUint32(w: Writer, tag: number, vs: readonly number[]): void {
  if (vs.length === 0) return;
  const mark = w.len();
  for (let i = vs.length - 1; i >= 0; i--) w.varint(vs[i]! >>> 0);
  w.lenTag(mark, tag);
}

function readSpan(r: Reader, end: number): PromBucketSpan {
  let offset = 0;
  let length = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) offset = r.sint32();
    else if (tag === 0x10) length = r.varint();
    else r.skip(tag, end, 0b110, 'BucketSpan');
  }
  r.finish(end, 'BucketSpan');
  return { offset, length };
}

/** A Histogram message; `v2` also knows start_timestamp (17). */
export function readHistogram(r: Reader, end: number, v2: boolean): PromHistogram {
  const h: PromHistogram = {
    countInt: undefined,
    countFloat: undefined,
    sum: 0,
    schema: 0,
    zeroThreshold: 0,
    zeroCountInt: undefined,
    zeroCountFloat: undefined,
    negativeSpans: [],
    negativeDeltas: [],
    negativeCounts: [],
    positiveSpans: [],
    positiveDeltas: [],
    positiveCounts: [],
    resetHint: 0,
    timestamp: 0,
    customValues: [],
  };
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1:
        if (tag !== 0x08) break;
        h.countInt = uint64(r);
        h.countFloat = undefined;
        continue;
      case 2:
        if (tag !== 0x11) break;
        h.countFloat = r.double();
        h.countInt = undefined;
        continue;
      case 3:
        if (tag !== 0x19) break;
        h.sum = r.double();
        continue;
      case 4:
        if (tag !== 0x20) break;
        h.schema = r.sint32();
        continue;
      case 5:
        if (tag !== 0x29) break;
        h.zeroThreshold = r.double();
        continue;
      case 6:
        if (tag !== 0x30) break;
        h.zeroCountInt = uint64(r);
        h.zeroCountFloat = undefined;
        continue;
      case 7:
        if (tag !== 0x39) break;
        h.zeroCountFloat = r.double();
        h.zeroCountInt = undefined;
        continue;
      case 8:
        if (tag !== 0x42) break;
        h.negativeSpans.push(readSpan(r, r.lenEnd(end)));
        continue;
      case 9:
        readRepeated(r, tag, end, h.negativeDeltas, sint64, 0);
        continue;
      case 10:
        readRepeated(r, tag, end, h.negativeCounts, readDouble, 1);
        continue;
      case 11:
        if (tag !== 0x5a) break;
        h.positiveSpans.push(readSpan(r, r.lenEnd(end)));
        continue;
      case 12:
        readRepeated(r, tag, end, h.positiveDeltas, sint64, 0);
        continue;
      case 13:
        readRepeated(r, tag, end, h.positiveCounts, readDouble, 1);
        continue;
      case 14:
        if (tag !== 0x70) break;
        h.resetHint = r.varint();
        continue;
      case 15:
        if (tag !== 0x78) break;
        h.timestamp = int64(r);
        continue;
      case 16:
        readRepeated(r, tag, end, h.customValues, readDouble, 1);
        continue;
      case 17:
        if (!v2) break;
        if (tag !== ((17 << 3) | 0)) break;
        h.startTimestamp = int64(r);
        continue;
      default:
        break;
    }
    r.skip(tag, end, v2 ? 0x3fffe : 0x1fffe, 'Histogram');
  }
  r.finish(end, 'Histogram');
  return h;
}

function writeSpans(w: Writer, tag: number, spans: readonly PromBucketSpan[]): void {
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i]!;
    const mark = w.len();
    if (s.length !== 0) {
      w.varint(s.length >>> 0);
      w.varint(0x10);
    }
    if (s.offset !== 0) {
      w.varint(((s.offset << 1) ^ (s.offset >> 31)) >>> 0);
      w.varint(0x08);
    }
    w.lenTag(mark, tag);
  }
}

/** Histogram body fields in ascending field order (gogo's layout). */
export function writeHistogram(w: Writer, h: PromHistogram, v2: boolean): void {
  if (v2 && h.startTimestamp) {
    writeInt64(w, h.startTimestamp);
    w.varint((17 << 3) | 0);
  }
  packedDoubles(w, (16 << 3) | 2, h.customValues);
  int64Field(w, 0x78, h.timestamp);
  if (h.resetHint !== 0) {
    w.varint(h.resetHint);
    w.varint(0x70);
  }
  packedDoubles(w, 0x6a, h.positiveCounts);
  packedSint64(w, 0x62, h.positiveDeltas);
  writeSpans(w, 0x5a, h.positiveSpans);
  packedDoubles(w, 0x52, h.negativeCounts);
  packedSint64(w, 0x4a, h.negativeDeltas);
  writeSpans(w, 0x42, h.negativeSpans);
  if (h.zeroCountInt !== undefined) {
    writeInt64(w, h.zeroCountInt);
    w.varint(0x30);
  } else if (h.zeroCountFloat !== undefined) {
    w.double(h.zeroCountFloat);
    w.varint(0x39);
  }
  doubleField(w, 0x29, h.zeroThreshold);
  if (h.schema !== 0) {
    w.varint(((h.schema << 1) ^ (h.schema >> 31)) >>> 0);
    w.varint(0x20);
  }
  doubleField(w, 0x19, h.sum);
  if (h.countInt !== undefined) {
    writeInt64(w, h.countInt);
    w.varint(0x08);
  } else if (h.countFloat !== undefined) {
    w.double(h.countFloat);
    w.varint(0x11);
  }
}
