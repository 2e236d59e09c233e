// The mock backend: a raw OTLP/gRPC + OTLP/HTTP server (not our collector) that counts the
// items it receives with the pdata itemCount scan, so a scenario can check what was delivered
// and what was lost. Run as its own process on the load core:
// `node dist-bench/bench/sink.js --grpc=0 --http=0` → prints {"event":"ready","grpc":P,"http":Q}.
// GET /stats on the HTTP port answers the running totals as JSON. It is also a Loki-protocol
// backend: `POST /loki/api/v1/push` (snappy block + protobuf PushRequest, what the loki exporter
// sends) counts entries as log records and keeps the first distinct stream label sets.

import http from 'node:http';
import http2 from 'node:http2';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { snappyBlockDecompress } from '../shared/compression/snappy.js';
import { countItems, LOG_LEVELS, METRIC_LEVELS, TRACE_LEVELS, type Levels } from '../pdata/wire/scan.js';
import { Reader } from '../pdata/wire/reader.js';
import { CONNECTION_WINDOW, STREAM_WINDOW, unframeMessages } from './grpc-frame.js';

export interface SinkStats {
  spans: number;
  logRecords: number;
  dataPoints: number;
  requests: number;
  bytes: number;
  /** Loki pushes: the first distinct stream label strings (at most LOKI_LABEL_SETS). */
  lokiLabels: string[];
  /** Requests the sink could not read (bad framing or protobuf). */
  errors: number;
  lastError: string;
}

type Kind = 'spans' | 'logRecords' | 'dataPoints';

const HTTP_PATHS: Record<string, [Kind, Levels]> = {
  '/v1/traces': ['spans', TRACE_LEVELS],
  '/v1/logs': ['logRecords', LOG_LEVELS],
  '/v1/metrics': ['dataPoints', METRIC_LEVELS],
};

/** PushRequest → StreamAdapter (field 1) → EntryAdapter (field 2): the entries are the items. */
export const LOKI_LEVELS: Levels = [[1], [2]];
const LOKI_LABEL_SETS = 20;
const LOKI_PUSH = '/loki/api/v1/push';

/** The `labels` strings of a PushRequest's streams (field 1 of each StreamAdapter). */
export function lokiStreamLabels(buf: Buffer): string[] {
  const out: string[] = [];
  const r = new Reader(buf);
  while (r.pos < buf.length) {
    const tag = r.varint();
    if (tag !== 0x0a) {
      r.skip(tag, buf.length, 0, 'PushRequest');
      continue;
    }
    const end = r.lenEnd(buf.length);
    while (r.pos < end) {
      const t = r.varint();
      if (t === 0x0a) out.push(r.string(end));
      else r.skip(t, end, 0, 'StreamAdapter');
    }
  }
  return out;
}

const GRPC_PATHS: Record<string, [Kind, Levels]> = {
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export': ['spans', TRACE_LEVELS],
  '/opentelemetry.proto.collector.logs.v1.LogsService/Export': ['logRecords', LOG_LEVELS],
  '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export': ['dataPoints', METRIC_LEVELS],
};

export class Sink {
  readonly stats: SinkStats = { spans: 0, logRecords: 0, dataPoints: 0, requests: 0, bytes: 0, lokiLabels: [], errors: 0, lastError: '' };
  private grpc: http2.Http2Server | undefined;
  private http: http.Server | undefined;
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  private fail(err: unknown): void {
    this.stats.errors++;
    this.stats.lastError = (err as Error).message;
  }

