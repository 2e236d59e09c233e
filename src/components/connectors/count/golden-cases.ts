// The count connector's golden cases (testdata/cases.yaml) as one collector config that both the
// reference Go collector (scripts/record-count-fixtures.mjs) and ours run: per case an OTLP/HTTP
// receiver on its own port feeding `count/<case>` from a pipeline per input signal, and one
// metrics pipeline from the connector to an otlphttp exporter (JSON, no queue, no retry) posting
// to a sink under /<case>. Shared by the recorder and golden.test.ts.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Signal } from '../../../core/payload.js';
import { OtlpJsonSink } from '../../../testing/reference-collector.js';

export const TESTDATA = fileURLToPath(new URL('../../../../src/components/connectors/count/testdata/', import.meta.url));

export interface CountCase {
  name: string;
  signals: Signal[];
  /** The connector config as a YAML node, so each scalar is written as spelled (`0.25`, `7`, null). */
  count: unknown;
}

export function loadCases(): CountCase[] {
  const doc = parseDocument(readFileSync(`${TESTDATA}cases.yaml`, 'utf8'), { intAsBigInt: true });
  const js = doc.toJS() as Record<string, { signals: Signal[] }>;
  return Object.entries(js).map(([name, c]) => ({ name, signals: c.signals, count: doc.getIn([name, 'count'], true) ?? null }));
}

export function goldenPath(c: CountCase, signal: Signal): string {
  return `${TESTDATA}golden/${c.name}.${signal}.json`;
}

/** The collector config for all cases; `ports[i]` is case i's receiver port. */
export function collectorConfig(cases: readonly CountCase[], ports: readonly number[], sinkUrl: string): Record<string, unknown> {
  const receivers: Record<string, unknown> = {};
  const connectors: Record<string, unknown> = {};
  const exporters: Record<string, unknown> = {};
  const pipelines: Record<string, unknown> = {};
  cases.forEach((c, i) => {
    receivers[`otlp/${c.name}`] = { protocols: { http: { endpoint: `127.0.0.1:${ports[i]}` } } };
    connectors[`count/${c.name}`] = c.count;
    exporters[`otlphttp/${c.name}`] = OtlpJsonSink.exporter(`${sinkUrl}/${c.name}`);
    for (const s of c.signals) pipelines[`${s}/${c.name}-in`] = { receivers: [`otlp/${c.name}`], exporters: [`count/${c.name}`] };
    pipelines[`metrics/${c.name}-out`] = { receivers: [`count/${c.name}`], exporters: [`otlphttp/${c.name}`] };
  });
  return { receivers, connectors, exporters, service: { telemetry: { metrics: { level: 'none' } }, pipelines } };
}

const PATHS: Record<Signal, string> = { logs: '/v1/logs', traces: '/v1/traces', metrics: '/v1/metrics' };

/** Posts the input of `signal` as OTLP/JSON to a case's receiver; resolves with the status code. */
export function sendInput(signal: Signal, port: number): Promise<number> {
  const body = readFileSync(`${TESTDATA}inputs/${signal}.json`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: PATHS[signal], headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Where the sink receives a case's counts. */
export function sinkPath(c: CountCase): string {
  return `/${c.name}/v1/metrics`;
}

type Json = Record<string, unknown>;

/**
 * An export made stable for comparison: metrics sorted by name and data points by attributes (Go
 * ranges over maps), each data point's time checked to lie in [fromNs, toNs] (the call) with no
 * start time, then written as 0. Throws naming the point that breaks the rule.
 */
export function normalizeExport(json: string, fromNs: bigint, toNs: bigint): Json {
  const doc = JSON.parse(json) as Json;
  for (const rm of (doc.resourceMetrics ?? []) as Json[]) {
    for (const sm of (rm.scopeMetrics ?? []) as Json[]) {
      const metrics = (sm.metrics ?? []) as Json[];
      metrics.sort((a, b) => String(a.name).localeCompare(String(b.name)));
      for (const m of metrics) {
        const sum = m.sum as Json | undefined;
        for (const dp of (sum?.dataPoints ?? []) as Json[]) {
          const t = BigInt(String(dp.timeUnixNano ?? '0'));
          if (t < fromNs || t > toNs) throw new Error(`${String(m.name)}: timeUnixNano ${t} is not the time of the call [${fromNs}, ${toNs}]`);
          if (dp.startTimeUnixNano !== undefined && dp.startTimeUnixNano !== '0') throw new Error(`${String(m.name)}: has a start time`);
          dp.timeUnixNano = '0';
        }
        ((sum?.dataPoints ?? []) as Json[]).sort((a, b) => JSON.stringify(a.attributes ?? []).localeCompare(JSON.stringify(b.attributes ?? [])));
      }
    }
  }
  return doc;
}
