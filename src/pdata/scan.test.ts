// Batching on bytes (concat, split) and rejection of malformed protobuf.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PdataDecodeError } from './errors.js';
import { Logs } from './logs.js';
import { Metrics, Gauge, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum } from './metrics.js';
import { Traces } from './traces.js';
import { buildBenchTraces } from './bench-payload.js';
import { fullLogs, fullMetrics, fullTraces } from './test-fixtures.js';
import { idToHex } from './ids.js';

const spanIds = (t: Traces): string[] => t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => idToHex(s.spanId))));

test('concat of undecoded payloads is byte concatenation and decodes to all resource blocks', () => {
  const a = Traces.fromProto(new Traces(buildBenchTraces(5)).toProto());
  const b = Traces.fromProto(new Traces(fullTraces()).toProto());
  const ab = Traces.concat([a, b]);
  assert.equal(ab.isDecoded(), false);
  assert.deepEqual(ab.toProto(), Buffer.concat([a.toProto(), b.toProto()]));
  assert.equal(ab.itemCount(), 7);
  assert.equal(ab.resourceSpans.length, 2);
  assert.deepEqual(spanIds(ab), [...spanIds(a), ...spanIds(b)]);
});

test('concat encodes mutated payloads and joins trees when none has bytes', () => {
  const a = Traces.fromProto(new Traces(buildBenchTraces(4)).toProto());
  a.mutable()[0]!.scopeSpans[0]!.spans.pop();
  const b = new Traces(buildBenchTraces(2));
  assert.equal(Traces.concat([a, b]).itemCount(), 5);
  const trees = Traces.concat([new Traces(buildBenchTraces(2)), new Traces(buildBenchTraces(3))]);
  assert.equal(trees.isDecoded(), true);
  assert.equal(trees.itemCount(), 5);
  assert.equal(Traces.concat([]).itemCount(), 0);
});

test('splitByItems keeps order, resource and scope, and never exceeds the limit', () => {
  const src = Traces.concat([new Traces(buildBenchTraces(7)), Traces.fromProto(new Traces(fullTraces()).toProto()), new Traces(buildBenchTraces(4))]);
  const total = src.itemCount();
  for (const max of [1, 2, 3, 5, 8, 12, 13, 100]) {
    const parts = src.splitByItems(max);
    assert.deepEqual(
      parts.map((p) => p.itemCount()).reduce((x, y) => x + y, 0),
      total,
    );
    for (const p of parts) assert.ok(p.itemCount() <= max && p.itemCount() > 0, `max ${max}: ${p.itemCount()}`);
    assert.deepEqual(parts.flatMap(spanIds), spanIds(src));
    for (const p of parts) {
      for (const rs of p.resourceSpans) {
        const svc = rs.resource.attributes.find((kv) => kv.key === 'service.name')!.value;
        assert.ok(svc === 'checkout-service' || svc === 'svc');
        for (const ss of rs.scopeSpans) assert.ok(ss.scope.name !== '' && ss.schemaUrl !== '');
      }
    }
  }
  const whole = src.splitByItems(total);
  assert.equal(whole.length, 1);
  assert.equal(whole[0], src);
});

test('splitByItems on metrics splits inside a metric and repeats its name and temporality', () => {
  const sum = new Sum();
  sum.aggregationTemporality = 2;
  sum.isMonotonic = true;
  for (let i = 0; i < 5; i++) sum.dataPoints.push(Object.assign(new NumberDataPoint(), { timeUnixNano: BigInt(i + 1), value: BigInt(i) }));
  const g = new Gauge();
  g.dataPoints.push(Object.assign(new NumberDataPoint(), { value: 1.5 }));
  const sm = Object.assign(new ScopeMetrics(), {
    metrics: [Object.assign(new Metric(), { name: 'requests', unit: '1', data: sum }), Object.assign(new Metric(), { name: 'temp', data: g })],
  });
  const m = Metrics.fromProto(new Metrics([Object.assign(new ResourceMetrics(), { scopeMetrics: [sm] })]).toProto());
  assert.equal(m.itemCount(), 6);
  const parts = m.splitByItems(2);
  assert.deepEqual(
    parts.map((p) => p.itemCount()),
    [2, 2, 2],
  );
  const last = parts[2]!.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
  assert.deepEqual(
    last.map((x) => x.name),
    ['requests', 'temp'],
  );
  const s = last[0]!.data as Sum;
  assert.equal(s.aggregationTemporality, 2);
  assert.equal(s.isMonotonic, true);
  assert.equal(s.dataPoints[0]!.value, 4n);
  assert.equal(Metrics.fromProto(new Metrics(fullMetrics()).toProto()).splitByItems(1).length, 6);
});

