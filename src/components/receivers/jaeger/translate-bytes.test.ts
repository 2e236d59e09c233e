// The thrift → OTLP bytes translation (the thrift_http path) against the Go golden fixtures, and
// against the object path (readBatch + thriftBatchToTraces, itself checked against Go in
// translate.test.ts): byte-identical OTLP on the golden inputs and on generated batches that
// exercise every rule (duplicate keys, special tags of every type, logs, references, zero ids,
// blank spans, wrapping times), the same error on corrupted bodies, and fuzzing.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getAttribute, KeyValue, Traces } from '../../../pdata/index.js';
import { BinaryReader, ThriftDecodeError } from '../../../shared/codec/thrift/index.js';
import {
  readBatch,
  readEmitBatch,
  type JaegerBatch,
  type JaegerLog,
  type JaegerSpanRef,
  type JaegerTag,
} from '../../../shared/codec/jaeger/thrift.js';
import { encodeBatchBinary, encodeEmitBatch, span } from '../../../shared/codec/jaeger/thrift-encode.js';
import { BinaryWriter, TMessageType } from '../../../shared/codec/thrift/writer.js';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { ThriftBatchTranslator } from './translate-thrift-bytes.js';
import { thriftBatchToTraces } from './translate-thrift.js';

const GOLDEN = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));
const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.batch.thrift'))
  .map((f) => f.slice(0, -'.batch.thrift'.length));

const tr = new ThriftBatchTranslator();

function viaObjects(body: Uint8Array): Buffer {
  return thriftBatchToTraces(readBatch(new BinaryReader(body))).toProto();
}

for (const name of cases) {
  test(`golden ${name}: the bytes translation gives what Go exported`, () => {
    const body = readFileSync(`${GOLDEN}${name}.batch.thrift`);
    const ours = Traces.fromProto(tr.translateBatch(body), { validate: true });
    const golden = Traces.fromJSON(readFileSync(`${GOLDEN}${name}.otlp.json`));
    assert.deepStrictEqual(JSON.parse(ours.toJSON()), JSON.parse(golden.toJSON()));
    assert.equal(ours.itemCount(), golden.itemCount());
    assert.equal(tr.spanCount, golden.itemCount());
    assert.deepEqual(tr.translateBatch(body), viaObjects(body), 'byte-identical to the object path');
  });

  test(`golden ${name}: a thrift_binary emitBatch datagram through the bytes path gives what Go exported`, () => {
    const datagram = readFileSync(`${GOLDEN}${name}.emitbatch-binary.thrift`);
    const ours = Traces.fromProto(tr.translateEmitBatch(datagram)!, { validate: true });
    const golden = Traces.fromJSON(readFileSync(`${GOLDEN}${name}.otlp.json`));
    assert.deepStrictEqual(JSON.parse(ours.toJSON()), JSON.parse(golden.toJSON()));
  });
}

test('emitBatch datagrams: the same bytes, errors and "no batch" as the object reader', () => {
  for (let seed = 500; seed < 560; seed++) {
    const datagram = encodeEmitBatch(generate(seed), 'binary', seed);
    assert.deepEqual(tr.translateEmitBatch(datagram), thriftBatchToTraces(readEmitBatch(new BinaryReader(datagram))!).toProto(), `seed ${seed}`);
  }
  const w = new BinaryWriter();
  w.writeMessageBegin('emitBatch', TMessageType.ONEWAY, 1);
  w.writeFieldStop();
  assert.equal(tr.translateEmitBatch(w.finish()), undefined);
  const zipkin = new BinaryWriter();
  zipkin.writeMessageBegin('emitZipkinBatch', TMessageType.ONEWAY, 1);
  zipkin.writeFieldStop();
  const bytes = zipkin.finish();
  assert.equal(
    errorOf(() => tr.translateEmitBatch(bytes)),
    errorOf(() => readEmitBatch(new BinaryReader(bytes))),
  );
  assert.match(errorOf(() => tr.translateEmitBatch(bytes)) ?? '', /unsupported method "emitZipkinBatch"/);
});

