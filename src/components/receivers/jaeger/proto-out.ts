// A forward protobuf writer for the thrift → OTLP bytes translation (translate-thrift-bytes.ts).
// pdata's Writer writes backwards, which needs every span in hand before the first byte; here a
// span is written as soon as it is read. A nested message reserves two bytes for its length
// (what a 128 B–16 KiB span needs) and close() moves the body when the length takes one byte or
// more than two. Bytes are copied from the thrift body as they are: Jaeger's strings are UTF-8
// on the wire as OTLP's are, so no string is ever decoded (Go copies them as bytes too).

const KEEP_MAX = 4 << 20;

export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

export class ProtoOut {
  buf: Buffer;
  pos = 0;

  constructor(size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  reset(): void {
    if (this.buf.length > KEEP_MAX) this.buf = Buffer.allocUnsafe(256 * 1024);
    this.pos = 0;
  }

  ensure(n: number): void {
    if (this.buf.length - this.pos < n) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size - this.pos < n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** Callers ensure() room for the bytes they write with byte()/varint(). */
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  varint(v: number): void {
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** A 64-bit varint from its unsigned 32-bit halves (int64 two's complement is 10 bytes when negative). */
  varint64(lo: number, hi: number): void {
    const buf = this.buf;
    while (hi !== 0 || lo >= 0x80) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  /** fixed64 from unsigned 32-bit halves, little-endian. */
  fixed64(lo: number, hi: number): void {
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = lo & 0xff;
    buf[p++] = (lo >>> 8) & 0xff;
    buf[p++] = (lo >>> 16) & 0xff;
    buf[p++] = lo >>> 24;
    buf[p++] = hi & 0xff;
    buf[p++] = (hi >>> 8) & 0xff;
    buf[p++] = (hi >>> 16) & 0xff;
    buf[p++] = hi >>> 24;
    this.pos = p;
  }

  /** `n` bytes of `src` from `start`, as they are (JS loop up to 256 bytes: a subarray view costs more). */
  copy(src: Uint8Array, start: number, n: number): void {
    this.ensure(n);
    if (n <= 256) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = start, end = start + n; i < end; i++) buf[p++] = src[i]!;
      this.pos = p;
      return;
    }
    this.buf.set(src.subarray(start, start + n), this.pos);
    this.pos += n;
  }

  /** `n` bytes of `src` from `start` in reverse order (thrift doubles are big-endian, protobuf's little). */
  copyReversed(src: Uint8Array, start: number, n: number): void {
    const buf = this.buf;
    for (let i = start + n - 1; i >= start; i--) buf[this.pos++] = src[i]!;
  }

  /** A JS string as UTF-8 (process tags: a few per batch). */
  utf8(s: string): number {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n + 5);
    this.varint(n);
    this.buf.write(s, this.pos, n, 'utf8');
    this.pos += n;
    return n;
  }

  /** Writes `tag` and reserves two length bytes; returns the mark close() needs. */
  open(tag: number): number {
    this.ensure(3);
    this.buf[this.pos++] = tag;
    const mark = this.pos;
    this.pos += 2;
    return mark;
  }

  /** Writes the length of everything since open() into its reserved bytes, moving the body if needed. */
  close(mark: number): void {
    const body = mark + 2;
    const len = this.pos - body;
    const buf = this.buf;
    if (len < 0x80) {
      buf[mark] = len;
      buf.copyWithin(mark + 1, body, this.pos);
      this.pos--;
    } else if (len < 0x4000) {
      buf[mark] = (len & 0x7f) | 0x80;
      buf[mark + 1] = len >>> 7;
    } else {
      const extra = varintSize(len) - 2;
      this.ensure(extra);
      const b = this.buf;
      b.copyWithin(body + extra, body, this.pos);
      const end = this.pos + extra;
      this.pos = mark;
      this.varint(len);
      this.pos = end;
    }
  }
}
