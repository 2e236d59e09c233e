// The table-driven structural walk: one loop over the field tables of schema.ts. It was the
// receivers' validator until the hand-written walkers (walk-*.ts) replaced it for the three OTLP
// requests (0.78 M vs 3.9 M spans/s, codec.bench 2026-11-25); it stays as the walk for any other MsgDef,
// as the reference the hand-written walkers are checked against (validate.test.ts) and as a row
// of codec.bench.ts. Same checks and messages as the hand-written walk.

import { isUtf8 } from 'node:buffer';
import { PdataDecodeError } from '../errors.js';
import { WIRE_NAMES } from './reader.js';
import type { MsgDef } from './schema.js';
import type { ValidateOptions } from './validate.js';

const MAX_NESTING = 64;

class Walk {
  items = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly utf8: boolean,
  ) {}

  msg(def: MsgDef, p: number, end: number, depth: number): void {
    const buf = this.buf;
    const fields = def.fields;
    while (p < end) {
      // tag varint (inline fast path for one byte)
      let tag = buf[p]!;
      if (tag < 0x80) p++;
      else {
        tag = 0;
        let shift = 0;
        for (;;) {
          if (p >= end) throw new PdataDecodeError(`truncated tag in ${def.name}`, p);
          if (shift > 28) throw new PdataDecodeError(`tag varint too long in ${def.name}`, p);
          const b = buf[p++]!;
          tag |= (b & 0x7f) << shift;
          if (b < 0x80) break;
          shift += 7;
        }
        tag >>>= 0;
      }
      const field = tag >>> 3;
      const wt = tag & 7;
      if (field === 0) throw new PdataDecodeError(`invalid field number 0 in ${def.name}`, p);
      const f = fields[field];
      if (f !== undefined && f.wt !== wt && !(f.packable === true && wt === 2)) {
        throw new PdataDecodeError(`${def.name}.${f.name} (field ${field}) has wire type ${WIRE_NAMES[wt]}, expected ${WIRE_NAMES[f.wt]}`, p);
      }
      switch (wt) {
        case 0: {
          let n = 0;
          while (p < end && buf[p]! >= 0x80) {
            p++;
            if (++n >= 10) throw new PdataDecodeError(`varint longer than 10 bytes in ${def.name}`, p);
          }
          if (p >= end) throw new PdataDecodeError(`truncated varint in ${def.name}`, p);
          p++;
          break;
        }
        case 1:
          p += 8;
          if (p > end) throw new PdataDecodeError(`truncated fixed64 field ${field} in ${def.name}`, end);
          break;
        case 5:
          p += 4;
          if (p > end) throw new PdataDecodeError(`truncated fixed32 field ${field} in ${def.name}`, end);
          break;
        case 2: {
          let len = buf[p]!;
          if (p < end && len < 0x80) p++;
          else {
            len = 0;
            let shift = 0;
            for (;;) {
              if (p >= end) throw new PdataDecodeError(`truncated length in ${def.name}`, p);
              if (shift > 28) throw new PdataDecodeError(`length varint too long in ${def.name}`, p);
              const b = buf[p++]!;
              len += (b & 0x7f) * 2 ** shift;
              if (b < 0x80) break;
              shift += 7;
            }
          }
          const e = p + len;
          if (e > end) {
            const what = f === undefined ? `field ${field}` : `${f.name} (field ${field})`;
            throw new PdataDecodeError(`${def.name}.${what} length ${len} runs past the end of the message (${end - p} bytes left)`, p);
          }
          if (f !== undefined) {
            if (f.msg !== undefined) {
              const sub = f.msg;
              if (sub.nests === true && depth >= MAX_NESTING) throw new PdataDecodeError(`AnyValue nested deeper than ${MAX_NESTING}`, p);
              if (sub.item === true) this.items++;
              this.msg(sub, p, e, sub.nests === true ? depth + 1 : depth);
            } else if (f.packable === true) {
              if (f.wt === 1 && len % 8 !== 0) throw new PdataDecodeError(`packed ${def.name}.${f.name} length ${len} is not a multiple of 8`, p);
              if (f.wt === 0 && len > 0 && buf[e - 1]! >= 0x80) throw new PdataDecodeError(`packed ${def.name}.${f.name} ends inside a varint`, e);
            } else if (f.str === true && this.utf8 && len > 0 && !isUtf8(buf.subarray(p, e))) {
              throw new PdataDecodeError(`${def.name}.${f.name} is not valid UTF-8`, p);
            }
          }
          p = e;
          break;
        }
        default:
          throw new PdataDecodeError(`unsupported wire type ${WIRE_NAMES[wt]} (field ${field} of ${def.name})`, p);
      }
    }
  }
}

/** Walks a whole request; returns its item count. Throws PdataDecodeError on malformed input. */
export function validateByTable(buf: Uint8Array, def: MsgDef, opts: ValidateOptions = {}): number {
  const w = new Walk(buf, opts.utf8 === true);
  w.msg(def, 0, buf.length, 0);
  return w.items;
}
