// The seed config's backends, stood up locally for the end-to-end test: Jaeger and LightStep
// (OTLP gRPC, LightStep over TLS), Grafana Cloud OTLP/HTTP, and two Loki push endpoints. Each
// records what arrives, decoded with libraries independent of our codecs where one exists.

import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { startOtlpGrpcServer, type OtlpGrpcTestServer } from '../testing/otlp-backend.js';
import { startLokiSink, type LokiSink } from '../components/exporters/loki/testkit.js';
import { Logs, Traces, type Span, type LogRecord } from '../pdata/index.js';
import { idToHex } from '../pdata/ids.js';
import type { TestCerts } from '../testing/certs.js';

interface HttpCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface OtlpHttpSink {
  url: string;
  calls: HttpCall[];
  close(): Promise<void>;
}

/** Grafana Cloud's OTLP gateway stand-in: accepts /otlp/v1/{traces,logs} protobuf, gzip or not. */
async function startOtlpHttpSink(): Promise<OtlpHttpSink> {
  const calls: HttpCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      calls.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/otlp`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface SeedBackends {
  jaeger: OtlpGrpcTestServer;
  lightstep: OtlpGrpcTestServer;
  grafanaOtlp: OtlpHttpSink;
  loki: LokiSink;
  grafanaLoki: LokiSink;
  close(): Promise<void>;
}

export async function startSeedBackends(certs: TestCerts): Promise<SeedBackends> {
  const tls = grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: Buffer.from(certs.pem(certs.serverCert)), private_key: Buffer.from(certs.pem(certs.serverKey)) }],
    false,
  );
  const jaeger = await startOtlpGrpcServer();
  const lightstep = await startOtlpGrpcServer(() => ({}), { credentials: tls });
  const grafanaOtlp = await startOtlpHttpSink();
  const loki = await startLokiSink();
  const grafanaLoki = await startLokiSink();
  return {
    jaeger,
    lightstep,
    grafanaOtlp,
    loki,
    grafanaLoki,
    close: async () => {
      await Promise.all([jaeger.close(), lightstep.close(), grafanaOtlp.close(), loki.close(), grafanaLoki.close()]);
    },
  };
}

interface SpanSeen {
  name: string;
  spanId: string;
  service: unknown;
}

function spansOf(t: Traces): SpanSeen[] {
  const out: SpanSeen[] = [];
  for (const rs of t.resourceSpans) {
    const service = rs.resource.attributes.find((kv) => kv.key === 'service.name')?.value;
    for (const ss of rs.scopeSpans) for (const s of ss.spans as Span[]) out.push({ name: s.name, spanId: idToHex(s.spanId), service });
  }
  return out;
}

/** Every span a gRPC backend received, in arrival order. */
export function grpcSpans(server: OtlpGrpcTestServer): SpanSeen[] {
  return server.calls.filter((c) => c.signal === 'traces').flatMap((c) => spansOf(Traces.fromProto(c.body)));
}

export function httpSpans(sink: OtlpHttpSink): SpanSeen[] {
  return sink.calls.filter((c) => c.path.endsWith('/v1/traces')).flatMap((c) => spansOf(Traces.fromProto(c.body)));
}

export function httpLogs(sink: OtlpHttpSink): LogRecord[] {
  const out: LogRecord[] = [];
  for (const c of sink.calls.filter((x) => x.path.endsWith('/v1/logs'))) Logs.fromProto(c.body).forEachLogRecord((r) => out.push(r));
  return out;
}

export interface LokiLine {
  labels: Record<string, string>;
  line: string;
  ts: string;
}

/** `{a="x", b="y"}` → {a: 'x', b: 'y'} (the sink's label strings come from our exporter). */
function parseLabelString(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = JSON.parse(`"${m[2]!}"`) as string;
  return out;
}

export function lokiLines(sink: LokiSink): LokiLine[] {
  return sink.pushes.flatMap((p) => p.streams.flatMap((s) => s.entries.map((e) => ({ labels: parseLabelString(s.labels), line: e.line, ts: e.ts }))));
}

export function duplicates<T>(items: readonly T[], key: (t: T) => string): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const i of items) {
    const k = key(i);
    if (seen.has(k)) dup.push(k);
    seen.add(k);
  }
  return dup;
}