// A small deterministic PRNG (mulberry32), so a failure reproduces.
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
  'http.status_code',
  'http.status_message',
  'event',
  'component',
  'http.url',
  'k',
  '',
  'ünïcode.kéy',
  'a-key-that-is-longer-than-thirty-two-bytes-for-the-copy-path',
];
const STRINGS = [
  '',
  'server',
  'client',
  'producer',
  'consumer',
  'internal',
  'ok',
  'Error',
  'ERROR',
  '404',
  '+503',
  '-1',
  '99999999999999999999',
  'x'.repeat(200),
  'é日本',
];

function generate(seed: number): JaegerBatch {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const i64 = (): bigint => {
    const x = r();
    if (x < 0.3) return 0n;
    if (x < 0.4) return -1n - BigInt(Math.floor(r() * 1e9));
    if (x < 0.5) return (1n << 62n) + BigInt(Math.floor(r() * 1e9));
    return BigInt(Math.floor(r() * 1e15));
  };
  const tag = (): JaegerTag => {
    const t: JaegerTag = { key: pick(KEYS), vType: 0, vStr: undefined, vDouble: undefined, vBool: undefined, vLong: undefined, vBinary: undefined };
    const x = r();
    t.vType = x < 0.05 ? 7 : x < 0.08 ? -3 : Math.floor(r() * 5);
    // Usually the value the type says, sometimes none or another one (the reader keeps all).
    const fields = r() < 0.8 ? [t.vType] : [Math.floor(r() * 5), Math.floor(r() * 5)];
    for (const f of fields) {
      if (f === 0) t.vStr = pick(STRINGS);
      else if (f === 1) t.vDouble = pick([0, -0, 1.5, 404, 503, -2.25e300, NaN]);
      else if (f === 2) t.vBool = r() < 0.6;
      else if (f === 3) t.vLong = pick([0n, 200n, 399n, 404n, 502n, 99n, -5n, 1n << 40n, -(1n << 63n), (1n << 63n) - 1n]);
      else if (f === 4) t.vBinary = Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256));
    }
    return t;
  };
  const tags = (): JaegerTag[] | undefined => (r() < 0.15 ? undefined : Array.from({ length: Math.floor(r() * 12) }, tag));
  const ref = (low: bigint, high: bigint): JaegerSpanRef => ({
    refType: pick([0, 1, 0, 1, 2]),
    traceIdLow: r() < 0.6 ? low : i64(),
    traceIdHigh: r() < 0.7 ? high : i64(),
    spanId: i64(),
  });
  const log = (): JaegerLog => ({ timestamp: i64(), fields: Array.from({ length: Math.floor(r() * 5) }, tag) });
  const spans = Array.from({ length: Math.floor(r() * 8) }, () => {
    if (r() < 0.05) return span({ flags: 0 });
    const low = i64();
    const high = i64();
    return span({
      traceIdLow: low,
      traceIdHigh: high,
      spanId: i64(),
      parentSpanId: r() < 0.5 ? 0n : i64(),
      operationName: pick(['', 'GET /', 'entrypoint web', 'ö'.repeat(70)]),
      references: r() < 0.5 ? undefined : Array.from({ length: Math.floor(r() * 4) }, () => ref(low, high)),
      flags: Math.floor(r() * 3),
      startTime: i64(),
      duration: i64(),
      tags: tags(),
      logs: r() < 0.6 ? undefined : Array.from({ length: Math.floor(r() * 3) }, log),
    });
  });
  return { process: { serviceName: pick(['', 'traefik', 'svc']), tags: tags() }, spans };
}

test('generated batches: byte-identical to the object path (every rule, 400 batches)', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const body = encodeBatchBinary(generate(seed));
    const expected = viaObjects(body);
    const got = tr.translateBatch(body);
    assert.deepEqual(got, expected, `seed ${seed}`);
    assert.equal(tr.spanCount, Traces.fromProto(expected).itemCount(), `seed ${seed}: span count`);
  }
});

test('spans of 16 KiB and more (3-byte lengths) and of under 128 bytes (1-byte lengths)', () => {
  const big = span({ traceIdLow: 1n, spanId: 2n, operationName: 'x'.repeat(20_000), startTime: 1n, duration: 1n });
  const small = span({ traceIdLow: 1n, spanId: 3n, operationName: 'y', startTime: 1n, duration: 1n });
  const body = encodeBatchBinary({ process: { serviceName: 's', tags: undefined }, spans: [small, big, small] });
  assert.deepEqual(tr.translateBatch(body), viaObjects(body));
});

