// A msgpack writer for tests and golden inputs that picks every wire type explicitly (msgpackr
// chooses encodings itself: it cannot be told to send a float32, a bin key, an EventTime or a
// uint64), so inputs exercise exactly the shapes real senders produce.

export type Mp =
  | { str: string }
  | { bin: Uint8Array | string }
  | { strBytes: Uint8Array } // a str holding these exact bytes (PackedForward in `str` form)
  | { int: number | bigint } // smallest signed/positive-fixint encoding
  | { u64: bigint } // always 0xcf
  | { i64: bigint } // always 0xd3
  | { f32: number }
  | { f64: number }
  | { bool: boolean }
  | { nil: true }
  | { ext: number; data: Uint8Array }
  | { eventTime: [number, number] } // seconds, nanoseconds
  | { arr: Mp[] }
  | { map: Array<[Mp, Mp]> }
  | { raw: Uint8Array }
  | string
  | number; // shorthand: string → str, number → int

export const str = (s: string): Mp => ({ str: s });
export const arr = (...items: Mp[]): Mp => ({ arr: items });
/** A map with string keys, in the given order. */
export const map = (entries: Record<string, Mp> | Array<[string, Mp]>): Mp => ({
  map: (Array.isArray(entries) ? entries : Object.entries(entries)).map(([k, v]) => [{ str: k }, v] as [Mp, Mp]),
});
export const eventTime = (sec: number, nsec: number): Mp => ({ eventTime: [sec, nsec] });

export function encodeMp(v: Mp): Buffer {
  const out: number[] = [];
  write(out, v);
  return Buffer.from(out);
}

function be(out: number[], n: number | bigint, bytes: number): void {
  let x = BigInt.asUintN(bytes * 8, BigInt(n));
  const tmp: number[] = [];
  for (let i = 0; i < bytes; i++) {
    tmp.unshift(Number(x & 0xffn));
    x >>= 8n;
  }
  out.push(...tmp);
}

function header(out: number[], n: number, fix: number, fixMax: number, b8: number | undefined, b16: number, b32: number): void {
  if (n <= fixMax && fix >= 0) out.push(fix | n);
  else if (b8 !== undefined && n <= 0xff) out.push(b8, n);
  else if (n <= 0xffff) (out.push(b16), be(out, n, 2));
  else (out.push(b32), be(out, n, 4));
}

function write(out: number[], v: Mp): void {
  if (typeof v === 'string') return write(out, { str: v });
  if (typeof v === 'number') return write(out, { int: v });
  if ('str' in v) {
    const b = Buffer.from(v.str, 'utf8');
    header(out, b.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    out.push(...b);
  } else if ('strBytes' in v) {
    header(out, v.strBytes.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
    out.push(...v.strBytes);
  } else if ('bin' in v) {
    const b = typeof v.bin === 'string' ? Buffer.from(v.bin, 'utf8') : v.bin;
    header(out, b.length, -1, -1, 0xc4, 0xc5, 0xc6);
    out.push(...b);
  } else if ('int' in v) {
    const n = BigInt(v.int);
    if (n >= 0n && n <= 127n) out.push(Number(n));
    else if (n < 0n && n >= -32n) out.push(Number(n) & 0xff);
    else if (n >= 0n && n <= 0xffn) out.push(0xcc, Number(n));
    else if (n >= 0n && n <= 0xffffn) (out.push(0xcd), be(out, n, 2));
    else if (n >= 0n && n <= 0xffffffffn) (out.push(0xce), be(out, n, 4));
    else if (n >= 0n) (out.push(0xcf), be(out, n, 8));
    else if (n >= -128n) (out.push(0xd0), be(out, n, 1));
    else if (n >= -32768n) (out.push(0xd1), be(out, n, 2));
    else if (n >= -2147483648n) (out.push(0xd2), be(out, n, 4));
    else (out.push(0xd3), be(out, n, 8));
  } else if ('u64' in v) (out.push(0xcf), be(out, v.u64, 8));
  else if ('i64' in v) (out.push(0xd3), be(out, v.i64, 8));
  else if ('f32' in v) {
    const b = Buffer.alloc(4);
    b.writeFloatBE(v.f32);
    out.push(0xca, ...b);
  } else if ('f64' in v) {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v.f64);
    out.push(0xcb, ...b);
  } else if ('bool' in v) out.push(v.bool ? 0xc3 : 0xc2);
  else if ('nil' in v) out.push(0xc0);
  else if ('eventTime' in v) {
    out.push(0xd7, 0x00);
    be(out, v.eventTime[0], 4);
    be(out, v.eventTime[1], 4);
  } else if ('ext' in v) {
    const n = v.data.length;
    const fixed = [1, 2, 4, 8, 16].indexOf(n);
    if (fixed >= 0) out.push(0xd4 + fixed);
    else header(out, n, -1, -1, 0xc7, 0xc8, 0xc9);
    out.push(v.ext & 0xff, ...v.data);
  } else if ('arr' in v) {
    header(out, v.arr.length, 0x90, 15, undefined, 0xdc, 0xdd);
    for (const x of v.arr) write(out, x);
  } else if ('map' in v) {
    header(out, v.map.length, 0x80, 15, undefined, 0xde, 0xdf);
    for (const [k, x] of v.map) (write(out, k), write(out, x));
  } else if ('raw' in v) out.push(...v.raw);
}
