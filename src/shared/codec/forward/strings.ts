// Short msgpack strings (record keys, and values such as docker's `source`, `container_name`,
// `container_id`) repeat in almost every event. A direct-mapped cache from bytes to the decoded
// string replaces a utf8Slice call (a C++ crossing per string, ~65 ns per short string on the
// reference box, see src/pdata/wire/reader.ts) with a byte compare. A hostile stream of distinct
// strings only evicts slots; nothing grows.

import { fast } from '../../../pdata/wire/reader.js';

const SLOTS = 4096;
const MAX_CACHED = 64;

const cachedBytes: (Uint8Array | undefined)[] = new Array(SLOTS).fill(undefined);
const cachedStrings: string[] = new Array(SLOTS).fill('');

export function decodeString(buf: Buffer, start: number, end: number): string {
  const len = end - start;
  if (len === 0) return '';
  if (len > MAX_CACHED) return fast(buf).utf8Slice(start, end);
  // The slot hash reads at most the first and last 8 bytes (the compare below reads them all):
  // docker's 64-hex container_id cost a 64-byte hash on every event (docker-path.bench.ts).
  let h = len;
  if (len <= 16) for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
  else {
    for (let i = start; i < start + 8; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
    for (let i = end - 8; i < end; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
  }
  const slot = (h ^ (h >>> 13)) & (SLOTS - 1);
  const hit = cachedBytes[slot];
  if (hit !== undefined && hit.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (hit[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return cachedStrings[slot]!;
  }
  const s = fast(buf).utf8Slice(start, end);
  cachedBytes[slot] = Uint8Array.prototype.slice.call(buf, start, end); // a copy: buf is reused
  cachedStrings[slot] = s;
  return s;
}