test('splitByItems on logs', () => {
  const l = Logs.fromProto(new Logs(fullLogs()).toProto());
  const parts = l.splitByItems(1);
  assert.equal(parts.length, 2);
  assert.equal(parts[1]!.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body, 'plain line');
  assert.throws(() => l.splitByItems(0), RangeError);
});

const good = new Traces(buildBenchTraces(3)).toProto();

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => Traces.fromProto(bytes, { validate: true }),
    (e: unknown) => e instanceof PdataDecodeError && pattern.test(e.message),
  );
  // The lazy path must fail the same way when the tree is first read.
  assert.throws(() => Traces.fromProto(bytes).resourceSpans, PdataDecodeError);
}

test('malformed protobuf is rejected with PdataDecodeError', () => {
  for (const cut of [1, 2, 10, 100, good.length - 1]) rejects(good.subarray(0, cut), /truncated|runs past/);
  rejects(Buffer.from([0x0a, 0x05, 0x01]), /runs past/);
  rejects(Buffer.from([0x0b]), /wire type start-group/);
  rejects(Buffer.from([0x0f]), /wire type 7/);
  rejects(Buffer.from([0x00, 0x01]), /field number 0/);
  rejects(Buffer.from([0x08, 0x01]), /wire type varint, expected length-delimited/);
  rejects(Buffer.from([0x0a, 0x80]), /truncated/);
  // Span.start_time_unix_nano (fixed64) sent as a varint.
  rejects(Buffer.from([0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0x38, 0x01]), /start_time_unix_nano|Span field 7/);
  // A Span field that overruns its Span: fixed64 with only 2 bytes inside the message.
  rejects(Buffer.from([0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x39, 0x01, 0x02, 0x03]), /truncated|runs past/);
  assert.throws(
    () => Traces.fromProto(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).itemCount(),
    PdataDecodeError,
  );
});

test('AnyValue nesting is bounded', () => {
  // KeyValue{value: AnyValue{array_value: ArrayValue{values: AnyValue{...}}}} 200 levels deep.
  const deep = (n: number): Buffer => {
    let v: Buffer = Buffer.alloc(0);
    for (let i = 0; i < n; i++) {
      const arr = lenField(0x0a, v);
      v = lenField(0x2a, arr);
    }
    return v;
  };
  const lenField = (tag: number, body: Buffer): Buffer => {
    const len: number[] = [];
    let n = body.length;
    while (n >= 0x80) {
      len.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    len.push(n);
    return Buffer.concat([Buffer.from([tag, ...len]), body]);
  };
  const request = (depth: number): Buffer => {
    const kv = Buffer.concat([lenField(0x0a, Buffer.from('k')), lenField(0x12, deep(depth))]);
    return lenField(0x0a, lenField(0x0a, lenField(0x0a, kv)));
  };
  assert.equal(Traces.fromProto(request(30), { validate: true }).resourceSpans.length, 1);
  assert.throws(() => Traces.fromProto(request(100), { validate: true }), /nested deeper/);
  assert.throws(() => Traces.fromProto(request(100)).resourceSpans, /nested deeper/);
});

test('validate with utf8 rejects invalid UTF-8 strings', () => {
  // ResourceSpans{schema_url: 0xff 0xfe}
  const bytes = Buffer.from([0x0a, 0x04, 0x1a, 0x02, 0xff, 0xfe]);
  assert.equal(Traces.fromProto(bytes, { validate: true }).itemCount(), 0);
  assert.throws(() => Traces.fromProto(bytes, { validate: true, utf8: true }), /not valid UTF-8/);
});