  private count(kind: Kind, levels: Levels, body: Buffer): boolean {
    try {
      this.stats[kind] += countItems(body, levels);
      this.stats.requests++;
      this.stats.bytes += body.length;
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** A Loki push body: snappy block, then a PushRequest. */
  private countLoki(body: Buffer): boolean {
    try {
      const raw = snappyBlockDecompress(body, 256 << 20);
      const n = countItems(raw, LOKI_LEVELS);
      if (this.stats.lokiLabels.length < LOKI_LABEL_SETS) {
        for (const l of lokiStreamLabels(raw)) {
          if (this.stats.lokiLabels.length < LOKI_LABEL_SETS && !this.stats.lokiLabels.includes(l)) this.stats.lokiLabels.push(l);
        }
      }
      this.stats.logRecords += n;
      this.stats.requests++;
      this.stats.bytes += body.length;
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  async listen(grpcPort: number, httpPort: number, host = '127.0.0.1'): Promise<{ grpc: number; http: number }> {
    // Issue 13: the reference's otlp exporter stalling (DeadlineExceeded) under saturating Jaeger
    // input is not this server's doing. Measured 2026-12-02: in the stalls Go has >15 MiB of window
    // here, opens no stream, both socket queues are empty; a Go otlp receiver or a grpc-js server as
    // the sink stalls the same or worse, and Go unpinned (two cores) does not stall at all.
    this.grpc = http2.createServer({ settings: { initialWindowSize: STREAM_WINDOW }, maxSessionMemory: 1024 });
    this.grpc.on('session', (s) => {
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
      s.setLocalWindowSize(CONNECTION_WINDOW);
    });
    this.grpc.on('stream', (stream, headers) => {
      const route = GRPC_PATHS[String(headers[':path'])];
      const gzip = headers['grpc-encoding'] === 'gzip';
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', () => undefined);
      stream.on('end', () => {
        let ok = route !== undefined;
        if (route) {
          try {
            for (const m of unframeMessages(Buffer.concat(chunks))) {
              ok = this.count(route[0], route[1], m.compressed && gzip ? gunzipSync(m.body) : m.body) && ok;
            }
          } catch (err) {
            this.fail(err);
            ok = false;
          }
        }
        if (stream.destroyed) return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () =>
          stream.sendTrailers(
            ok ? { 'grpc-status': '0' } : { 'grpc-status': route ? '13' : '12', 'grpc-message': 'sink could not count the request' },
          ),
        );
        // An empty Export*ServiceResponse: one uncompressed zero-length message.
        stream.end(ok ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
      });
    });
    this.http = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/stats') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.stats));
        return;
      }
      const route = HTTP_PATHS[req.url ?? ''];
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      if (req.method === 'POST' && req.url === LOKI_PUSH) {
        // Loki answers 204 No Content to a push; 400 for a body it cannot read.
        req.on('end', () => void res.writeHead(this.countLoki(Buffer.concat(chunks)) ? 204 : 400).end());
        return;
      }
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        let ok = false;
        if (route) {
          try {
            if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
            ok = this.count(route[0], route[1], body);
          } catch (err) {
            this.fail(err);
          }
        }
        res.writeHead(ok ? 200 : route ? 400 : 404, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    this.http.keepAliveTimeout = 60_000;
    const bind = (srv: http.Server | http2.Http2Server, port: number): Promise<number> =>
      new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => resolve((srv.address() as { port: number }).port));
      });
    return { grpc: await bind(this.grpc, grpcPort), http: await bind(this.http, httpPort) };
  }

  close(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    const closing = [this.grpc, this.http].map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s) return resolve();
          s.close(() => resolve());
          if ('closeAllConnections' in s) s.closeAllConnections();
        }),
    );
    return Promise.all(closing).then(() => undefined);
  }
}

/** Reads a running sink's totals. */
export async function fetchSinkStats(httpPort: number): Promise<SinkStats> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/stats`);
  return (await res.json()) as SinkStats;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (k: string): number => Number(/=(\d+)$/.exec(process.argv.find((a) => a.startsWith(`--${k}=`)) ?? '')?.[1] ?? 0);
  const sink = new Sink();
  sink.listen(arg('grpc'), arg('http')).then(
    (ports) => process.stdout.write(`${JSON.stringify({ event: 'ready', ...ports })}\n`),
    (err: unknown) => {
      process.stderr.write(`sink failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
  process.on('SIGTERM', () => void sink.close().then(() => process.exit(0)));
}