function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof ThriftDecodeError)) throw err;
    return err.message;
  }
}

test('corrupted bodies: the same error as the object reader, or the same (decoded) result', () => {
  const r = rng(7);
  const seeds = [...cases.map((c) => readFileSync(`${GOLDEN}${c}.batch.thrift`)), ...[11, 12, 13].map((s) => encodeBatchBinary(generate(s)))];
  let errors = 0;
  for (let i = 0; i < 1500; i++) {
    const body = Buffer.from(seeds[i % seeds.length]!);
    const cut = r() < 0.2;
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) body[Math.floor(r() * body.length)] = Math.floor(r() * 256);
    const input = cut ? body.subarray(0, Math.floor(r() * body.length)) : body;
    const oldErr = errorOf(() => viaObjects(input));
    const newErr = errorOf(() => tr.translateBatch(input));
    assert.equal(newErr, oldErr, `input ${input.toString('hex')}`);
    if (oldErr !== undefined) {
      errors++;
      continue;
    }
    const expected = Traces.fromProto(viaObjects(input)).toJSON();
    // Invalid UTF-8 in a string: the object path decoded it (U+FFFD) before comparing keys, the
    // bytes path compares and copies bytes as Go does; the JSON view differs only there.
    if (expected.includes('\ufffd')) continue;
    assert.equal(Traces.fromProto(tr.translateBatch(input)).toJSON(), expected, `input ${input.toString('hex')}`);
  }
  assert.ok(errors > 50, `corruptions were rejected (${errors})`);
});

test('fuzz: the bytes translation only ever throws ThriftDecodeError', () => {
  fuzzDecoder({
    name: 'jaeger thrift batch → OTLP bytes',
    seeds: [...cases.map((c) => readFileSync(`${GOLDEN}${c}.batch.thrift`)), encodeBatchBinary(generate(3))],
    decode: (b) => tr.translateBatch(b),
    expected: (err) => err instanceof ThriftDecodeError,
  });
});

test('a lying list count allocates nothing up front and is refused', () => {
  const body = Buffer.from(encodeBatchBinary({ process: { serviceName: 's', tags: undefined }, spans: [span({ tags: [] })] }));
  // The span's tags list header: type STRUCT (12) then a 4-byte count of 0; make it 2^30.
  const at = body.indexOf(Buffer.from([0x0f, 0x00, 0x0a, 0x0c, 0, 0, 0, 0]));
  assert.ok(at > 0);
  body.writeInt32BE(1 << 30, at + 4);
  assert.match(errorOf(() => tr.translateBatch(body)) ?? '', /list of 1073741824 elements cannot fit/);
});

test('a processor that changes spans decodes the bytes payload lazily into the same model as the object path', () => {
  const body = readFileSync(`${GOLDEN}traefik.batch.thrift`);
  const lazy = tr.toTraces(body);
  assert.equal(lazy.isDecoded(), false, 'nothing decoded until someone reads it');
  assert.equal(lazy.hasProto(), true);
  const objects = thriftBatchToTraces(readBatch(new BinaryReader(body)));
  assert.deepStrictEqual(lazy.resourceSpans, objects.resourceSpans);
  // What the attributes/resource processors do: change the tree, then the exporter re-encodes it.
  const tree = lazy.mutable();
  tree[0]!.resource.attributes.push(new KeyValue('deployment.environment', 'prod'));
  for (const ss of tree[0]!.scopeSpans) for (const s of ss.spans) s.attributes.push(new KeyValue('tenant', 'a'));
  const again = Traces.fromProto(lazy.toProto(), { validate: true });
  assert.equal(getAttribute(again.resourceSpans[0]!.resource.attributes, 'deployment.environment'), 'prod');
  const spans = again.resourceSpans[0]!.scopeSpans[0]!.spans;
  assert.equal(spans.length, objects.itemCount());
  for (const s of spans) assert.equal(getAttribute(s.attributes, 'tenant'), 'a');
});
