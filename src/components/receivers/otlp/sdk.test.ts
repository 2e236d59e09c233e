// The OpenTelemetry JS SDK's own exporters send to the receiver over gRPC, HTTP/protobuf and
// HTTP/JSON, plain and gzip; every field they set must arrive in the pipeline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics as SdkResourceMetrics } from '@opentelemetry/sdk-metrics';
import { idToHex, type Logs, type Metrics, type Traces } from '../../../pdata/index.js';
import {
  SDK_TRANSPORTS,
  expectedAttributes,
  expectedValue,
  hrToNanos,
  makeLogs,
  makeMetrics,
  makeSpans,
  plainAttributes,
  plainValue,
  sdkExport,
  sdkExporter,
} from './sdk-fixtures.js';
import { startReceiver, type RunningReceiver } from '../../../testing/otlp-receiver.js';

function assertTraces(received: Traces, spans: ReadableSpan[]): void {
  assert.equal(received.itemCount(), spans.length);
  const [rs] = received.resourceSpans;
  assert.equal(received.resourceSpans.length, 1);
  assert.deepEqual(plainAttributes(rs!.resource.attributes), expectedAttributes(spans[0]!.resource.attributes));
  assert.equal(rs!.scopeSpans.length, 1);
  const ss = rs!.scopeSpans[0]!;
  assert.equal(ss.scope.name, 'shop-tracer');
  assert.equal(ss.scope.version, '1.2.3');
  for (const want of spans) {
    const ctx = want.spanContext();
    const got = ss.spans.find((s) => idToHex(s.spanId) === ctx.spanId);
    assert.ok(got, `span ${want.name} missing`);
    assert.equal(idToHex(got.traceId), ctx.traceId);
    assert.equal(idToHex(got.parentSpanId), want.parentSpanContext?.spanId ?? '');
    assert.equal(got.name, want.name);
    assert.equal(got.kind, want.kind + 1);
    assert.equal(got.flags & 0xff, ctx.traceFlags);
    assert.equal(got.startTimeUnixNano, hrToNanos(want.startTime));
    assert.equal(got.endTimeUnixNano, hrToNanos(want.endTime));
    assert.deepEqual(plainAttributes(got.attributes), expectedAttributes(want.attributes));
    assert.equal(got.status.code, want.status.code);
    assert.equal(got.status.message, want.status.message ?? '');
    assert.deepEqual(
      got.events.map((e) => [e.name, e.timeUnixNano, plainAttributes(e.attributes)]),
      want.events.map((e) => [e.name, hrToNanos(e.time), expectedAttributes(e.attributes)]),
    );
    assert.deepEqual(
      got.links.map((l) => [idToHex(l.traceId), idToHex(l.spanId), plainAttributes(l.attributes)]),
      want.links.map((l) => [l.context.traceId, l.context.spanId, expectedAttributes(l.attributes)]),
    );
  }
  const parent = ss.spans.find((s) => s.name === 'GET /cart')!;
  assert.equal(parent.kind, 2);
  assert.equal(parent.status.code, 2);
  assert.equal(parent.events[0]!.name, 'exception');
  assert.equal(parent.links.length, 1);
  assert.equal(typeof plainAttributes(parent.attributes)['http.status_code'], 'bigint');
}

function assertMetrics(received: Metrics, sent: SdkResourceMetrics): void {
  const [rm] = received.resourceMetrics;
  assert.equal(received.resourceMetrics.length, 1);
  assert.deepEqual(plainAttributes(rm!.resource.attributes), expectedAttributes(sent.resource.attributes));
  const sm = rm!.scopeMetrics[0]!;
  assert.equal(sm.scope.name, 'shop-meter');
  assert.equal(sm.scope.version, '0.9.0');
  const sdkMetrics = sent.scopeMetrics[0]!.metrics;
  assert.deepEqual(sm.metrics.map((m) => m.name).sort(), sdkMetrics.map((m) => m.descriptor.name).sort());
  for (const want of sdkMetrics) {
    const got = sm.metrics.find((m) => m.name === want.descriptor.name)!;
    assert.equal(got.description, want.descriptor.description);
    assert.equal(got.unit, want.descriptor.unit);
    const data = got.data!;
    assert.equal(data.dataPoints.length, want.dataPoints.length);
    const expectNumber = (v: number) => (want.descriptor.valueType === 0 ? BigInt(v) : v);
    want.dataPoints.forEach((wp, i) => {
      const gp = data.dataPoints[i]!;
      assert.deepEqual(plainAttributes(gp.attributes), expectedAttributes(wp.attributes));
      assert.equal(gp.startTimeUnixNano, hrToNanos(wp.startTime));
      assert.equal(gp.timeUnixNano, hrToNanos(wp.endTime));
      if (data.type === 'Histogram') {
        const h = wp.value as { count: number; sum: number; min: number; max: number; buckets: { boundaries: number[]; counts: number[] } };
        const hp = data.dataPoints[i]!;
        assert.deepEqual([hp.count, hp.sum, hp.min, hp.max], [BigInt(h.count), h.sum, h.min, h.max]);
        assert.deepEqual(hp.explicitBounds, h.buckets.boundaries);
        assert.deepEqual(hp.bucketCounts, h.buckets.counts.map(BigInt));
      } else if (data.type === 'Sum' || data.type === 'Gauge') {
        assert.equal(data.dataPoints[i]!.value, expectNumber(wp.value as number));
      } else assert.fail(`unexpected metric type ${data.type}`);
    });
    if (data.type === 'Sum') {
      assert.equal(data.isMonotonic, want.descriptor.name === 'http.requests');
      assert.equal(data.aggregationTemporality, 2);
    }
  }
}

