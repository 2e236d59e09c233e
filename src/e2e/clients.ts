// The seed's senders, each speaking its real wire format to the collector's fixed ports
// (seed-setup.md §2): fluent-bit's Forward mode (EventTime, header and entries in separate
// writes, ack requested), promtail's snappy protobuf push, and the OpenTelemetry SDK over gRPC.
// dockerd's driver (fluent-logger-golang) and Traefik's jaeger-client come from their own
// test kits.

import net from 'node:net';
import { pack, unpack } from 'msgpackr';
import protobuf from 'protobufjs';
import { snappyBlockCompress } from '../shared/compression/snappy.js';

/** msgpack fixext8 type 0: the forward protocol's EventTime (seconds, nanoseconds, big-endian). */
function eventTime(sec: number, nsec: number): Buffer {
  const b = Buffer.alloc(10);
  b[0] = 0xd7;
  b[1] = 0x00;
  b.writeUInt32BE(sec, 2);
  b.writeUInt32BE(nsec, 6);
  return b;
}

function arrayHeader(n: number): Buffer {
  if (n < 16) return Buffer.from([0x90 | n]);
  const b = Buffer.alloc(3);
  b[0] = 0xdc;
  b.writeUInt16BE(n, 1);
  return b;
}

interface JournalRecord {
  sec: number;
  nsec: number;
  record: Record<string, unknown>;
}

/**
 * fluent-bit's `forward` output: `[tag, [[EventTime, record], …], {chunk}]`, the header and the
 * entries written separately; resolves once the collector acks the chunk.
 */
export async function sendFluentBitForward(port: number, tag: string, records: readonly JournalRecord[], chunk: string): Promise<void> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((res, rej) => sock.once('connect', res).once('error', rej));
  const entries = Buffer.concat([
    arrayHeader(records.length),
    ...records.flatMap((r) => [Buffer.from([0x92]), eventTime(r.sec, r.nsec), pack(r.record)]),
  ]);
  const ack = new Promise<unknown>((res, rej) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        res(unpack(buf));
      } catch {
        /* incomplete: wait for more */
      }
    });
    sock.once('error', rej);
    sock.once('close', () => rej(new Error('connection closed before the ack')));
  });
  sock.write(Buffer.concat([Buffer.from([0x93]), pack(tag)]));
  await new Promise((r) => setTimeout(r, 20));
  sock.write(Buffer.concat([entries, pack({ chunk, size: records.length })]));
  const reply = (await ack) as { ack?: string };
  sock.destroy();
  if (reply.ack !== chunk) throw new Error(`fluent-bit sender: expected ack ${chunk}, got ${JSON.stringify(reply)}`);
}

const PUSH_PROTO = `
syntax = "proto3";
package logproto;
message PushRequest { repeated StreamAdapter streams = 1; }
message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; }
message EntryAdapter { Timestamp timestamp = 1; string line = 2; }
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;
const PushRequest = protobuf.parse(PUSH_PROTO).root.lookupType('logproto.PushRequest');

/** promtail's journal scrape as it pushes it: one stream per label set, snappy block protobuf. */
export async function sendPromtailPush(port: number, labels: string, lines: readonly string[]): Promise<number> {
  const now = Date.now();
  const msg = PushRequest.create({
    streams: [
      {
        labels,
        entries: lines.map((line, i) => ({ timestamp: { seconds: Math.floor(now / 1000), nanos: ((now % 1000) * 1e6 + i) | 0 }, line })),
      },
    ],
  });
  const body = snappyBlockCompress(PushRequest.encode(msg).finish());
  const res = await fetch(`http://127.0.0.1:${port}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf', 'User-Agent': 'promtail/2.8.2' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}
