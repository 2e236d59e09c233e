// One fluent forward frame → ForwardEvent (Forward Protocol Specification v1, fluent/fluentd wiki;
// modes detected as the Go receiver does, contrib receiver/fluentforwardreceiver/server.go
// determineNextEventMode: by the msgpack type of the second element).
//
//   Message                  [tag, time, record(, options)]
//   Forward                  [tag, [[time, record], …](, options)]
//   PackedForward            [tag, str|bin of concatenated [time, record] entries(, options)]
//   CompressedPackedForward  the same with options.compressed == "gzip" (gzip members)
//
// Times: int/uint seconds and EventTime (ext 0: big-endian u32 seconds, u32 nanoseconds) as Go;
// beyond Go, float seconds and the forward v1.5 entry `[[time, metadata], record]` that fluent-bit
// sends with retain_metadata_in_forward_mode (metadata is read and returned, not mapped).

import { gunzipSync } from 'node:zlib';
import type { AnyValue, KeyValue, KeyValueList } from '../../../pdata/common.js';
import { KeyValue as KV } from '../../../pdata/common.js';
import { DEFAULT_FORWARD_LIMITS, ForwardDecodeError, type ForwardLimits } from './errors.js';
import { MsgpackReader, typeName } from './reader.js';
import { fast } from '../../../pdata/wire/reader.js';

export type ForwardMode = 'message' | 'forward' | 'packed_forward' | 'compressed_packed_forward';

export interface ForwardEntry {
  /** Unix nanoseconds as Go's pcommon.Timestamp (uint64; times before 1970 wrap, as in Go). */
  timeUnixNano: bigint;
  /** The record's keys and values in wire order; a repeated key appears twice (the mapping decides). */
  record: KeyValue[];
  /** Forward v1.5 entry metadata, when the entry carried `[time, metadata]`. */
  metadata?: KeyValueList | AnyValue;
}

export interface ForwardEvent {
  mode: ForwardMode;
  tag: string;
  entries: ForwardEntry[];
  /** The `chunk` option when it is a string (Go acks only a string chunk). */
  chunk?: string;
}

const NS_PER_S = 1_000_000_000n;

// Consecutive events mostly share their second (dockerd sends whole seconds): skip the BigInt work.
let lastSeconds = NaN;
let lastSecondsNs = 0n;

function secondsToNs(sec: number): bigint {
  if (sec === lastSeconds) return lastSecondsNs;
  const ns = BigInt.asUintN(64, BigInt(sec) * NS_PER_S);
  lastSeconds = sec;
  lastSecondsNs = ns;
  return ns;
}

/** Reads an entry time (Go's timeFromTimestamp, plus float seconds). */
function readTime(r: MsgpackReader): bigint {
  const b = r.peek();
  if (b <= 0x7f || (b >= 0xcc && b <= 0xd3) || b >= 0xe0) {
    const v = r.value(0) as bigint;
    if (v >= -9007199254740991n && v <= 9007199254740991n) return secondsToNs(Number(v));
    return BigInt.asUintN(64, v * NS_PER_S);
  }
  if (b === 0xca || b === 0xcb) {
    const f = r.value(0) as number;
    if (!Number.isFinite(f)) throw new ForwardDecodeError('bad_time', `event time ${f} is not a finite number`);
    const sec = Math.floor(f);
    return BigInt.asUintN(64, BigInt(sec) * NS_PER_S + BigInt(Math.round((f - sec) * 1e9)));
  }
  const at = r.pos;
  const ext = r.ext();
  if (ext) {
    if (ext.type !== 0) throw new ForwardDecodeError('bad_time', `event time is an ext of type ${ext.type}, not EventTime (0)`);
    if (ext.end - ext.start !== 8) throw new ForwardDecodeError('bad_time', `EventTime must hold 8 bytes, got ${ext.end - ext.start}`);
    const buf = r.buf;
    const s = ext.start;
    const sec = ((buf[s]! << 24) >>> 0) + ((buf[s + 1]! << 16) | (buf[s + 2]! << 8) | buf[s + 3]!);
    const nsec = ((buf[s + 4]! << 24) >>> 0) + ((buf[s + 5]! << 16) | (buf[s + 6]! << 8) | buf[s + 7]!);
    return secondsToNs(sec) + BigInt(nsec);
  }
  throw new ForwardDecodeError('bad_time', `event time must be an integer, a float or EventTime, got ${typeName(r.buf[at]!)}`);
}

function readRecord(r: MsgpackReader): KeyValue[] {
  const n = r.mapHeader('record');
  const out: KeyValue[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = r.key('record');
    out[i] = new KV(k, r.value(1));
  }
  return out;
}

/** `[time, record]`, or v1.5 `[[time, metadata], record]`. */
function readEntry(r: MsgpackReader): ForwardEntry {
  const n = r.arrayHeader('entry');
  if (n !== 2) throw new ForwardDecodeError('bad_arity', `an entry must be [time, record], got ${n} elements`);
  const b = r.peek();
  if ((b >= 0x90 && b <= 0x9f) || b === 0xdc || b === 0xdd) {
    const m = r.arrayHeader('entry time');
    if (m !== 2) throw new ForwardDecodeError('bad_arity', `a v1.5 entry time must be [time, metadata], got ${m} elements`);
    const timeUnixNano = readTime(r);
    const metadata = r.value(2);
    return { timeUnixNano, record: readRecord(r), metadata };
  }
  const timeUnixNano = readTime(r);
  return { timeUnixNano, record: readRecord(r) };
}