/** The request really was gzip-compressed (or not): include_metadata shows the headers. */
function assertCompression(r: RunningReceiver, signal: 'traces' | 'metrics' | 'logs', transport: string, compression: string): void {
  const md = r.consumers[signal]!.contexts[0]!.metadata!;
  const header = transport === 'grpc' ? 'grpc-encoding' : 'content-encoding';
  const sent = md.get(header)?.[0] ?? 'none';
  assert.equal(sent === 'identity' ? 'none' : sent, compression);
}

function assertLogs(received: Logs, records: ReadableLogRecord[]): void {
  const [rl] = received.resourceLogs;
  assert.deepEqual(plainAttributes(rl!.resource.attributes), expectedAttributes(records[0]!.resource.attributes));
  const sl = rl!.scopeLogs[0]!;
  assert.equal(sl.scope.name, 'shop-logger');
  assert.equal(sl.scope.version, '2.0.0');
  assert.equal(sl.logRecords.length, records.length);
  records.forEach((want, i) => {
    const got = sl.logRecords[i]!;
    assert.equal(got.timeUnixNano, hrToNanos(want.hrTime));
    assert.equal(got.observedTimeUnixNano, hrToNanos(want.hrTimeObserved));
    assert.equal(got.severityNumber, want.severityNumber ?? 0);
    assert.equal(got.severityText, want.severityText ?? '');
    assert.deepEqual(plainValue(got.body), expectedValue(want.body));
    assert.deepEqual(plainAttributes(got.attributes), expectedAttributes(want.attributes));
    assert.equal(idToHex(got.traceId), want.spanContext?.traceId ?? '');
    assert.equal(idToHex(got.spanId), want.spanContext?.spanId ?? '');
    assert.equal(got.flags, want.spanContext?.traceFlags ?? 0);
    assert.equal(got.eventName, want.eventName ?? '');
  });
  assert.equal(sl.logRecords[0]!.body, 'cart is slow');
  assert.notEqual(sl.logRecords[0]!.traceId, '');
}

for (const transport of SDK_TRANSPORTS) {
  for (const compression of ['none', 'gzip'] as const) {
    const label = `${transport}${compression === 'gzip' ? ' + gzip' : ''}`;
    const wire = transport === 'grpc' ? 'grpc' : 'http';

    test(`SDK traces over ${label} arrive with every field`, async () => {
      const r = await startReceiver({ grpc: { include_metadata: true }, http: { include_metadata: true } });
      try {
        const spans = makeSpans();
        const result = await sdkExport(sdkExporter('traces', transport, r, { compression }), spans);
        assert.equal(result.code, 0, result.error?.message);
        assert.equal(r.consumers.traces!.payloads.length, 1);
        assertCompression(r, 'traces', transport, compression);
        assertTraces(r.consumers.traces!.payloads[0] as Traces, spans);
        assert.match(r.metricsText(), new RegExp(`otelcol_receiver_accepted_spans\\{receiver="otlp",transport="${wire}"\\} 3`));
        assert.equal(r.consumers.logs!.payloads.length + r.consumers.metrics!.payloads.length, 0);
      } finally {
        await r.stop();
      }
    });

    test(`SDK metrics over ${label} arrive with every field`, async () => {
      const r = await startReceiver({ grpc: { include_metadata: true }, http: { include_metadata: true } });
      try {
        const metrics = await makeMetrics();
        const result = await sdkExport(sdkExporter('metrics', transport, r, { compression }), metrics);
        assert.equal(result.code, 0, result.error?.message);
        assert.equal(r.consumers.metrics!.payloads.length, 1);
        assertCompression(r, 'metrics', transport, compression);
        assertMetrics(r.consumers.metrics!.payloads[0] as Metrics, metrics);
        assert.match(r.metricsText(), new RegExp(`otelcol_receiver_accepted_metric_points\\{receiver="otlp",transport="${wire}"\\} 5`));
      } finally {
        await r.stop();
      }
    });

    test(`SDK logs over ${label} arrive with every field`, async () => {
      const r = await startReceiver({ grpc: { include_metadata: true }, http: { include_metadata: true } });
      try {
        const logs = makeLogs(makeSpans());
        const result = await sdkExport(sdkExporter('logs', transport, r, { compression }), logs);
        assert.equal(result.code, 0, result.error?.message);
        assert.equal(r.consumers.logs!.payloads.length, 1);
        assertCompression(r, 'logs', transport, compression);
        assertLogs(r.consumers.logs!.payloads[0] as Logs, logs);
        assert.match(r.metricsText(), new RegExp(`otelcol_receiver_accepted_log_records\\{receiver="otlp",transport="${wire}"\\} 2`));
      } finally {
        await r.stop();
      }
    });
  }
}
