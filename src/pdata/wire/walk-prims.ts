// Primitives of the hand-written structural walkers (walk-*.ts). Each takes the position of a
// field's value and returns the position after it, having checked it against `end` (the end of
// the enclosing message). The common one-byte cases are small enough for V8 to inline at every
// call site; longer varints and every error go through out-of-line slow paths. Error messages
// and the wire type check of fields a walker does not know come from the schema.ts tables, so
// they read exactly as the table-driven walk's (validate-table.ts).

import { isUtf8 } from 'node:buffer';
import { PdataDecodeError } from '../errors.js';
import { WIRE_NAMES } from './reader.js';
import type { MsgDef } from './schema.js';

/** AnyValues nested in AnyValues (arrays, kvlists): the limit protects the stack. */
export const MAX_NESTING = 64;

/**
 * Second return values of the helpers, and the walk's UTF-8 switch. A module constant rather than
 * a per-call object: no allocation, and optimized code stores to a known field.
 */
export const st = { fend: 0, pos: 0, utf8: false };

function fieldLabel(def: MsgDef, tag: number): string {
  const field = tag >>> 3;
  const f = def.fields[field];
  return f === undefined ? `field ${field}` : `${f.name} (field ${field})`;
}

/** A tag of two or more bytes (fields ≥ 16, or garbage); the first byte is at p. Sets st.pos. */
export function tagSlow(buf: Uint8Array, p: number, end: number, def: MsgDef): number {
  let tag = 0;
  let shift = 0;
  for (;;) {
    if (p >= end) throw new PdataDecodeError(`truncated tag in ${def.name}`, p);
    if (shift > 28) throw new PdataDecodeError(`tag varint too long in ${def.name}`, p);
    const b = buf[p++]!;
    tag |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  st.pos = p;
  return tag >>> 0;
}

/** Reads the length prefix at p; returns where the value starts and sets st.fend to its end. */
export function lenStart(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  if (p < end) {
    const b0 = buf[p]!;
    if (b0 < 0x80) {
      const e = p + 1 + b0;
      if (e <= end) {
        st.fend = e;
        return p + 1;
      }
    }
  }
  return lenSlow(buf, p, end, def, tag);
}

function lenSlow(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  let len = 0;
  let shift = 0;
  for (;;) {
    if (p >= end) throw new PdataDecodeError(`truncated length in ${def.name}`, p);
    if (shift > 28) throw new PdataDecodeError(`length varint too long in ${def.name}`, p);
    const b = buf[p++]!;
    // Integer arithmetic below 2^28 keeps len (and st.fend) a small integer: with `* 2 ** shift`
    // the double stored into st.fend turned the field's representation to double for the rest of
    // the process and the walk ran at 0.3 M spans/s instead of 1.6 M (codec.bench, 2026-11-25).
    if (shift < 28) len |= (b & 0x7f) << shift;
    else len += (b & 0x7f) * 0x10000000;
    if (b < 0x80) break;
    shift += 7;
  }
  const e = p + len;
  if (e > end) {
    throw new PdataDecodeError(`${def.name}.${fieldLabel(def, tag)} length ${len} runs past the end of the message (${end - p} bytes left)`, p);
  }
  st.fend = e;
  return p;
}

/** bytes (and other length-delimited values not looked into): returns the end of the value. */
export function lenEnd(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  lenStart(buf, p, end, def, tag);
  return st.fend;
}

/** A string field: bounds, and UTF-8 when the walk was asked to check it. */
export function strEnd(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  const s = lenStart(buf, p, end, def, tag);
  const e = st.fend;
  if (st.utf8 && e > s) checkUtf8(buf, s, e, def, tag);
  return e;
}

function checkUtf8(buf: Uint8Array, s: number, e: number, def: MsgDef, tag: number): void {
  // Most strings are ASCII: a JS scan is cheaper than making a subarray for isUtf8.
  let acc = 0;
  for (let i = s; i < e; i++) acc |= buf[i]!;
  if (acc < 0x80) return;
  if (!isUtf8(buf.subarray(s, e))) {
    throw new PdataDecodeError(`${def.name}.${def.fields[tag >>> 3]?.name ?? `field ${tag >>> 3}`} is not valid UTF-8`, s);
  }
}

export function varintEnd(buf: Uint8Array, p: number, end: number, def: MsgDef): number {
  if (p < end && buf[p]! < 0x80) return p + 1;
  return varintSlow(buf, p, end, def);
}

function varintSlow(buf: Uint8Array, p: number, end: number, def: MsgDef): number {
  let n = 0;
  while (p < end && buf[p]! >= 0x80) {
    p++;
    if (++n >= 10) throw new PdataDecodeError(`varint longer than 10 bytes in ${def.name}`, p);
  }
  if (p >= end) throw new PdataDecodeError(`truncated varint in ${def.name}`, p);
  return p + 1;
}

export function fixed64End(p: number, end: number, def: MsgDef, tag: number): number {
  const q = p + 8;
  if (q > end) throw new PdataDecodeError(`truncated fixed64 field ${tag >>> 3} in ${def.name}`, end);
  return q;
}

export function fixed32End(p: number, end: number, def: MsgDef, tag: number): number {
  const q = p + 4;
  if (q > end) throw new PdataDecodeError(`truncated fixed32 field ${tag >>> 3} in ${def.name}`, end);
  return q;
}

/** A packed repeated fixed64/double (histogram bucket_counts, explicit_bounds). */
export function packed64End(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  const s = lenStart(buf, p, end, def, tag);
  const e = st.fend;
  if ((e - s) % 8 !== 0) throw new PdataDecodeError(`packed ${def.name}.${def.fields[tag >>> 3]!.name} length ${e - s} is not a multiple of 8`, s);
  return e;
}

/** A packed repeated varint (exponential histogram bucket_counts): must not end mid-varint. */
export function packedVarintEnd(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  const s = lenStart(buf, p, end, def, tag);
  const e = st.fend;
  if (e > s && buf[e - 1]! >= 0x80) throw new PdataDecodeError(`packed ${def.name}.${def.fields[tag >>> 3]!.name} ends inside a varint`, e);
  return e;
}

/**
 * Any field the walker has no case for: rejects a known field with the wrong wire type (Go's
 * pdata "wrong wireType"), field 0 and group/reserved wire types, and skips unknown fields.
 */
export function otherField(buf: Uint8Array, p: number, end: number, def: MsgDef, tag: number): number {
  const field = tag >>> 3;
  const wt = tag & 7;
  if (field === 0) throw new PdataDecodeError(`invalid field number 0 in ${def.name}`, p);
  const f = def.fields[field];
  if (f !== undefined && f.wt !== wt && !(f.packable === true && wt === 2)) {
    throw new PdataDecodeError(`${def.name}.${f.name} (field ${field}) has wire type ${WIRE_NAMES[wt]}, expected ${WIRE_NAMES[f.wt]}`, p);
  }
  switch (wt) {
    case 0:
      return varintEnd(buf, p, end, def);
    case 1:
      return fixed64End(p, end, def, tag);
    case 2:
      return lenEnd(buf, p, end, def, tag);
    case 5:
      return fixed32End(p, end, def, tag);
    default:
      throw new PdataDecodeError(`unsupported wire type ${WIRE_NAMES[wt]} (field ${field} of ${def.name})`, p);
  }
}
