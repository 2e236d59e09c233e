// A protobuf writer that fills a scratch buffer from the END backwards. Writing a message's
// fields last-to-first means its length is known once its body is written, so nested messages
// need a single pass and no size pre-computation or back-patching. Positions are kept as
// distances from the end of the scratch buffer so that growing it (copying the written tail to
// the end of a larger buffer) does not invalidate marks.
//
// Short strings are written with a JS char loop (ASCII fast path): for the 10-30 byte keys and
// values that dominate OTLP, a native utf8Write call costs more in call overhead (~70-95 ns
// measured) than the loop; longer or non-ASCII strings take Buffer.byteLength + utf8Write.

const SHORT = 48;
const KEEP_MAX = 16 << 20;

interface FastWrite {
  utf8Write(s: string, offset: number, length: number): number;
}

export class Writer {
  buf: Buffer;
  dv: DataView;
  pos: number;

  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = size;
  }

  reset(): void {
    if (this.buf.length > KEEP_MAX) {
      this.buf = Buffer.allocUnsafe(64 * 1024);
      this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
    this.pos = this.buf.length;
  }

  /** Bytes written so far; a message's size is `w.len() - markTakenBeforeItsBody`. */
  len(): number {
    return this.buf.length - this.pos;
  }

  ensure(n: number): void {
    if (this.pos < n) this.grow(n);
  }

  private grow(n: number): void {
    const used = this.buf.length - this.pos;
    let size = this.buf.length * 2;
    while (size - used < n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, size - used, this.pos);
    this.buf = nb;
    this.dv = new DataView(nb.buffer, nb.byteOffset, nb.byteLength);
    this.pos = size - used;
  }

  /** A copy of everything written, as a standalone Buffer. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.buf.length - this.pos);
    this.buf.copy(out, 0, this.pos);
    return out;
  }

  byte(b: number): void {
    if (this.pos < 1) this.grow(1);
    this.buf[--this.pos] = b;
  }

  /** An unsigned varint of up to 32 bits (tags, lengths, uint32/enum fields). */
  varint(v: number): void {
    if (v < 0x80 && v >= 0) {
      if (this.pos < 1) this.grow(1);
      this.buf[--this.pos] = v;
      return;
    }
    if (v < 0) {
      // int32 enums/values are sign-extended to 10 bytes on the wire.
      this.varint64(BigInt.asUintN(64, BigInt(v)));
      return;
    }
    let n = 1;
    for (let x = v; x >= 0x80; x = Math.floor(x / 128)) n++;
    this.ensure(n);
    let p = (this.pos -= n);
    const buf = this.buf;
    while (v >= 0x80) {
      buf[p++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[p] = v;
  }

  /** A varint from a 64-bit value (int64 as two's complement, uint64). */
  varint64(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    if (u < 0x10000000n) {
      this.varint(Number(u));
      return;
    }
    const bytes: number[] = [];
    while (u >= 0x80n) {
      bytes.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    bytes.push(Number(u));
    this.ensure(bytes.length);
    this.pos -= bytes.length;
    for (let i = 0; i < bytes.length; i++) this.buf[this.pos + i] = bytes[i]!;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.pos -= 4;
    this.dv.setUint32(this.pos, v >>> 0, true);
  }

  fixed64(v: bigint): void {
    this.ensure(8);
    this.pos -= 8;
    this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
  }

  double(v: number): void {
    this.ensure(8);
    this.pos -= 8;
    this.dv.setFloat64(this.pos, v, true);
  }

  /** String body (no prefix); returns its byte length. */
  stringBody(s: string): number {
    const n = s.length;
    if (n <= SHORT) {
      if (this.pos < n) this.grow(n);
      const p = this.pos - n;
      const buf = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p + i] = c;
      }
      if (i === n) {
        this.pos = p;
        return n;
      }
    }
    const bl = Buffer.byteLength(s, 'utf8');
    this.ensure(bl);
    this.pos -= bl;
    (this.buf as unknown as FastWrite).utf8Write(s, this.pos, bl);
    return bl;
  }

  /** A string field; omitted when empty (proto3 default). */
  stringField(tag: number, s: string): void {
    if (s.length === 0) return;
    const n = this.stringBody(s);
    this.varint(n);
    this.varint(tag);
  }

  /** A string written even when empty (repeated string elements). */
  stringAlways(tag: number, s: string): void {
    this.varint(this.stringBody(s));
    this.varint(tag);
  }

  /** A bytes field from a latin1 byte string (ids); omitted when empty. */
  byteStringField(tag: number, s: string): void {
    const n = s.length;
    if (n === 0) return;
    this.ensure(n);
    const p = (this.pos -= n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
    this.varint(n);
    this.varint(tag);
  }

  bytesBody(b: Uint8Array): void {
    this.ensure(b.length);
    this.pos -= b.length;
    this.buf.set(b, this.pos);
  }

  /** Closes a length-delimited field whose body was written since `mark`. */
  lenTag(mark: number, tag: number): void {
    this.varint(this.buf.length - this.pos - mark);
    this.varint(tag);
  }
}

/** The encoders are synchronous and never nest, so one scratch writer serves them all. */
const scratch = new Writer();

export function encodeWith<T>(value: T, write: (w: Writer, v: T) => void): Buffer {
  const w = scratch;
  w.reset();
  write(w, value);
  return w.finish();
}
