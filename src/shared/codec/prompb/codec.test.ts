import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import {
  decodeRequestV2,
  decodeWriteRequestV1,
  encodeRequestV2,
  encodeWriteRequestV1,
  isStaleNaN,
  STALE_NAN,
  labelsFromRefs,
  PrompbDecodeError,
  type PromHistogram,
  type RequestV2,
  type WriteRequestV1,
} from './index.js';
import { sampleV1, sampleV2 } from './testkit.js';

// The .proto files beside the sources, read by protobufjs: an implementation independent of ours.
const DIR = fileURLToPath(new URL('../../../../src/shared/codec/prompb/', import.meta.url));
const root = protobuf.loadSync([DIR + 'remote-v1.proto', DIR + 'remote-v2.proto']);
const WriteRequest = root.lookupType('prometheus.WriteRequest');
const RequestV2Type = root.lookupType('io.prometheus.write.v2.Request');

/** Drops undefined-valued keys so decoded and hand-built objects compare. */
function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = clean(x);
    return o as T;
  }
  return v;
}

const num = (x: unknown) => (x === undefined || x === null ? 0 : Number(x));

function pbHistogram(h: Record<string, unknown>): PromHistogram {
  const spans = (s: unknown) => ((s as Array<Record<string, unknown>>) ?? []).map((x) => ({ offset: num(x.offset), length: num(x.length) }));
  const nums = (a: unknown) => ((a as unknown[]) ?? []).map(num);
  return clean({
    countInt: h.countInt === undefined ? undefined : num(h.countInt),
    countFloat: h.countFloat === undefined ? undefined : num(h.countFloat),
    sum: num(h.sum),
    schema: num(h.schema),
    zeroThreshold: num(h.zeroThreshold),
    zeroCountInt: h.zeroCountInt === undefined ? undefined : num(h.zeroCountInt),
    zeroCountFloat: h.zeroCountFloat === undefined ? undefined : num(h.zeroCountFloat),
    negativeSpans: spans(h.negativeSpans),
    negativeDeltas: nums(h.negativeDeltas),
    negativeCounts: nums(h.negativeCounts),
    positiveSpans: spans(h.positiveSpans),
    positiveDeltas: nums(h.positiveDeltas),
    positiveCounts: nums(h.positiveCounts),
    resetHint: num(h.resetHint),
    timestamp: num(h.timestamp),
    customValues: nums(h.customValues),
    startTimestamp: h.startTimestamp === undefined || num(h.startTimestamp) === 0 ? undefined : num(h.startTimestamp),
  });
}

const opts = { defaults: false, oneofs: false, longs: Number, enums: Number } as const;

test('1.0: our encoding decodes with protobufjs to the same request, and ours decodes it back', () => {
  const req = sampleV1();
  const bytes = encodeWriteRequestV1(req);
  const pb = WriteRequest.toObject(WriteRequest.decode(bytes), opts) as Record<string, Array<Record<string, unknown>>>;
  const fromPb: WriteRequestV1 = {
    timeseries: (pb.timeseries ?? []).map((ts) => ({
      labels: ((ts.labels as Array<Record<string, string>>) ?? []).map((l) => ({ name: l.name ?? '', value: l.value ?? '' })),
      samples: ((ts.samples as Array<Record<string, unknown>>) ?? []).map((s) => ({ value: num(s.value), timestamp: num(s.timestamp) })),
      exemplars: ((ts.exemplars as Array<Record<string, unknown>>) ?? []).map((e) => ({
        labels: ((e.labels as Array<Record<string, string>>) ?? []).map((l) => ({ name: l.name ?? '', value: l.value ?? '' })),
        value: num(e.value),
        timestamp: num(e.timestamp),
      })),
      histograms: ((ts.histograms as Array<Record<string, unknown>>) ?? []).map(pbHistogram),
    })),
    metadata: (pb.metadata ?? []).map((m) => ({
      type: num(m.type),
      metricFamilyName: (m.metricFamilyName as string) ?? '',
      help: (m.help as string) ?? '',
      unit: (m.unit as string) ?? '',
    })),
  };
  assert.deepEqual(clean(fromPb), clean(req));
  assert.deepEqual(clean(decodeWriteRequestV1(bytes)), clean(req));
});

test('1.0: protobufjs-encoded bytes (explicit zero fields included) decode with ours', () => {
  const req = sampleV1();
  const pbMsg = WriteRequest.fromObject(JSON.parse(JSON.stringify(req, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v))));
  const bytes = WriteRequest.encode(pbMsg).finish();
  assert.deepEqual(clean(decodeWriteRequestV1(bytes)), clean(req));
});

test('2.0: round trip through ours and protobufjs; created and start timestamps kept', () => {
  const req = sampleV2();
  const bytes = encodeRequestV2(req);
  const pb = RequestV2Type.toObject(RequestV2Type.decode(bytes), opts) as Record<string, unknown>;
  assert.deepEqual(pb.symbols, req.symbols);
  const series = pb.timeseries as Array<Record<string, unknown>>;
  assert.deepEqual(series[0]!.labelsRefs, req.timeseries[0]!.labelsRefs);
  assert.equal(num(series[0]!.createdTimestamp), 1_733_139_000_000);
  assert.equal(num((series[0]!.samples as Array<Record<string, unknown>>)[0]!.startTimestamp), 1_733_140_000_000);
  assert.deepEqual(pbHistogram((series[1]!.histograms as Array<Record<string, unknown>>)[0]!), clean(req.timeseries[1]!.histograms[0]!));
  assert.deepEqual((series[0]!.metadata as Record<string, unknown>).helpRef, req.timeseries[0]!.metadata.helpRef);
  const back = decodeRequestV2(bytes);
  assert.deepEqual(clean(back), clean(req));
  const viaPb = decodeRequestV2(RequestV2Type.encode(RequestV2Type.fromObject(req)).finish());
  assert.deepEqual(clean(viaPb), clean(req));
  assert.deepEqual(labelsFromRefs(back.symbols, back.timeseries[1]!.labelsRefs), [
    { name: '__name__', value: 'rpc_latency_seconds' },
    { name: 'job', value: 'api' },
  ]);
});

