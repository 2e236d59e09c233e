// Our thrift decoding and translation against the Go collector's output for the same bytes
// (testdata/golden, recorded by record-golden.ts): every resource, span, event, link, status and
// attribute, with its OTLP value type, in Go's order.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Traces } from '../../../pdata/index.js';
import { BinaryReader, CompactReader } from '../../../shared/codec/thrift/index.js';
import { readBatch, readEmitBatch } from '../../../shared/codec/jaeger/thrift.js';
import { encodeBatchBinary, encodeEmitBatch } from '../../../shared/codec/jaeger/thrift-encode.js';
import { GOLDEN_BATCHES, GOLDEN_PROTO_REQUESTS } from './golden-inputs.js';
import { thriftBatchToTraces } from './translate-thrift.js';

const GOLDEN = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));

function canonical(t: Traces): unknown {
  return JSON.parse(t.toJSON());
}

function golden(name: string): unknown {
  return canonical(Traces.fromJSON(readFileSync(`${GOLDEN}${name}.otlp.json`)));
}

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.batch.thrift'))
  .map((f) => f.slice(0, -'.batch.thrift'.length));

test('every golden output has its inputs in golden-inputs.ts (thrift here, gRPC in grpc.test.ts)', () => {
  const outputs = readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.otlp.json'))
    .map((f) => f.slice(0, -'.otlp.json'.length));
  assert.deepEqual(outputs.sort(), [...Object.keys(GOLDEN_BATCHES), ...Object.keys(GOLDEN_PROTO_REQUESTS)].sort());
  assert.deepEqual(cases.sort(), Object.keys(GOLDEN_BATCHES).sort());
});

for (const name of cases) {
  test(`golden ${name}: thrift_http body (TBinaryProtocol Batch) translates as Go does`, () => {
    const bytes = readFileSync(`${GOLDEN}${name}.batch.thrift`);
    const ours = thriftBatchToTraces(readBatch(new BinaryReader(bytes)));
    assert.deepStrictEqual(canonical(ours), golden(name));
  });

  test(`golden ${name}: emitBatch datagrams (compact and binary) translate as Go does`, () => {
    for (const [file, reader] of [
      ['emitbatch-compact', CompactReader],
      ['emitbatch-binary', BinaryReader],
    ] as const) {
      const bytes = readFileSync(`${GOLDEN}${name}.${file}.thrift`);
      const batch = readEmitBatch(new reader(bytes));
      assert.ok(batch, `${file}: a batch`);
      assert.deepStrictEqual(canonical(thriftBatchToTraces(batch)), golden(name), file);
    }
  });

  test(`golden ${name}: the committed inputs are what golden-inputs.ts encodes to`, () => {
    const batch = GOLDEN_BATCHES[name]!;
    assert.deepEqual(readFileSync(`${GOLDEN}${name}.batch.thrift`), encodeBatchBinary(batch));
    assert.deepEqual(readFileSync(`${GOLDEN}${name}.emitbatch-compact.thrift`), encodeEmitBatch(batch, 'compact'));
    assert.deepEqual(readFileSync(`${GOLDEN}${name}.emitbatch-binary.thrift`), encodeEmitBatch(batch, 'binary'));
  });
}

test('Go fixtures pin the rules that matter for Traefik: 64-bit ids, µs → ns, server 4xx unset, 5xx error, kind', () => {
  const t = Traces.fromJSON(readFileSync(`${GOLDEN}traefik.otlp.json`));
  const spans = t.resourceSpans[0]!.scopeSpans[0]!.spans;
  const byId = new Map(spans.map((s) => [Buffer.from(s.spanId, 'latin1').readBigUInt64BE(), s]));
  assert.equal(Buffer.from(byId.get(0x11n)!.traceId, 'latin1').subarray(0, 8).readBigUInt64BE(), 0n);
  assert.equal(byId.get(0x11n)!.startTimeUnixNano, (1_764_000_000_000_000n + 0x11n * 1000n) * 1000n);
  assert.equal(byId.get(0x21n)!.status.code, 0);
  assert.equal(byId.get(0x22n)!.status.code, 2);
  assert.equal(byId.get(0x23n)!.status.code, 2);
  assert.equal(byId.get(0x24n)!.status.message, 'Bad Gateway');
  assert.equal(byId.get(0x13n)!.kind, 3);
});