interface Options {
  chunk?: string;
  compressed?: string;
}

/** Go's parseOptions: a map with string keys; only string `chunk`/`compressed` values count. */
function readOptions(r: MsgpackReader): Options {
  const n = r.mapHeader('options');
  const out: Options = {};
  for (let i = 0; i < n; i++) {
    const k = r.string('options key');
    const v = r.value(1);
    if (k === 'chunk' && typeof v === 'string') out.chunk = v;
    else if (k === 'compressed' && typeof v === 'string') out.compressed = v;
  }
  return out;
}

/** Decodes the frame buf[start, end) (exactly one msgpack array). */
export function decodeForwardEvent(buf: Buffer, start: number, end: number, limits: ForwardLimits = DEFAULT_FORWARD_LIMITS): ForwardEvent {
  const r = new MsgpackReader(buf, start, end, limits);
  const arity = r.arrayHeader('frame');
  if (arity < 2) throw new ForwardDecodeError('bad_arity', `a frame needs at least [tag, …], got ${arity} elements`);
  const tagBody = r.bytesBody(true, false);
  if (!tagBody) throw new ForwardDecodeError('bad_type', `the tag must be a string, got ${typeName(buf[r.pos]!)}`);
  if (tagBody[1] - tagBody[0] > limits.maxTagBytes) {
    throw new ForwardDecodeError('tag_too_large', `a ${tagBody[1] - tagBody[0]}-byte tag exceeds the ${limits.maxTagBytes}-byte limit`);
  }
  const tag = fast(buf).utf8Slice(tagBody[0], tagBody[1]);
  const second = r.peek();
  let event: ForwardEvent;
  if (second <= 0x7f || second >= 0xe0 || (second >= 0xca && second <= 0xd8) || (second >= 0xc7 && second <= 0xc9)) {
    if (arity < 3 || arity > 4) throw new ForwardDecodeError('bad_arity', `a Message-mode event has 3 or 4 elements, got ${arity}`);
    const timeUnixNano = readTime(r);
    const record = readRecord(r);
    event = { mode: 'message', tag, entries: [{ timeUnixNano, record }] };
    if (arity === 4) setChunk(event, readOptions(r));
  } else if ((second >= 0x90 && second <= 0x9f) || second === 0xdc || second === 0xdd) {
    if (arity > 3) throw new ForwardDecodeError('bad_arity', `a Forward-mode event has 2 or 3 elements, got ${arity}`);
    const n = r.arrayHeader('entries');
    const entries: ForwardEntry[] = new Array(n);
    for (let i = 0; i < n; i++) entries[i] = readEntry(r);
    event = { mode: 'forward', tag, entries };
    if (arity === 3) setChunk(event, readOptions(r));
  } else if ((second >= 0xa0 && second <= 0xbf) || (second >= 0xd9 && second <= 0xdb) || (second >= 0xc4 && second <= 0xc6)) {
    if (arity > 3) throw new ForwardDecodeError('bad_arity', `a PackedForward event has 2 or 3 elements, got ${arity}`);
    const [ps, pe] = r.bytesBody(true, true)!;
    if (pe - ps > limits.maxPackedBytes) {
      throw new ForwardDecodeError('packed_too_large', `a ${pe - ps}-byte packed entry stream exceeds the ${limits.maxPackedBytes}-byte limit`);
    }
    const options = arity === 3 ? readOptions(r) : {};
    // Go decompresses only for exactly "gzip"; any other value leaves the bytes as they are.
    const compressed = options.compressed === 'gzip';
    let packed: Buffer = buf.subarray(ps, pe);
    if (compressed) packed = gunzip(packed, limits);
    const entries: ForwardEntry[] = [];
    const pr = new MsgpackReader(packed, 0, packed.length, limits);
    while (!pr.atEnd) {
      if (entries.length >= limits.maxElements) {
        throw new ForwardDecodeError('too_many_elements', `a packed entry stream holds more than ${limits.maxElements} entries`);
      }
      entries.push(readEntry(pr));
    }
    event = { mode: compressed ? 'compressed_packed_forward' : 'packed_forward', tag, entries };
    setChunk(event, options);
  } else {
    throw new ForwardDecodeError('bad_mode', `cannot tell the event mode: the second element is ${typeName(second)}`);
  }
  if (r.pos !== end) throw new ForwardDecodeError('trailing_bytes', `${end - r.pos} bytes left after the event`);
  return event;
}

function setChunk(event: ForwardEvent, options: Options): void {
  if (options.chunk !== undefined) event.chunk = options.chunk;
}

function gunzip(bytes: Buffer, limits: ForwardLimits): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limits.maxDecompressedBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/.test(e.message)) {
      throw new ForwardDecodeError('decompressed_too_large', `gzip entries inflate beyond the ${limits.maxDecompressedBytes}-byte limit`);
    }
    throw new ForwardDecodeError('bad_gzip', `compressed entries are not valid gzip: ${e.message}`);
  }
}
