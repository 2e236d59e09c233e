// A PushRequest built entry by entry straight into bytes, for the loki exporter's hot path: each
// stream's entries are appended to that stream's own byte buffer (the line written in place by
// the caller), and build() lays the streams out as one request. The bytes equal encodePushRequest
// (push-encode.ts) of the same streams: Stream.labels (1), entries (2); Entry.timestamp (1, always
// present, seconds/nanos omitted when zero), line (2) when non-empty; no structured metadata (the
// Go exporter never sends any).
//
// Why not LokiStream objects + encodePushRequest: that costs a line string, an entry object and a
// bigint division per record, then the backward writer copies every line again (measured on the
// seed's docker path, docker-path.bench.ts in the loki exporter: see its README for the figures).

const NS_PER_S = 1_000_000_000n;
/** Bytes reserved for a varint length before its body is written: lines and entries of 128 B–16 KiB. */
const RESERVED = 2;
const POOL_BYTES_MAX = 16 << 20;
const FIRST_SIZE = 4096;

const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

function putVarint(buf: Uint8Array, p: number, v: number): number {
  while (v >= 0x80) {
    buf[p++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[p++] = v;
  return p;
}

// Stream buffers are reused across requests (the encoder is synchronous): a batch of 8192 docker
// records fills ~10 of them with ~300 KiB each.
const pool: Buffer[] = [];
let pooledBytes = 0;

function takeBuffer(): Buffer {
  const b = pool.pop();
  if (b === undefined) return Buffer.allocUnsafe(FIRST_SIZE);
  pooledBytes -= b.length;
  return b;
}

/** One stream's encoded entries (`0x12 len Entry` each), in record order. */
export class PushStream {
  buf: Buffer;
  len = 0;
  entries = 0;
  constructor(readonly labels: string) {
    this.buf = takeBuffer();
  }
}

/**
 * The write cursor a line is written through: `buf[pos…]`, grown by `ensure`. Between begin() and
 * commit()/abort() it points into one stream's buffer after the room left for the entry header.
 */
export class EntryWriter {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;

  /** Room for `n` more bytes at pos. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const nb = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** Bytes as they are. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string as UTF-8 (a lone surrogate becomes U+FFFD's bytes, as Buffer.from writes it). */
  utf8(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p + (buf as unknown as { utf8Write(s: string, o: number): number }).utf8Write(s.slice(i), p);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }
}

/** One tenant's request under construction. */
export class PushBuilder {
  readonly streams: PushStream[] = [];
  private readonly byLabels = new Map<string, PushStream>();
  private readonly w: EntryWriter;
  private entryStart = 0;
  private lineStart = 0;
  private tsLen = 0;
  // The Timestamp message body of the last entry time: consecutive records mostly share it.
  private lastNs = -1n;
  private readonly ts = new Uint8Array(24);

  constructor(writer: EntryWriter) {
    this.w = writer;
  }

  get records(): number {
    let n = 0;
    for (const s of this.streams) n += s.entries;
    return n;
  }

  /** The stream for a label set: an existing one, or a fresh one that joins on its first commit. */
  stream(labels: string): PushStream {
    return this.byLabels.get(labels) ?? new PushStream(labels);
  }

  /** Starts an entry at `ns` (Unix ns, signed) in stream `s`; the line goes through the returned writer. */
  begin(s: PushStream, ns: bigint): EntryWriter {
    if (ns !== this.lastNs) this.timestamp(ns);
    const w = this.w;
    w.buf = s.buf;
    this.entryStart = s.len;
    this.lineStart = s.len + 1 + RESERVED + 2 + this.tsLen + 1 + RESERVED;
    w.pos = this.lineStart;
    w.ensure(0);
    return w;
  }

  /** Ends the entry begun last: its header is written in front of the line. */
  commit(s: PushStream): void {
    const w = this.w;
    const lineLen = w.pos - this.lineStart;
    const tsLen = this.tsLen;
    const lineField = lineLen === 0 ? 0 : 1 + varintSize(lineLen) + lineLen;
    const entryLen = 2 + tsLen + lineField;
    const header = 1 + varintSize(entryLen) + 2 + tsLen + (lineLen === 0 ? 0 : 1 + varintSize(lineLen));
    const at = this.entryStart + header;
    if (at !== this.lineStart && lineLen > 0) {
      w.pos = this.lineStart + lineLen;
      if (at > this.lineStart) w.ensure(at - this.lineStart);
      w.buf.copyWithin(at, this.lineStart, this.lineStart + lineLen);
    }
    const buf = w.buf;
    let p = this.entryStart;
    buf[p++] = 0x12;
    p = putVarint(buf, p, entryLen);
    buf[p++] = 0x0a;
    buf[p++] = tsLen;
    for (let i = 0; i < tsLen; i++) buf[p++] = this.ts[i]!;
    if (lineLen > 0) {
      buf[p] = 0x12;
      putVarint(buf, p + 1, lineLen);
    }
    s.buf = buf;
    s.len = at + lineLen;
    if (s.entries++ === 0) {
      this.byLabels.set(s.labels, s);
      this.streams.push(s);
    }
  }

  /** Drops the entry begun last (Go drops a record it cannot encode); a fresh stream stays out. */
  abort(s: PushStream): void {
    s.buf = this.w.buf;
    if (s.entries === 0) release(s);
  }

  /** The PushRequest bytes; the streams' buffers go back to the pool. */
  build(): Buffer {
    let total = 0;
    for (const s of this.streams) {
      const lb = Buffer.byteLength(s.labels, 'utf8');
      const body = (lb > 0 ? 1 + varintSize(lb) + lb : 0) + s.len;
      total += 1 + varintSize(body) + body;
    }
    const out = Buffer.allocUnsafe(total);
    let p = 0;
    for (const s of this.streams) {
      const lb = Buffer.byteLength(s.labels, 'utf8');
      const body = (lb > 0 ? 1 + varintSize(lb) + lb : 0) + s.len;
      out[p++] = 0x0a;
      p = putVarint(out, p, body);
      if (lb > 0) {
        out[p++] = 0x0a;
        p = putVarint(out, p, lb);
        out.write(s.labels, p, lb, 'utf8');
        p += lb;
      }
      s.buf.copy(out, p, 0, s.len);
      p += s.len;
      release(s);
    }
    return out;
  }

  /** Go's time.Time → Timestamp: floor seconds, nanos in [0, 1e9); zero fields omitted. */
  private timestamp(ns: bigint): void {
    let seconds = ns / NS_PER_S;
    let nanos = ns % NS_PER_S;
    if (nanos < 0n) {
      nanos += NS_PER_S;
      seconds -= 1n;
    }
    const ts = this.ts;
    let p = 0;
    if (seconds !== 0n) {
      ts[p++] = 0x08;
      let u = BigInt.asUintN(64, seconds);
      if (u < 0x20000000000000n) p = putVarint(ts, p, Number(u));
      else {
        while (u >= 0x80n) {
          ts[p++] = Number(u & 0x7fn) | 0x80;
          u >>= 7n;
        }
        ts[p++] = Number(u);
      }
    }
    if (nanos !== 0n) {
      ts[p++] = 0x10;
      p = putVarint(ts, p, Number(nanos));
    }
    this.tsLen = p;
    this.lastNs = ns;
  }
}

function release(s: PushStream): void {
  if (s.buf.length > 0 && pooledBytes + s.buf.length <= POOL_BYTES_MAX) {
    pool.push(s.buf);
    pooledBytes += s.buf.length;
  }
  s.buf = Buffer.alloc(0);
  s.len = 0;
}
