// Per-connection framing of a fluent forward byte stream: feed chunks as they arrive, get back
// complete frames. A frame may span any number of chunks (fluent-bit writes the array header and
// the entries separately; a large event spans many TCP segments). Frames wholly inside a chunk are
// returned as views of it (no copy); only a partial frame at a chunk's end is copied, into a buffer
// that grows by doubling, and the resumable scanner never re-walks bytes it has seen.

import { DEFAULT_FORWARD_LIMITS, ForwardDecodeError, type ForwardLimits } from './errors.js';
import { FrameScanner } from './scan.js';

export class ForwardFramer {
  private readonly scanner: FrameScanner;
  /** Bytes of an incomplete frame carried over from earlier chunks. */
  private pending: Buffer | undefined;
  private pendingLength = 0;

  constructor(readonly limits: ForwardLimits = DEFAULT_FORWARD_LIMITS) {
    this.scanner = new FrameScanner(limits);
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.pendingLength;
  }

  /**
   * The complete frames now available, in order. A returned view is valid until the next call.
   * Throws ForwardDecodeError when the stream cannot be a forward stream (the connection is then
   * unusable: framing is lost); frames completed before the bad bytes are in `framesBefore`.
   */
  push(chunk: Buffer): Buffer[] {
    const list = new FrameList();
    try {
      this.pushRanges(chunk, list);
    } catch (err) {
      if (err instanceof ForwardDecodeError) err.framesBefore = list.views();
      throw err;
    }
    return list.views();
  }

  /**
   * push() without a Buffer view per frame: `list` is cleared, then gets each complete frame as
   * (buffer, start, end). On a ForwardDecodeError the frames before the bad bytes stay in `list`.
   * The ranges stay valid until the next call.
   */
  pushRanges(chunk: Buffer, list: FrameList): void {
    list.length = 0;
    let offset = 0;
    if (this.pending) {
      this.append(chunk);
      const len = this.scanner.scan(this.pending, 0, this.pendingLength);
      if (len < 0) return;
      // The carried frame completes inside this chunk: a copy-free range of the pending buffer,
      // then continue in the chunk right after the frame's end.
      const consumedFromChunk = len - (this.pendingLength - chunk.length);
      list.add(this.pending, 0, len);
      this.pending = undefined;
      this.pendingLength = 0;
      offset = consumedFromChunk;
    }
    while (offset < chunk.length) {
      const len = this.scanner.scan(chunk, offset, chunk.length - offset);
      if (len < 0) {
        this.carry(chunk.subarray(offset));
        break;
      }
      list.add(chunk, offset, offset + len);
      offset += len;
    }
  }

  private carry(rest: Buffer): void {
    this.pending = Buffer.allocUnsafe(Math.max(4096, rest.length * 2));
    rest.copy(this.pending, 0);
    this.pendingLength = rest.length;
  }

  private append(chunk: Buffer): void {
    const need = this.pendingLength + chunk.length;
    if (need > this.pending!.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.pending!.length * 2));
      this.pending!.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    chunk.copy(this.pending!, this.pendingLength);
    this.pendingLength = need;
  }
}

/** Frames as (buffer, start, end), reused from chunk to chunk (no object per frame). */
export class FrameList {
  bufs: Buffer[] = [];
  starts: number[] = [];
  ends: number[] = [];
  length = 0;

  add(buf: Buffer, start: number, end: number): void {
    const i = this.length++;
    this.bufs[i] = buf;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  /** Forgets the ranges (and so no longer holds the buffers). */
  clear(): void {
    this.bufs.length = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    this.length = 0;
  }

  views(): Buffer[] {
    const out: Buffer[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.bufs[i]!.subarray(this.starts[i], this.ends[i]);
    return out;
  }
}
