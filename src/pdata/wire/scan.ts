// Work on serialized Export*ServiceRequest bytes without decoding them: count items and split a
// request into smaller requests by copying whole sub-messages. A request is a tree of repeated
// containers (Request → Resource* → Scope* → item*; metrics add Metric → data → data_points);
// a `Levels` table lists, per container level, the field numbers holding the next level.

import { PdataDecodeError } from '../errors.js';

/** levels[i] = field numbers of level i+1 inside a level-i message; the last level's children are items. */
export type Levels = readonly (readonly number[])[];

export const TRACE_LEVELS: Levels = [[1], [2], [2]];
export const LOG_LEVELS: Levels = [[1], [2], [2]];
export const METRIC_LEVELS: Levels = [[1], [2], [2], [5, 7, 9, 10, 11], [1]];

/** One field of a message: tag bytes at [start, body), contents at [body, end). */
interface FieldPos {
  field: number;
  wt: number;
  start: number;
  body: number;
  end: number;
}

function readVarint(buf: Uint8Array, p: number, end: number, out: { v: number; p: number }): void {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (p >= end) throw new PdataDecodeError('truncated varint', p);
    const b = buf[p++]!;
    if (mul < 2 ** 35) v += (b & 0x7f) * mul;
    if (b < 0x80) {
      out.v = v;
      out.p = p;
      return;
    }
    mul *= 128;
  }
  throw new PdataDecodeError('varint longer than 10 bytes', p);
}

const tmp = { v: 0, p: 0 };

/** Reads the field at p (within [p, end)) into `f`. */
function nextField(buf: Uint8Array, p: number, end: number, f: FieldPos): void {
  f.start = p;
  readVarint(buf, p, end, tmp);
  const tag = tmp.v;
  p = tmp.p;
  f.field = Math.floor(tag / 8);
  f.wt = tag & 7;
  if (f.field === 0) throw new PdataDecodeError('invalid field number 0', f.start);
  switch (f.wt) {
    case 0:
      f.body = p;
      readVarint(buf, p, end, tmp);
      f.end = tmp.p;
      return;
    case 1:
      f.body = p;
      f.end = p + 8;
      break;
    case 5:
      f.body = p;
      f.end = p + 4;
      break;
    case 2:
      readVarint(buf, p, end, tmp);
      f.body = tmp.p;
      f.end = tmp.p + tmp.v;
      break;
    default:
      throw new PdataDecodeError(`unsupported wire type ${f.wt}`, f.start);
  }
  if (f.end > end) throw new PdataDecodeError(`field ${f.field} runs past the end of its message`, f.start);
}

function isChild(levels: Levels, level: number, f: FieldPos): boolean {
  return f.wt === 2 && levels[level]!.includes(f.field);
}

/** Items inside the level-`level` message at [start, end). */
export function countItems(buf: Uint8Array, levels: Levels, level = 0, start = 0, end = buf.length): number {
  const f: FieldPos = { field: 0, wt: 0, start: 0, body: 0, end: 0 };
  const last = level === levels.length - 1;
  let n = 0;
  let p = start;
  while (p < end) {
    nextField(buf, p, end, f);
    if (isChild(levels, level, f)) n += last ? 1 : countItems(buf, levels, level + 1, f.body, f.end);
    p = f.end;
  }
  return n;
}

function tagBytes(field: number, len: number): Buffer {
  const out: number[] = [];
  for (let v = field * 8 + 2; ; v = Math.floor(v / 128)) {
    if (v < 0x80) {
      out.push(v);
      break;
    }
    out.push((v & 0x7f) | 0x80);
  }
  for (let v = len; ; v = Math.floor(v / 128)) {
    if (v < 0x80) {
      out.push(v);
      break;
    }
    out.push((v & 0x7f) | 0x80);
  }
  return Buffer.from(out);
}

/** A container open in the chunk being built: its own fields other than children, and children so far. */
interface Frame {
  field: number;
  envelope: Uint8Array[];
  pieces: Uint8Array[];
  size: number;
}

class Splitter {
  readonly chunks: Buffer[] = [];
  private readonly frames: Frame[] = [];
  private room: number;
  private chunkItems = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly levels: Levels,
    private readonly max: number,
  ) {
    this.room = max;
    this.frames.push({ field: 0, envelope: [], pieces: [], size: 0 });
  }

  private add(piece: Uint8Array): void {
    const top = this.frames[this.frames.length - 1]!;
    top.pieces.push(piece);
    top.size += piece.length;
  }

  private static build(fr: Frame): Buffer {
    let size = fr.size;
    for (const e of fr.envelope) size += e.length;
    return Buffer.concat([tagBytes(fr.field, size), ...fr.envelope, ...fr.pieces]);
  }

  flush(): void {
    if (this.chunkItems === 0 && this.frames[0]!.pieces.length === 0) return;
    for (let i = this.frames.length - 1; i >= 1; i--) {
      const fr = this.frames[i]!;
      if (fr.pieces.length > 0) {
        const b = Splitter.build(fr);
        const parent = this.frames[i - 1]!;
        parent.pieces.push(b);
        parent.size += b.length;
      }
    }
    this.chunks.push(Buffer.concat(this.frames[0]!.pieces));
    for (const fr of this.frames) {
      fr.pieces = [];
      fr.size = 0;
    }
    this.room = this.max;
    this.chunkItems = 0;
  }

  /** Distributes the children of the level-`level` message at [start, end) over chunks. */
  walk(level: number, start: number, end: number): void {
    const buf = this.buf;
    const last = level === this.levels.length - 1;
    const f: FieldPos = { field: 0, wt: 0, start: 0, body: 0, end: 0 };
    for (let p = start; p < end; p = f.end) {
      nextField(buf, p, end, f);
      if (!isChild(this.levels, level, f)) continue;
      const n = last ? 1 : countItems(buf, this.levels, level + 1, f.body, f.end);
      if (n > 0 && this.room === 0) this.flush();
      if (n <= this.room) {
        this.add(buf.subarray(f.start, f.end));
        this.room -= n;
        this.chunkItems += n;
        continue;
      }
      // Too big for what is left of this chunk: open it and distribute its children.
      const envelope: Uint8Array[] = [];
      const g: FieldPos = { field: 0, wt: 0, start: 0, body: 0, end: 0 };
      for (let q = f.body; q < f.end; q = g.end) {
        nextField(buf, q, f.end, g);
        if (!isChild(this.levels, level + 1, g)) envelope.push(buf.subarray(g.start, g.end));
      }
      const frame: Frame = { field: f.field, envelope, pieces: [], size: 0 };
      this.frames.push(frame);
      this.walk(level + 1, f.body, f.end);
      this.frames.pop();
      if (frame.pieces.length > 0) this.add(Splitter.build(frame));
    }
  }
}

/**
 * Splits a request into requests of at most `max` items each, in order. Containers that fit are
 * copied whole; a container that straddles a boundary is repeated in each chunk with its own
 * non-child fields (resource, scope, schema_url, metric name...) and a share of its children.
 */
export function splitRequest(buf: Buffer, levels: Levels, max: number): Buffer[] {
  if (!(max >= 1)) throw new RangeError(`split size must be at least 1, got ${max}`);
  const s = new Splitter(buf, levels, Math.floor(max));
  s.walk(0, 0, buf.length);
  s.flush();
  return s.chunks;
}
