// Test support: Loki push requests built independently of our codecs, with protobufjs over
// push.proto, the way promtail builds them (labels string per stream, entries with
// google.protobuf.Timestamp, snappy block compression of the whole PushRequest).

import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import * as snappyjs from 'snappyjs';

export const LOKI_PROTO = fileURLToPath(new URL('../../../../src/shared/codec/loki/push.proto', import.meta.url));

const root = protobuf.loadSync(LOKI_PROTO);
export const PushRequestType = root.lookupType('logproto.PushRequest');

export interface TestEntry {
  /** Unix nanoseconds; omit to leave the timestamp field out. */
  ns?: bigint;
  line: string;
  metadata?: Record<string, string>;
}

export interface TestStream {
  labels: string;
  entries: TestEntry[];
}

function timestamp(ns: bigint): { seconds: number; nanos: number } {
  const seconds = ns / 1_000_000_000n;
  const nanos = Number(ns % 1_000_000_000n);
  return { seconds: Number(seconds), nanos };
}

/** The uncompressed PushRequest, encoded by protobufjs. */
export function encodePushProto(streams: TestStream[]): Buffer {
  const msg = PushRequestType.fromObject({
    streams: streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({
        ...(e.ns !== undefined ? { timestamp: timestamp(e.ns) } : {}),
        line: e.line,
        structuredMetadata: Object.entries(e.metadata ?? {}).map(([name, value]) => ({ name, value })),
      })),
    })),
  });
  return Buffer.from(PushRequestType.encode(msg).finish());
}

/** What promtail POSTs: the PushRequest, snappy block-compressed (Content-Type application/x-protobuf). */
export function promtailBody(streams: TestStream[]): Buffer {
  return Buffer.from(snappyjs.compress(encodePushProto(streams)));
}

/** The JSON push body for the same streams (labels given as a map). */
export function jsonBody(streams: Array<{ stream: Record<string, string>; entries: TestEntry[] }>): string {
  return JSON.stringify({
    streams: streams.map((s) => ({
      stream: s.stream,
      values: s.entries.map((e) => (e.metadata ? [String(e.ns ?? 0n), e.line, e.metadata] : [String(e.ns ?? 0n), e.line])),
    })),
  });
}
