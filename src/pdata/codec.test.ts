// The hand-written protobuf codec against protobufjs reflection over our .proto files (an
// independent implementation), plus the lazy payload life cycle.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { KeyValue } from './common.js';
import { Logs } from './logs.js';
import { Metrics } from './metrics.js';
import { Traces, Span } from './traces.js';
import { buildBenchTraces } from './bench-payload.js';
import { PROTO_DIR, fullLogs, fullLogsObj, fullMetrics, fullMetricsObj, fullTraces, fullTracesObj } from './test-fixtures.js';

const root = protobuf.loadSync(['trace_service.proto', 'metrics_service.proto', 'logs_service.proto'].map((f) => PROTO_DIR + f));
const TraceReq = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const MetricsReq = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
const LogsReq = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, oneofs: false };

function pbjsEncode(type: protobuf.Type, obj: object): Buffer {
  return Buffer.from(type.encode(type.fromObject(obj)).finish());
}
function pbjsDecode(type: protobuf.Type, buf: Uint8Array): unknown {
  return type.toObject(type.decode(buf), TO_OBJECT);
}
/** Round-trips through JSON to drop undefined-valued keys protobufjs may leave. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

const cases = [
  { name: 'traces', type: TraceReq, cls: Traces, model: fullTraces, obj: fullTracesObj, tree: (p: Traces) => p.resourceSpans },
  { name: 'metrics', type: MetricsReq, cls: Metrics, model: fullMetrics, obj: fullMetricsObj, tree: (p: Metrics) => p.resourceMetrics },
  { name: 'logs', type: LogsReq, cls: Logs, model: fullLogs, obj: fullLogsObj, tree: (p: Logs) => p.resourceLogs },
] as const;

for (const c of cases) {
  test(`${c.name}: our encoding decodes with protobufjs to every field`, () => {
    const payload = new (c.cls as any)(c.model());
    assert.deepEqual(plain(pbjsDecode(c.type, payload.toProto())), plain(c.obj));
  });

  test(`${c.name}: protobufjs encoding decodes with ours to every field`, () => {
    const payload = (c.cls as any).fromProto(pbjsEncode(c.type, c.obj), { validate: true, utf8: true });
    assert.deepEqual((c.tree as any)(payload), c.model());
  });

  test(`${c.name}: validate counts items, decode and re-encode are stable`, () => {
    const bytes = new (c.cls as any)(c.model()).toProto();
    const p = (c.cls as any).fromProto(bytes, { validate: true });
    const expected = (c.cls as any).prototype.itemCount.call(new (c.cls as any)(c.model()));
    assert.equal(p.itemCount(), expected);
    const again = new (c.cls as any)((c.tree as any)(p)).toProto();
    assert.deepEqual(again, bytes);
  });
}

test('pass-through: fromProto keeps the exact bytes, decodes nothing, counts by scanning', () => {
  const bytes = pbjsEncode(TraceReq, fullTracesObj);
  const t = Traces.fromProto(bytes);
  assert.equal(t.itemCount(), 2);
  assert.equal(t.isDecoded(), false);
  assert.equal(t.toProto(), bytes, 'same Buffer object, not a copy');
  void t.resourceSpans; // read access decodes but stays clean
  assert.equal(t.isDecoded(), true);
  assert.equal(t.toProto(), bytes);
});

test('mutable() marks the payload dirty and toProto re-encodes the change', () => {
  const bytes = new Traces(buildBenchTraces(10)).toProto();
  const t = Traces.fromProto(bytes);
  const rs = t.mutable();
  rs[0]!.scopeSpans[0]!.spans[0]!.attributes.push(new KeyValue('added', 'yes'));
  rs[0]!.scopeSpans[0]!.spans.pop();
  assert.equal(t.itemCount(), 9);
  const out = t.toProto();
  assert.notEqual(out, bytes);
  const back = pbjsDecode(TraceReq, out) as any;
  assert.equal(back.resourceSpans[0].scopeSpans[0].spans.length, 9);
  assert.deepEqual(back.resourceSpans[0].scopeSpans[0].spans[0].attributes.at(-1), { key: 'added', value: { stringValue: 'yes' } });
});

test('clone: undecoded clones share bytes; decoded clones are deep and independent', () => {
  const bytes = new Traces(buildBenchTraces(3)).toProto();
  const a = Traces.fromProto(bytes);
  const b = a.clone();
  assert.equal(b.toProto(), bytes);
  assert.equal(b.isDecoded(), false);

  const c = new Traces(buildBenchTraces(3));
  const d = c.clone();
  const span = d.mutable()[0]!.scopeSpans[0]!.spans[0]!;
  span.name = 'changed';
  span.attributes[0]!.value = 'other';
  span.status.code = 0;
  const orig = c.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  assert.equal(orig.name, 'GET /api/v1/orders/:id');
  assert.equal(orig.attributes[0]!.value, 'GET');
  assert.equal(orig.status.code, 2);
  assert.notEqual(d.resourceSpans[0]!.resource, c.resourceSpans[0]!.resource);
});

test('64-bit values near the limits survive both codecs exactly', () => {
  const t = new Traces(fullTraces());
  const s = Traces.fromProto(t.toProto()).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  assert.equal(s.endTimeUnixNano, 18446744073709551611n);
  const res = Traces.fromProto(t.toProto()).resourceSpans[0]!.resource.attributes;
  assert.equal(res[1]!.value, 9223372036854775805n);
  assert.equal(res[2]!.value, -9223372036854775803n);
  const m = Metrics.fromProto(new Metrics(fullMetrics()).toProto()).resourceMetrics[0]!.scopeMetrics[0]!.metrics;
  const g = m[0]!.data as import('./metric-model.js').Gauge;
  assert.equal(g.dataPoints[0]!.value, 9223372036854775805n);
  assert.equal(g.dataPoints[0]!.exemplars[0]!.value, -9223372036854775803n);
});

test('strings: ASCII, multi-byte and long values round-trip through the windowed reader', () => {
  const long = 'x'.repeat(5000) + 'é' + 'y'.repeat(9000);
  const s = new Span();
  s.name = long;
  s.attributes = [new KeyValue('k'.repeat(300), 'ü'), new KeyValue('a', 'plain'), new KeyValue('emoji', '😀'.repeat(40))];
  const t = new Traces(buildBenchTraces(1));
  t.mutable()[0]!.scopeSpans[0]!.spans.push(s);
  const back = Traces.fromProto(t.toProto(), { validate: true, utf8: true }).resourceSpans[0]!.scopeSpans[0]!.spans[1]!;
  assert.equal(back.name, long);
  assert.deepEqual(back.attributes, s.attributes);
  assert.deepEqual(pbjsDecode(TraceReq, t.toProto()), pbjsDecode(TraceReq, pbjsEncode(TraceReq, pbjsDecode(TraceReq, t.toProto()) as object)));
});

test('unknown fields are skipped by decode and validate', () => {
  // ExportTraceServiceRequest { resource_spans { resource {} field 99 varint } } plus a top-level field 7 string.
  const bytes = Buffer.from([0x0a, 0x05, 0x0a, 0x00, 0x98, 0x06, 0x01, 0x3a, 0x01, 0x41]);
  const t = Traces.fromProto(bytes, { validate: true });
  assert.equal(t.itemCount(), 0);
  assert.equal(t.resourceSpans.length, 1);
});
