// The processors' golden cases (testdata/cases.yaml) as one collector config that both the
// reference Go collector (scripts/record-processor-fixtures.mjs) and ours run: per case an OTLP/HTTP
// receiver on its own port → the case's processor → an otlphttp exporter (JSON, no queue, no
// retry) posting to a sink under /<case>. Shared by the recording script and golden.test.ts.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Signal } from '../../core/payload.js';
import { OtlpJsonSink } from '../../testing/reference-collector.js';

export const TESTDATA = fileURLToPath(new URL('../../../src/components/processors/testdata/', import.meta.url));

export interface GoldenCase {
  name: string;
  signals: Signal[];
  processorId: string;
  processor: unknown;
  metadata?: Record<string, string | string[]>;
}

/**
 * The processor config stays a YAML node, so the written config keeps each scalar as spelled:
 * through plain JS values `1.0` would be written back as `1`, an int to both collectors.
 */
export function loadCases(): GoldenCase[] {
  const doc = parseDocument(readFileSync(`${TESTDATA}cases.yaml`, 'utf8'), { intAsBigInt: true });
  const js = doc.toJS() as Record<string, { signals: Signal[]; processor: Record<string, unknown>; metadata?: Record<string, string | string[]> }>;
  return Object.entries(js).map(([name, c]) => {
    const processorId = Object.keys(c.processor)[0]!;
    const processor = doc.getIn([name, 'processor', processorId], true);
    return { name, signals: c.signals, processorId, processor, metadata: c.metadata };
  });
}

export function input(signal: Signal): string {
  return readFileSync(`${TESTDATA}inputs/${signal}.json`, 'utf8');
}

export function goldenPath(c: GoldenCase, signal: Signal): string {
  return `${TESTDATA}golden/${c.name}.${signal}.json`;
}

/** The collector config for all cases; `ports[i]` is case i's receiver port. */
export function collectorConfig(cases: readonly GoldenCase[], ports: readonly number[], sinkUrl: string): Record<string, unknown> {
  const receivers: Record<string, unknown> = {};
  const processors: Record<string, unknown> = {};
  const exporters: Record<string, unknown> = {};
  const pipelines: Record<string, unknown> = {};
  cases.forEach((c, i) => {
    receivers[`otlp/${c.name}`] = { protocols: { http: { endpoint: `127.0.0.1:${ports[i]}`, include_metadata: true } } };
    processors[c.processorId] = c.processor;
    exporters[`otlphttp/${c.name}`] = OtlpJsonSink.exporter(`${sinkUrl}/${c.name}`);
    for (const s of c.signals)
      pipelines[`${s}/${c.name}`] = { receivers: [`otlp/${c.name}`], processors: [c.processorId], exporters: [`otlphttp/${c.name}`] };
  });
  return { receivers, processors, exporters, service: { telemetry: { metrics: { level: 'none' } }, pipelines } };
}

const PATHS: Record<Signal, string> = { logs: '/v1/logs', traces: '/v1/traces', metrics: '/v1/metrics' };

/** Posts a case's input for `signal` as OTLP/JSON, with the case's metadata as headers (a list = repeated header). */
export function sendCase(c: GoldenCase, signal: Signal, port: number): Promise<number> {
  const headers: string[] = ['host', `127.0.0.1:${port}`, 'content-type', 'application/json'];
  for (const [k, v] of Object.entries(c.metadata ?? {})) for (const x of Array.isArray(v) ? v : [v]) headers.push(k, x);
  const body = input(signal);
  headers.push('content-length', String(Buffer.byteLength(body)));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: PATHS[signal], headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Where the sink receives a case's `signal` (OtlpJsonSink.take). */
export function sinkPath(c: GoldenCase, signal: Signal): string {
  return `/${c.name}${PATHS[signal]}`;
}
