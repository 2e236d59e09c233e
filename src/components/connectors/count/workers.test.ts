// The count connector under `--workers=2` gives the counts one process gives: the real CLI as a
// process tree, OTLP/HTTP requests on fresh connections (the kernel spreads them over both
// workers), batch → count (defaults and a custom count with conditions and attributes) → the
// otlp exporter into a grpc-js OTLP backend. Each process emits its own batches' counts as
// deltas, so the totals are the sums of every exported data point, decoded with protobufjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { stringify } from 'yaml';
import { CollectorProcess } from '../../../testing/collector.js';
import { httpGet } from '../../../testing/http.js';
import { pbjsDecode, startOtlpGrpcServer } from '../../../testing/otlp-backend.js';
import { freePorts } from '../../../testing/ports.js';
import { waitForPort } from '../../../testing/reference-collector.js';
import { tempFile } from '../../../testing/tmp.js';

const REQUESTS = 120;
const ROUTES = ['/a', '/b', '/c'];

function request(i: number): string {
  const spans = Array.from({ length: 1 + (i % 7) }, (_, j) => ({
    traceId: '0102030405060708090a0b0c0d0e0f10',
    spanId: `${(i * 16 + j).toString(16).padStart(16, '0')}`,
    name: `op${j}`,
    kind: j % 2 ? 2 : 3,
    attributes: j % 5 === 4 ? [] : [{ key: 'route', value: { stringValue: ROUTES[(i + j) % ROUTES.length] } }],
    events: Array.from({ length: j % 3 }, () => ({ name: 'e' })),
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc${i % 2}` } }] }, scopeSpans: [{ spans }] }],
  });
}

/** What the counts must add up to: key `metric|service|route`. */
function expected(): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, n: number) => out.set(k, (out.get(k) ?? 0) + n);
  for (let i = 0; i < REQUESTS; i++) {
    const doc = JSON.parse(request(i)) as {
      resourceSpans: Array<{
        scopeSpans: Array<{ spans: Array<{ kind: number; attributes: Array<{ value: { stringValue: string } }>; events: unknown[] }> }>;
      }>;
    };
    const svc = `svc${i % 2}`;
    for (const sp of doc.resourceSpans[0]!.scopeSpans[0]!.spans) {
      add(`trace.span.event.count|${svc}|`, sp.events.length);
      if (sp.kind === 2) add(`server.span.by.route|${svc}|${sp.attributes[0]?.value.stringValue ?? 'none'}`, 1);
    }
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Exported {
  resourceMetrics?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics?: Array<{
      metrics?: Array<{ name: string; sum?: { dataPoints?: Array<{ asInt?: string; attributes?: Array<{ value: { stringValue?: string } }> }> } }>;
    }>;
  }>;
}

async function countsWith(workers: number): Promise<{ totals: Map<string, number>; perWorker: number[] }> {
  const backend = await startOtlpGrpcServer();
  const [httpPort, metricsPort] = await freePorts(2);
  const config = {
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${httpPort}` } } } },
    processors: { batch: { timeout: '50ms' } },
    connectors: {
      count: {
        spans: {
          'server.span.by.route': {
            conditions: ['kind == SPAN_KIND_SERVER'],
            attributes: [{ key: 'route', default_value: 'none' }],
          },
        },
      },
    },
    exporters: { otlp: { endpoint: `127.0.0.1:${backend.port}`, tls: { insecure: true } } },
    service: {
      telemetry: { metrics: { address: `127.0.0.1:${metricsPort}` } },
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['count'] },
        metrics: { receivers: ['count'], exporters: ['otlp'] },
      },
    },
  };
  const file = await tempFile(`count-workers-${workers}.yaml`, stringify(config));
  const collector = CollectorProcess.start([`--config=${file}`, `--workers=${workers}`]);
  let perWorker: number[] = [];
  try {
    await collector.waitForLog(/Everything is ready/, 30_000);
    await waitForPort(httpPort!);
    for (let i = 0; i < REQUESTS; i += 12) {
      const statuses = await Promise.all(Array.from({ length: 12 }, (_, j) => post(httpPort!, request(i + j))));
      assert.deepEqual(new Set(statuses), new Set([200]));
    }
    if (workers > 1) {
      const text = (await httpGet(`http://127.0.0.1:${metricsPort}/metrics`)).body;
      perWorker = [...text.matchAll(/^otelcol_worker_accepted_items\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    }
  } finally {
    // SIGTERM drains: batches flush into count, count's metrics reach the exporter, queues drain.
    const code = await collector.stop();
    await backend.close();
    assert.equal(code, 0, collector.stderr.slice(-3000));
  }
  const totals = new Map<string, number>();
  for (const call of backend.calls) {
    assert.equal(call.signal, 'metrics');
    const req = pbjsDecode('metrics', call.body) as Exported;
    for (const rm of req.resourceMetrics ?? []) {
      const svc = rm.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const sm of rm.scopeMetrics ?? [])
        for (const m of sm.metrics ?? [])
          for (const dp of m.sum?.dataPoints ?? []) {
            const key = `${m.name}|${svc}|${dp.attributes?.[0]?.value.stringValue ?? ''}`;
            totals.set(key, (totals.get(key) ?? 0) + Number(dp.asInt));
          }
    }
  }
  return { totals, perWorker };
}

const sorted = (m: Map<string, number>) => new Map([...m].sort());

test('count under --workers=2 adds up to the counts of one process and of what was sent', async () => {
  const want = sorted(expected());
  const one = await countsWith(1);
  assert.deepEqual(sorted(one.totals), want);
  const two = await countsWith(2);
  assert.deepEqual(sorted(two.totals), want);
  assert.equal(two.perWorker.length, 2, 'two workers report accepted items');
  assert.ok(
    two.perWorker.every((n) => n > 0),
    `both workers received spans (${two.perWorker.join(' / ')})`,
  );
});
