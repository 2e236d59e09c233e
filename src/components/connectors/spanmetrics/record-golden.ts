// Re-records testdata/golden/<case>.json from the real Go collector (otelcol-ref v0.130.0, built by
// bench/reference/build.sh): every case of golden-cases.ts gets its own receiver → spanmetrics
// (flushing every second) → otlphttp (JSON) pipeline in one Go process; its spans go in as one
// OTLP/HTTP protobuf request (or, for a Jaeger case, one thrift_http batch), and the first two
// flushes that carry data after it (delta: the one with data and the next) are saved as Go posted
// them. Tests read only the files; they never need Go.
//
//   npx tsc -p tsconfig.json && node dist/components/connectors/spanmetrics/record-golden.js [path/to/otelcol-ref]

import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeBatchBinary } from '../../../shared/codec/jaeger/thrift-encode.js';
import { GOLDEN_BATCHES } from '../../receivers/jaeger/golden-inputs.js';
import { freePorts } from '../../../testing/ports.js';
import { OtlpJsonSink, referenceCollectorPath, startCollector } from '../../../testing/reference-collector.js';
import { CASES, type GoldenCase } from './golden-cases.js';

const OUT = fileURLToPath(new URL('../../../../src/components/connectors/spanmetrics/testdata/golden/', import.meta.url));

function post(port: number, path: string, contentType: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': contentType } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hasData = (body: string): boolean => (JSON.parse(body).resourceMetrics ?? []).length > 0;

async function recordCase(c: GoldenCase, port: number, sink: OtlpJsonSink): Promise<void> {
  const path = `/${c.name}/v1/metrics`;
  const delta = c.connector.aggregation_temporality === 'AGGREGATION_TEMPORALITY_DELTA';
  sink.take(path);
  const status = c.jaeger
    ? await post(port, '/api/traces?format=jaeger.thrift', 'application/x-thrift', encodeBatchBinary(GOLDEN_BATCHES[c.jaeger]!))
    : await post(port, '/v1/traces', 'application/x-protobuf', c.traces().toProto());
  if (status !== 200 && status !== 202) throw new Error(`${c.name}: Go answered ${status}`);
  const flushes: unknown[] = [];
  const end = Date.now() + 8000;
  let seenData = false;
  while (flushes.length < 2 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    for (const body of sink.take(path)) {
      if (!seenData && !hasData(body)) continue;
      seenData = true;
      if (flushes.length < 2) flushes.push(JSON.parse(body));
    }
  }
  if (flushes.length === 0) throw new Error(`${c.name}: Go sent no metrics`);
  // A delta flush after the purge has nothing; record that as Go's empty request (or its absence).
  if (flushes.length === 1 && !delta) throw new Error(`${c.name}: only one flush arrived`);
  writeFileSync(join(OUT, `${c.name}.json`), JSON.stringify({ flushes }, null, 1) + '\n');
  console.log(`${c.name}: ${flushes.length} flushes`);
}

async function main(): Promise<void> {
  const sink = new OtlpJsonSink();
  const sinkUrl = await sink.start();
  const ports = await freePorts(CASES.length);
  const receivers: Record<string, unknown> = {};
  const connectors: Record<string, unknown> = {};
  const exporters: Record<string, unknown> = {};
  const pipelines: Record<string, unknown> = {};
  CASES.forEach((c, i) => {
    const endpoint = `127.0.0.1:${ports[i]}`;
    const recv = c.jaeger ? `jaeger/${c.name}` : `otlp/${c.name}`;
    receivers[recv] = c.jaeger ? { protocols: { thrift_http: { endpoint } } } : { protocols: { http: { endpoint } } };
    connectors[`spanmetrics/${c.name}`] = { ...c.connector, metrics_flush_interval: '1s' };
    exporters[`otlphttp/${c.name}`] = OtlpJsonSink.exporter(`${sinkUrl}/${c.name}`);
    pipelines[`traces/${c.name}`] = { receivers: [recv], exporters: [`spanmetrics/${c.name}`] };
    pipelines[`metrics/${c.name}`] = { receivers: [`spanmetrics/${c.name}`], exporters: [`otlphttp/${c.name}`] };
  });
  const config = { receivers, connectors, exporters, service: { telemetry: { metrics: { level: 'none' } }, pipelines } };
  const go = await startCollector({ command: referenceCollectorPath(process.argv[2]), config, readyPorts: ports });
  try {
    mkdirSync(OUT, { recursive: true });
    await Promise.all(CASES.map((c, i) => recordCase(c, ports[i]!, sink)));
  } catch (err) {
    console.error(go.log());
    throw err;
  } finally {
    await go.stop();
    await sink.close();
  }
}

await main();
