// Writers for the Jaeger thrift → OTLP bytes translator: ids, times, varints and byte runs
// straight from the thrift body into the output, span kind and status rules, the resource.
import type { KeyValue } from '../../../pdata/index.js';
import { ProtoOut } from './proto-out.js';
import { isZero8, u32, SPAN_KINDS, KIND_CLIENT, KIND_SERVER, STATUS_ERROR, STATUS_UNSET } from './thrift-bytes-tags.js';

/** idutils.UInt64ToTraceID(high, low): 16 big-endian bytes, omitted when both halves are zero. */
export function writeTraceId(out: ProtoOut, b: Uint8Array, high: number, low: number, tag: number): void {
  if (isZero8(b, high) && isZero8(b, low)) return;
  out.byte(tag);
  out.byte(16);
  out.copy(b, high, 8);
  out.copy(b, low, 8);
}

/**
 * microsecondsToUnixNano(µs [+ duration]) as a fixed64 field: uint64 arithmetic, wrapping as Go's
 * does, on 32-bit halves (no BigInt); omitted when zero, as proto3 does.
 */
export function writeTime(out: ProtoOut, b: Uint8Array, at: number, plus: number, tag: number): void {
  let hi = u32(b, at);
  let lo = u32(b, at + 4);
  if (plus >= 0) {
    const sum = lo + u32(b, plus + 4);
    lo = sum >>> 0;
    hi = (hi + u32(b, plus) + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  }
  const pl = lo * 1000;
  const nlo = pl >>> 0;
  const nhi = (hi * 1000 + Math.floor(pl / 0x100000000)) >>> 0;
  if (nlo === 0 && nhi === 0) return;
  out.byte(tag);
  out.fixed64(nlo, nhi);
}

export function putVarint(o: Uint8Array, p: number, v: number): number {
  while (v >= 0x80) {
    o[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  o[p++] = v;
  return p;
}

export function putVarint64(o: Uint8Array, p: number, lo: number, hi: number): number {
  while (hi !== 0 || lo >= 0x80) {
    o[p++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  o[p++] = lo;
  return p;
}

/**
 * Copies by JS loop up to 256 bytes, four at a time through DataViews (a native copy needs a
 * subarray view per call, which costs more than a short string's copy); longer runs natively.
 */
export function putBytes(o: Uint8Array, p: number, src: Uint8Array, start: number, n: number): number {
  if (n > 256) {
    o.set(src.subarray(start, start + n), p);
    return p + n;
  }
  let i = start;
  const end = start + n;
  if (n >= 8 && src === srcBytes && o === outBytes) {
    const sv = srcView;
    const ov = outView;
    for (const wend = end - 3; i < wend; i += 4, p += 4) ov.setUint32(p, sv.getUint32(i));
  }
  for (; i < end; i++) o[p++] = src[i]!;
  return p;
}

// The body and the output buffer being worked on, with DataViews for putBytes' word copies.
let srcBytes: Uint8Array = new Uint8Array(0);
let srcView = new DataView(srcBytes.buffer);
let outBytes: Uint8Array = new Uint8Array(0);
let outView = new DataView(outBytes.buffer);

export function viewSource(b: Uint8Array): void {
  if (b === srcBytes) return;
  srcBytes = b;
  srcView = new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function viewOutput(o: Uint8Array): void {
  if (o === outBytes) return;
  outBytes = o;
  outView = new DataView(o.buffer, o.byteOffset, o.byteLength);
}

export function varint64Size(lo: number, hi: number): number {
  let n = 1;
  while (hi !== 0 || lo >= 0x80) {
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
    n++;
  }
  return n;
}

export function spanKindOf(b: Uint8Array, pos: number, len: number): number {
  if (pos < 0) return 0;
  for (const [name, kind] of SPAN_KINDS) if (name.length === len && bytesEqual2(b, pos, name)) return kind;
  return 0;
}

function bytesEqual2(b: Uint8Array, pos: number, lit: Uint8Array): boolean {
  for (let i = 0; i < lit.length; i++) if (b[pos + i] !== lit[i]) return false;
  return true;
}

/** getStatusCodeFromHTTPStatusAttr + StatusCodeFromHTTP (399 and codes below 100 count as errors there). */
export function statusFromHttpCode(code: number, kind: number): number {
  if (code >= 400 && code < 500) {
    if (kind === KIND_CLIENT) return STATUS_ERROR;
    if (kind === KIND_SERVER) return STATUS_UNSET;
  }
  return code >= 100 && code < 399 ? STATUS_UNSET : STATUS_ERROR;
}

/** The process's attributes as a Resource message body (a few per batch: JS values are fine here). */
export function encodeResource(attrs: readonly KeyValue[]): Buffer {
  const out = new ProtoOut(1024);
  for (const kv of attrs) {
    const m = out.open(0x0a);
    if (kv.key !== '') {
      out.ensure(1);
      out.byte(0x0a);
      out.utf8(kv.key);
    }
    const vm = out.open(0x12);
    const v = kv.value;
    out.ensure(16);
    if (typeof v === 'string') {
      out.byte(0x0a);
      out.utf8(v);
    } else if (typeof v === 'boolean') {
      out.byte(0x10);
      out.byte(v ? 1 : 0);
    } else if (typeof v === 'bigint') {
      const u = BigInt.asUintN(64, v);
      out.byte(0x18);
      out.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
    } else if (typeof v === 'number') {
      out.byte(0x21);
      out.buf.writeDoubleLE(v, out.pos);
      out.pos += 8;
    } else if (v instanceof Uint8Array) {
      out.byte(0x3a);
      out.ensure(5 + v.length);
      out.varint(v.length);
      out.copy(v, 0, v.length);
    }
    out.close(vm);
    out.close(m);
  }
  return Buffer.from(out.buf.subarray(0, out.pos));
}
