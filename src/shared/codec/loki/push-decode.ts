// logproto.PushRequest protobuf → LokiStream[] (field numbers in push-model.ts; the schema is
// push.proto beside this file, written from Loki's public pkg/push/push.proto). Hand-written on
// the pdata Reader: a flat loop per message (nesting is fixed at five levels, so nothing
// recurses), every length checked against its enclosing message, so a hostile body costs at
// most one pass over its bytes. Unknown fields (StreamAdapter.hash, EntryAdapter.parsed, future
// ones) are skipped; a known field with the wrong wire type is refused, as gogo-protobuf does.
// Strings are not UTF-8-checked (gogo does not check either); invalid bytes become U+FFFD.

import { Reader } from '../../../pdata/wire/reader.js';
import { PdataDecodeError } from '../../../pdata/errors.js';
import { LokiDecodeError, type LokiEntry, type LokiLabelPair, type LokiStream } from './push-model.js';

/**
 * The timestampNs of an entry whose timestamp is absent or Go's zero time.Time: gogo decodes an
 * absent non-nullable stdtime as time.Time{}, which the Go receiver treats as "no timestamp"
 * (`entry.Timestamp.IsZero()`), so such an entry gets the receive time even with
 * use_incoming_timestamp. No real timestamp maps here: year 1 is far outside int64 nanoseconds.
 */
export const NO_TIMESTAMP = -(1n << 63n);

// time.Time{}.Unix(): seconds from 0001-01-01 to 1970-01-01.
const GO_ZERO_TIME_SECONDS = -62135596800n;
const NS_PER_S = 1_000_000_000n;

const TAG_1_LEN = (1 << 3) | 2;
const TAG_2_LEN = (2 << 3) | 2;
const TAG_3_LEN = (3 << 3) | 2;
const TAG_1_VARINT = 1 << 3;
const TAG_2_VARINT = 2 << 3;

function decodeLabelPair(r: Reader, end: number): LokiLabelPair {
  let name = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === TAG_1_LEN) name = r.string(end);
    else if (tag === TAG_2_LEN) value = r.string(end);
    else r.skip(tag, end, 0b110, 'LabelPairAdapter');
  }
  r.finish(end, 'LabelPairAdapter');
  return { name, value };
}

function decodeTimestamp(r: Reader, end: number): bigint {
  let seconds = 0n;
  let nanos = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === TAG_1_VARINT) seconds = r.int64();
    else if (tag === TAG_2_VARINT) nanos = r.varint() | 0;
    else r.skip(tag, end, 0b110, 'Timestamp');
  }
  r.finish(end, 'Timestamp');
  if (seconds === GO_ZERO_TIME_SECONDS && nanos === 0) return NO_TIMESTAMP;
  return seconds * NS_PER_S + BigInt(nanos);
}

function decodeEntry(r: Reader, end: number): LokiEntry {
  let timestampNs = NO_TIMESTAMP;
  let line = '';
  const structuredMetadata: LokiLabelPair[] = [];
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === TAG_2_LEN) line = r.string(end);
    else if (tag === TAG_1_LEN) {
      const e = r.lenEnd(end);
      timestampNs = decodeTimestamp(r, e);
    } else if (tag === TAG_3_LEN) {
      const e = r.lenEnd(end);
      structuredMetadata.push(decodeLabelPair(r, e));
    } else r.skip(tag, end, 0b1110, 'EntryAdapter');
  }
  r.finish(end, 'EntryAdapter');
  return { timestampNs, line, structuredMetadata };
}

function decodeStream(r: Reader, end: number): LokiStream {
  let labels = '';
  const entries: LokiEntry[] = [];
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === TAG_2_LEN) {
      const e = r.lenEnd(end);
      entries.push(decodeEntry(r, e));
    } else if (tag === TAG_1_LEN) labels = r.string(end);
    else r.skip(tag, end, 0b110, 'StreamAdapter');
  }
  r.finish(end, 'StreamAdapter');
  return { labels, entries };
}

/** Decodes an uncompressed PushRequest; throws LokiDecodeError naming the problem and its byte offset. */
export function decodePushRequest(bytes: Uint8Array): LokiStream[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const end = buf.length;
  const streams: LokiStream[] = [];
  try {
    while (r.pos < end) {
      const tag = r.varint();
      if (tag === TAG_1_LEN) {
        const e = r.lenEnd(end);
        streams.push(decodeStream(r, e));
      } else r.skip(tag, end, 0b10, 'PushRequest');
    }
    r.finish(end, 'PushRequest');
  } catch (err) {
    if (err instanceof PdataDecodeError) throw new LokiDecodeError(`invalid protobuf PushRequest: ${err.message}`, { cause: err });
    throw err;
  }
  return streams;
}
