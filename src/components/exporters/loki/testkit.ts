// A Loki-protocol HTTP sink for the loki exporter's tests and its fixture recorder: it accepts
// `POST …/loki/api/v1/push` (snappy block + protobuf PushRequest, decoded here with protobufjs
// from a schema written from Loki's public push.proto, so our own encoder is not used to read
// its output) and `POST …/v1/logs` (OTLP protobuf, kept as bytes: what the Go collector's
// pipeline produced before the loki exporter). It can be told to answer with an error status.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { snappyBlockDecompress } from '../../../shared/compression/snappy.js';

const PUSH_PROTO = `
syntax = "proto3";
package logproto;
message PushRequest { repeated StreamAdapter streams = 1; }
message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
message EntryAdapter { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
message LabelPairAdapter { string name = 1; string value = 2; }
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
`;

const PushRequest = protobuf.parse(PUSH_PROTO).root.lookupType('logproto.PushRequest');

export interface SinkEntry {
  /** Nanoseconds since the epoch, as a decimal string. */
  ts: string;
  line: string;
}

export interface SinkStream {
  labels: string;
  entries: SinkEntry[];
}

export interface SinkPush {
  path: string;
  /** X-Scope-OrgID, '' when absent. */
  tenant: string;
  streams: SinkStream[];
}

export interface SinkRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

interface DecodedTimestamp {
  seconds?: string;
  nanos?: number;
}

/** Decodes a snappy-compressed PushRequest into labels and entries (timestamps in ns). */
export function decodePushBody(body: Buffer): SinkStream[] {
  const raw = snappyBlockDecompress(body, 64 << 20);
  const msg = PushRequest.toObject(PushRequest.decode(raw), { longs: String, defaults: true }) as {
    streams: Array<{ labels: string; entries: Array<{ timestamp?: DecodedTimestamp; line: string }> }>;
  };
  return msg.streams.map((s) => ({
    labels: s.labels,
    entries: s.entries.map((e) => ({
      ts: (BigInt(e.timestamp?.seconds ?? '0') * 1_000_000_000n + BigInt(e.timestamp?.nanos ?? 0)).toString(),
      line: e.line,
    })),
  }));
}

export interface LokiSink {
  url: string;
  port: number;
  /** Every request, in arrival order. */
  requests: SinkRequest[];
  /** Decoded push requests, in arrival order. */
  pushes: SinkPush[];
  /** OTLP captures (`…/v1/logs`): path and raw protobuf body. */
  captures: Array<{ path: string; body: Buffer }>;
  /** Status and body for the next responses (shifted per request); 204 when empty. */
  replies: Array<{ status: number; body?: string; headers?: Record<string, string> }>;
  close(): Promise<void>;
}

/** `tls`: serve HTTPS with this PEM certificate and key. */
export async function startLokiSink(opts: { tls?: { cert: string; key: string } } = {}): Promise<LokiSink> {
  const sink: LokiSink = {
    url: '',
    port: 0,
    requests: [],
    pushes: [],
    captures: [],
    replies: [],
    close: async () => {},
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '';
      sink.requests.push({ path, headers: req.headers, body });
      const reply = sink.replies.shift();
      if (reply && reply.status >= 300) {
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
        return;
      }
      try {
        if (path.endsWith('/v1/logs')) {
          sink.captures.push({ path, body });
          res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
          res.end();
          return;
        }
        const tenant = req.headers['x-scope-orgid'];
        sink.pushes.push({ path, tenant: typeof tenant === 'string' ? tenant : '', streams: decodePushBody(body) });
        res.writeHead(reply?.status ?? 204);
        res.end(reply?.body ?? '');
      } catch (err) {
        res.writeHead(400);
        res.end(`sink: ${(err as Error).message}`);
      }
    });
  };
  const server = opts.tls ? https.createServer(opts.tls, onRequest) : http.createServer(onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.port = (server.address() as AddressInfo).port;
  sink.url = `${opts.tls ? 'https://localhost' : 'http://127.0.0.1'}:${sink.port}`;
  sink.close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return sink;
}

/**
 * Pushes folded into one stream list per (tenant, labels), entries in arrival order, sorted by
 * tenant then labels: the comparable form (Go sends streams and tenants in map order).
 */
export function foldPushes(
  pushes: ReadonlyArray<Pick<SinkPush, 'tenant' | 'streams'>>,
): Array<{ tenant: string; labels: string; entries: SinkEntry[] }> {
  const byKey = new Map<string, { tenant: string; labels: string; entries: SinkEntry[] }>();
  for (const p of pushes) {
    for (const s of p.streams) {
      const key = `${p.tenant}\u0000${s.labels}`;
      let f = byKey.get(key);
      if (!f) byKey.set(key, (f = { tenant: p.tenant, labels: s.labels, entries: [] }));
      f.entries.push(...s.entries);
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.tenant === b.tenant ? (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0) : a.tenant < b.tenant ? -1 : 1,
  );
}