test('2.0: broken references are refused with the reason', () => {
  const req: RequestV2 = sampleV2();
  assert.throws(() => labelsFromRefs(req.symbols, [1, 2, 3]), /odd number of references \(3\)/);
  assert.throws(
    () => labelsFromRefs(req.symbols, [1, 999]),
    (e: unknown) => e instanceof PrompbDecodeError && /references symbol 999, but the symbol table has \d+ entries/.test(e.message),
  );
});

test('malformed bytes: wrong wire type, truncation and overruns are PrompbDecodeError naming the message', () => {
  const good = encodeWriteRequestV1(sampleV1());
  assert.throws(
    () => decodeWriteRequestV1(good.subarray(0, good.length - 3)),
    (e: unknown) => e instanceof PrompbDecodeError && /prometheus\.WriteRequest/.test(e.message),
  );
  // timeseries (field 1) as a varint.
  assert.throws(() => decodeWriteRequestV1(Buffer.from([0x08, 0x01])), /WriteRequest field 1 has wire type varint/);
  // A length running past the end.
  assert.throws(() => decodeRequestV2(Buffer.from([0x22, 0x05, 0x61])), /io\.prometheus\.write\.v2\.Request: length 5 runs past/);
  // A 1.0 body read as 2.0 is an empty request (fields 1–3 are reserved in 2.0), as the spec intends.
  assert.deepEqual(decodeRequestV2(good), { symbols: [], timeseries: [] });
  // labels_refs unpacked (one varint per element) reads like packed.
  const unpacked = Buffer.from([0x22, 0x00, 0x22, 0x01, 0x61, 0x22, 0x01, 0x62, 0x2a, 0x04, 0x08, 0x01, 0x08, 0x02]);
  assert.deepEqual(decodeRequestV2(unpacked).timeseries[0]!.labelsRefs, [1, 2]);
  // Empty body: empty request.
  assert.deepEqual(decodeWriteRequestV1(new Uint8Array(0)), { timeseries: [], metadata: [] });
});

test('large and negative 64-bit values survive', () => {
  const req: WriteRequestV1 = {
    timeseries: [
      {
        labels: [{ name: '__name__', value: 'x' }],
        samples: [
          { value: -0, timestamp: -1 },
          { value: Infinity, timestamp: 2 ** 53 - 1 },
          { value: 1e-300, timestamp: -(2 ** 50) },
        ],
        exemplars: [],
        histograms: [],
      },
    ],
    metadata: [],
  };
  const back = decodeWriteRequestV1(encodeWriteRequestV1(req));
  assert.deepEqual(back.timeseries[0]!.samples, req.timeseries[0]!.samples);
  assert.ok(Object.is(back.timeseries[0]!.samples[0]!.value, -0));
});

test('stale markers: written with their exact bits, recognised after decoding', () => {
  const req: WriteRequestV1 = {
    timeseries: [
      {
        labels: [{ name: '__name__', value: 'up' }],
        samples: [
          { value: STALE_NAN, timestamp: 1 },
          { value: NaN, timestamp: 2 },
        ],
        exemplars: [],
        histograms: [],
      },
    ],
    metadata: [],
  };
  const bytes = encodeWriteRequestV1(req);
  assert.ok(bytes.includes(Buffer.from('020000000000f07f', 'hex')), bytes.toString('hex'));
  const back = decodeWriteRequestV1(bytes).timeseries[0]!.samples;
  assert.equal(isStaleNaN(back[0]!.value), true);
  assert.equal(isStaleNaN(back[1]!.value), false);
  assert.equal(isStaleNaN(2), false);
});

const isPrompb = (e: unknown) => e instanceof PrompbDecodeError;

test('fuzz: 1.0 WriteRequest decoder', () => {
  const report = fuzzDecoder({
    name: 'prompb-v1',
    seeds: [encodeWriteRequestV1(sampleV1())],
    decode: decodeWriteRequestV1,
    expected: isPrompb,
    iterations: 3000,
  });
  assert.ok(report.accepted > 0 && report.rejected > 0, JSON.stringify(report));
});

test('fuzz: 2.0 Request decoder and reference resolution', () => {
  const report = fuzzDecoder({
    name: 'prompb-v2',
    seeds: [encodeRequestV2(sampleV2())],
    decode: (b) => {
      const req = decodeRequestV2(b);
      for (const ts of req.timeseries) {
        labelsFromRefs(req.symbols, ts.labelsRefs);
        for (const e of ts.exemplars) labelsFromRefs(req.symbols, e.labelsRefs);
      }
      return req;
    },
    expected: isPrompb,
    iterations: 3000,
  });
  assert.ok(report.accepted > 0 && report.rejected > 0, JSON.stringify(report));
});
