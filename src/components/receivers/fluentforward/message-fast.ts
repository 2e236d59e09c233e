// The shape dockerd's fluentd driver (fluent-logger-golang) sends on every line, decoded straight
// from the frame's bytes into a LogRecord: Message mode `[tag, time, {str: str|nil|bool|fixint},
// {}]` (or 3 elements), time as unsigned int seconds or EventTime. The mapping is translate.ts's
// (Go's conversion.go): `fluent.tag` first, `log`/`message` → body, other keys → attributes with
// pcommon.Map.PutEmpty semantics.
//
// Anything else — other modes, options with a chunk, other value types, and every malformed or
// out-of-limits frame — returns false and goes through the general decoder (decode.ts +
// translate.ts), which also produces the error; this path never throws and never reads outside
// [start, end). Why: the general path builds a reader, an event, an entry and a KeyValue per
// field, then translate.ts copies them into the record; on this shape that was half the
// receiver's time (docker-path.bench.ts in the loki exporter; figures in the README).

import { KeyValue, type AnyValue } from '../../../pdata/common.js';
import { LogRecord } from '../../../pdata/logs.js';
import type { ForwardLimits } from '../../../shared/codec/forward/errors.js';
import { decodeString } from '../../../shared/codec/forward/strings.js';

const TAG_ATTRIBUTE = 'fluent.tag';
const NS_PER_S = 1_000_000_000n;

// Consecutive events mostly share their second (dockerd sends whole seconds): skip the BigInt work.
let lastSeconds = -1;
let lastSecondsNs = 0n;

function secondsNs(sec: number): bigint {
  if (sec !== lastSeconds) {
    lastSecondsNs = BigInt(sec) * NS_PER_S;
    lastSeconds = sec;
  }
  return lastSecondsNs;
}

const scratch: KeyValue[] = [];

// Where the last string read ended (a second result without an allocation).
let strEnd = 0;

/** A str at p (fixstr, str8, str16, str32) within end: its text, or undefined (strEnd = its end). */
function readStr(buf: Buffer, p: number, end: number): string | undefined {
  const b = buf[p]!;
  let s: number;
  let n: number;
  if (b >= 0xa0 && b <= 0xbf) {
    s = p + 1;
    n = b & 0x1f;
  } else if (b === 0xd9) {
    if (p + 2 > end) return undefined;
    s = p + 2;
    n = buf[p + 1]!;
  } else if (b === 0xda) {
    if (p + 3 > end) return undefined;
    s = p + 3;
    n = (buf[p + 1]! << 8) | buf[p + 2]!;
  } else if (b === 0xdb) {
    if (p + 5 > end) return undefined;
    s = p + 5;
    n = buf[p + 1]! * 0x1000000 + ((buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!);
  } else return undefined;
  if (s + n > end) return undefined;
  strEnd = s + n;
  return decodeString(buf, s, s + n);
}

/**
 * Appends the record of the Message-mode frame buf[start, end) to `out` and returns true, or
 * returns false (nothing appended) when the frame is not the plain shape this path reads.
 */
export function decodeMessageFast(buf: Buffer, start: number, end: number, limits: ForwardLimits, out: LogRecord[]): boolean {
  if (end - start < 4) return false;
  const arity = buf[start]!;
  if (arity !== 0x93 && arity !== 0x94) return false;
  let p = start + 1;

  const tag = readStr(buf, p, end);
  if (tag === undefined || strEnd - p > limits.maxTagBytes) return false;
  p = strEnd;

  if (p >= end) return false;
  let t = buf[p]!;
  let time: bigint;
  if (t <= 0x7f) {
    time = secondsNs(t);
    p += 1;
  } else if (t === 0xce) {
    if (p + 5 > end) return false;
    time = secondsNs(buf[p + 1]! * 0x1000000 + ((buf[p + 2]! << 16) | (buf[p + 3]! << 8) | buf[p + 4]!));
    p += 5;
  } else if (t === 0xd7) {
    // EventTime: ext 8, type 0, big-endian u32 seconds and u32 nanoseconds.
    if (p + 10 > end || buf[p + 1] !== 0) return false;
    const sec = buf[p + 2]! * 0x1000000 + ((buf[p + 3]! << 16) | (buf[p + 4]! << 8) | buf[p + 5]!);
    const nsec = buf[p + 6]! * 0x1000000 + ((buf[p + 7]! << 16) | (buf[p + 8]! << 8) | buf[p + 9]!);
    time = nsec === 0 ? secondsNs(sec) : secondsNs(sec) + BigInt(nsec);
    p += 10;
  } else return false;

  if (p >= end) return false;
  t = buf[p]!;
  // A fixmap (up to 15 keys, dockerd sends 4 to 8): a repeated key is found by a scan of at
  // most 16 entries. Larger maps take the general path, which indexes them.
  if (t < 0x80 || t > 0x8f) return false;
  const n = t & 0x0f;
  p += 1;

  // Built in a scratch array and copied out at its exact size (pushing onto a fresh literal
  // grows its backing store to 18 slots at the second element; `length = 0` is a builtin call).
  const attrs = scratch;
  attrs[0] = new KeyValue(TAG_ATTRIBUTE, tag);
  let count = 1;
  let body: AnyValue = null;
  for (let i = 0; i < n; i++) {
    if (p >= end) return false;
    const k = readStr(buf, p, end);
    if (k === undefined) return false;
    p = strEnd;
    if (p >= end) return false;
    const b = buf[p]!;
    let v: AnyValue;
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb)) {
      const s = readStr(buf, p, end);
      if (s === undefined) return false;
      v = s;
      p = strEnd;
    } else if (b === 0xc0) {
      v = null;
      p += 1;
    } else if (b === 0xc2 || b === 0xc3) {
      v = b === 0xc3;
      p += 1;
    } else if (b <= 0x7f) {
      v = BigInt(b);
      p += 1;
    } else return false;
    if (k === 'log' || k === 'message') {
      if (v !== null) body = v;
      continue;
    }
    // pcommon.Map.PutEmpty: a repeated key keeps its first position and takes the new value.
    let j = 0;
    while (j < count && attrs[j]!.key !== k) j++;
    if (j < count) attrs[j]!.value = v;
    else attrs[count++] = new KeyValue(k, v);
  }

  if (arity === 0x94) {
    // Options: only an empty map here (dockerd's `{}`); a chunk to acknowledge takes the general path.
    if (p >= end || buf[p] !== 0x80) return false;
    p += 1;
  }
  if (p !== end) return false;

  const lr = new LogRecord();
  lr.timeUnixNano = time;
  lr.body = body;
  lr.attributes = attrs.slice(0, count);
  out.push(lr);
  return true;
}
