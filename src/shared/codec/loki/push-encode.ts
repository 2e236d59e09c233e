// logproto.PushRequest → protobuf bytes, laid out as Loki's gogo-generated marshaller writes them
// (grafana/loki pkg/push types.go, the version the v0.130 loki exporter uses): Stream.labels (1)
// when non-empty, entries (2), no hash; Entry.timestamp (1, google.protobuf.Timestamp, always
// present, its seconds/nanos omitted when zero), line (2) when non-empty, structuredMetadata (3).
// Snappy block compression is the caller's (src/shared/compression).

import { encodeWith, type Writer } from '../../../pdata/wire/writer.js';
import type { LokiEntry, LokiLabelPair, LokiStream } from './push-model.js';

const NS_PER_S = 1_000_000_000n;

function writeTimestamp(w: Writer, ns: bigint): void {
  // Go's time.Time → Timestamp: floor seconds, nanos in [0, 1e9).
  let seconds = ns / NS_PER_S;
  let nanos = ns % NS_PER_S;
  if (nanos < 0n) {
    nanos += NS_PER_S;
    seconds -= 1n;
  }
  if (nanos !== 0n) {
    w.varint(Number(nanos));
    w.varint(0x10);
  }
  if (seconds !== 0n) {
    // Number arithmetic for any present-day time (the bigint varint path is ~5x slower).
    if (seconds > 0n && seconds < 0x20000000000000n) w.varint(Number(seconds));
    else w.varint64(seconds);
    w.varint(0x08);
  }
}

function writeLabelPair(w: Writer, p: LokiLabelPair): void {
  const mark = w.len();
  w.stringField(0x12, p.value);
  w.stringField(0x0a, p.name);
  w.lenTag(mark, 0x1a);
}

function writeEntry(w: Writer, e: LokiEntry): void {
  const mark = w.len();
  for (let i = e.structuredMetadata.length - 1; i >= 0; i--) writeLabelPair(w, e.structuredMetadata[i]!);
  if (e.line.length > 0) {
    w.varint(w.stringBody(e.line));
    w.varint(0x12);
  }
  const ts = w.len();
  writeTimestamp(w, e.timestampNs);
  w.lenTag(ts, 0x0a);
  w.lenTag(mark, 0x12);
}

function writeStream(w: Writer, s: LokiStream): void {
  const mark = w.len();
  for (let i = s.entries.length - 1; i >= 0; i--) writeEntry(w, s.entries[i]!);
  w.stringField(0x0a, s.labels);
  w.lenTag(mark, 0x0a);
}

/** The uncompressed PushRequest body. */
export function encodePushRequest(streams: readonly LokiStream[]): Buffer {
  return encodeWith(streams, (w, list) => {
    for (let i = list.length - 1; i >= 0; i--) writeStream(w, list[i]!);
  });
}
