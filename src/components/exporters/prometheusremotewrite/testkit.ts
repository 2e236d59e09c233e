// Test kit of the prometheusremotewrite exporter (tests and the fixture recorder import it from
// dist): a remote-write endpoint on node:http that decodes what it is sent (snappy + Remote-Write
// 1.0 or 2.0 with the shared codec) and answers as scripted, and the normal form the golden
// fixtures store series in (labels as a sorted object, NaN/Inf/StaleNaN as strings).

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  decodeRequestV2,
  decodeWriteRequestV1,
  labelsFromRefs,
  type PromHistogram,
  type PromLabel,
  type RequestV2,
  type WriteRequestV1,
} from '../../../shared/codec/prompb/index.js';
import { snappyBlockDecompress } from '../../../shared/compression/snappy.js';

export interface ReceivedWrite {
  path: string;
  headers: IncomingHttpHeaders;
  /** Set for Remote-Write 1.0 bodies. */
  v1?: WriteRequestV1;
  /** Set for 2.0 bodies. */
  v2?: RequestV2;
}

/** What the endpoint answers a request with; the request is recorded only when `status` is 2xx. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export class RemoteWriteSink {
  readonly writes: ReceivedWrite[] = [];
  /** Every request that arrived, answered or not (path and arrival time in ms). */
  readonly attempts: { path: string; at: number; status: number }[] = [];
  /** Answers for the next requests, in order; 204 once empty. */
  readonly script: ScriptedAnswer[] = [];
  private server: Server | undefined;

  /** Listens on loopback; with `tls` it serves HTTPS (the URL then names localhost, the test certificate's name). */
  async start(opts: { tls?: { cert: string; key: string } } = {}): Promise<string> {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = this.script.shift() ?? { status: 204 };
        this.attempts.push({ path: req.url ?? '/', at: Date.now(), status: answer.status });
        if (answer.status >= 200 && answer.status < 300) {
          try {
            const raw = snappyBlockDecompress(Buffer.concat(chunks), 64 << 20);
            const v2 = String(req.headers['content-type'] ?? '').includes('io.prometheus.write.v2.Request');
            const w: ReceivedWrite = { path: req.url ?? '/', headers: req.headers };
            if (v2) w.v2 = decodeRequestV2(raw);
            else w.v1 = decodeWriteRequestV1(raw);
            this.writes.push(w);
          } catch (err) {
            res.writeHead(400).end(String(err));
            return;
          }
        }
        res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      });
    };
    this.server = opts.tls ? createHttpsServer(opts.tls, onRequest) : createServer(onRequest);
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const port = (this.server.address() as AddressInfo).port;
    return opts.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    if (this.server) await new Promise((r) => this.server!.close(r));
  }
}

// ---- the fixtures' normal form ----

type JsonNumber = number | string;

export interface FixtureSeries {
  labels: Record<string, string>;
  samples?: { value: JsonNumber; timestamp: number }[];
  exemplars?: { labels: Record<string, string>; value: JsonNumber; timestamp: number }[];
  histograms?: Record<string, unknown>[];
}

export interface FixtureMetadata {
  type: number;
  metricFamilyName: string;
  unit: string;
  help: string;
}

const bitsView = new DataView(new ArrayBuffer(8));

/** A double as JSON: finite numbers as is, else "NaN" / "StaleNaN" / "+Inf" / "-Inf"; -0 as "-0". */
export function jsonNumber(v: number): JsonNumber {
  if (Number.isNaN(v)) {
    bitsView.setFloat64(0, v);
    return bitsView.getBigUint64(0) === 0x7ff0000000000002n ? 'StaleNaN' : 'NaN';
  }
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0 && 1 / v < 0) return '-0';
  return v;
}

function labelObject(labels: readonly PromLabel[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of [...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) out[l.name] = l.value;
  return out;
}

function histogramJson(h: PromHistogram): Record<string, unknown> {
  return {
    count: h.countInt ?? h.countFloat,
    sum: jsonNumber(h.sum),
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCountInt ?? h.zeroCountFloat,
    positiveSpans: h.positiveSpans,
    positiveDeltas: h.positiveDeltas,
    negativeSpans: h.negativeSpans,
    negativeDeltas: h.negativeDeltas,
    resetHint: h.resetHint,
    timestamp: h.timestamp,
  };
}

interface AnySeries {
  labels: PromLabel[];
  samples: { value: number; timestamp: number }[];
  exemplars: { labels: PromLabel[]; value: number; timestamp: number }[];
  histograms: PromHistogram[];
}

function seriesJson(s: AnySeries): FixtureSeries {
  const out: FixtureSeries = { labels: labelObject(s.labels) };
  if (s.samples.length > 0) out.samples = s.samples.map((x) => ({ value: jsonNumber(x.value), timestamp: x.timestamp }));
  if (s.exemplars.length > 0)
    out.exemplars = s.exemplars.map((e) => ({ labels: labelObject(e.labels), value: jsonNumber(e.value), timestamp: e.timestamp }));
  if (s.histograms.length > 0) out.histograms = s.histograms.map(histogramJson);
  return out;
}

function key(s: FixtureSeries): string {
  return JSON.stringify(s.labels);
}

/** Every series of the requests, merged and sorted by labels; metadata sorted by family name. */
export function normalizeWrites(writes: readonly ReceivedWrite[]): { series: FixtureSeries[]; metadata: FixtureMetadata[] } {
  const series: FixtureSeries[] = [];
  const metadata: FixtureMetadata[] = [];
  for (const w of writes) {
    if (w.v1) {
      for (const ts of w.v1.timeseries) series.push(seriesJson(ts));
      for (const m of w.v1.metadata) metadata.push({ type: m.type, metricFamilyName: m.metricFamilyName, unit: m.unit, help: m.help });
    }
    if (w.v2) {
      const sym = w.v2.symbols;
      for (const ts of w.v2.timeseries) {
        series.push(
          seriesJson({
            labels: labelsFromRefs(sym, ts.labelsRefs),
            samples: ts.samples,
            exemplars: ts.exemplars.map((e) => ({ labels: labelsFromRefs(sym, e.labelsRefs), value: e.value, timestamp: e.timestamp })),
            histograms: ts.histograms,
          }),
        );
      }
    }
  }
  series.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  metadata.sort((a, b) => (a.metricFamilyName < b.metricFamilyName ? -1 : a.metricFamilyName > b.metricFamilyName ? 1 : a.type - b.type));
  return { series, metadata };
}
