// grpc (jaeger.api_v2.CollectorService/PostSpans) with a real @grpc/grpc-js client and requests
// encoded by protobufjs from api_v2.proto; the translation against Go's output for the same bytes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConsumerError } from '../../../core/consumer.js';
import { decodeRpcStatus, PdataDecodeError, retryDelayMs, Traces } from '../../../pdata/index.js';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { decodePostSpansRequest } from '../../../shared/codec/jaeger/model-proto.js';
import { GOLDEN_PROTO_REQUESTS } from './golden-inputs.js';
import { encodePostSpans, postSpans, startJaeger, type JaegerUnderTest } from './testkit.js';
import { protoBatchToTraces } from './translate-proto.js';

const GOLDEN = fileURLToPath(new URL('../../../../src/components/receivers/jaeger/testdata/golden/', import.meta.url));

/** OTLP JSON with resources in service.name order: Go groups processes through a map, so its order is random. */
function canonical(t: Traces): unknown {
  const j = JSON.parse(t.toJSON()) as {
    resourceSpans: Array<{ resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> } }>;
  };
  const name = (rs: (typeof j.resourceSpans)[number]) => rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
  j.resourceSpans.sort((a, b) => name(a).localeCompare(name(b)));
  return j;
}

let rx: JaegerUnderTest;
before(async () => {
  rx = await startJaeger({ grpc: {} });
});
after(() => rx.stop());

for (const name of Object.keys(GOLDEN_PROTO_REQUESTS)) {
  test(`golden ${name}: PostSpansRequest translates as Go does`, () => {
    const bytes = readFileSync(`${GOLDEN}${name}.postspans.pb`);
    assert.deepEqual(bytes, encodePostSpans(GOLDEN_PROTO_REQUESTS[name]!), 'the committed request is what golden-inputs.ts encodes to');
    const ours = protoBatchToTraces(decodePostSpansRequest(bytes));
    assert.deepStrictEqual(canonical(ours), canonical(Traces.fromJSON(readFileSync(`${GOLDEN}${name}.otlp.json`))));
  });
}

test('@grpc/grpc-js client: PostSpans is answered and the spans reach the pipeline, counted under grpc', async () => {
  const n = rx.sink.itemCount();
  const res = await postSpans(rx.receiver.addresses.grpc!, encodePostSpans(GOLDEN_PROTO_REQUESTS.proto_rules!));
  assert.equal(res.length, 0, 'an empty PostSpansResponse');
  assert.equal(rx.sink.itemCount(), n + 4);
  const got = rx.sink.payloads.at(-1) as Traces;
  assert.deepStrictEqual(canonical(got), canonical(Traces.fromJSON(readFileSync(`${GOLDEN}proto_rules.otlp.json`))));
  assert.match(rx.metricsText(), /otelcol_receiver_accepted_spans\{[^}]*transport="grpc"[^}]*\} 4/);
});

test('malformed requests are INTERNAL (grpc-go unmarshalling error) and reach nothing', async () => {
  const n = rx.sink.payloads.length;
  const badSpanId = encodePostSpans({ batch: { spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(5, 1), operationName: 'x' }] } });
  await assert.rejects(postSpans(rx.receiver.addresses.grpc!, badSpanId), (err: { code: number; details: string }) => {
    assert.equal(err.code, 13);
    assert.match(err.details, /^grpc: error unmarshalling request: invalid length for SpanID \(5 bytes\)/);
    return true;
  });
  await assert.rejects(postSpans(rx.receiver.addresses.grpc!, Buffer.from([0x0a, 0xff, 0xff, 0x03])), (err: { code: number }) => err.code === 13);
  assert.equal(rx.sink.payloads.length, n);
});

test('a refusing pipeline: RESOURCE_EXHAUSTED when throttled, UNAVAILABLE when retryable', async () => {
  const body = encodePostSpans(GOLDEN_PROTO_REQUESTS.proto_rules!);
  try {
    rx.sink.refuseWith = ConsumerError.throttled('slow down');
    await assert.rejects(
      postSpans(rx.receiver.addresses.grpc!, body),
      (err: { code: number; details: string }) => err.code === 8 && err.details === 'slow down',
    );
    rx.sink.refuseWith = ConsumerError.retryable('queue full');
    await assert.rejects(postSpans(rx.receiver.addresses.grpc!, body), (err: { code: number }) => err.code === 14);
  } finally {
    rx.sink.refuseWith = undefined;
  }
});

test('a refusing pipeline: INTERNAL when permanent; a known delay travels as RetryInfo; refused spans counted', async () => {
  const body = encodePostSpans(GOLDEN_PROTO_REQUESTS.proto_rules!);
  const refusedBefore = Number(/otelcol_receiver_refused_spans\{[^}]*transport="grpc"[^}]*\} (\d+)/.exec(rx.metricsText())?.[1] ?? 0);
  try {
    rx.sink.refuseWith = ConsumerError.permanent('bad data');
    await assert.rejects(
      postSpans(rx.receiver.addresses.grpc!, body),
      (err: { code: number; details: string }) => err.code === 13 && err.details === 'bad data',
    );
    rx.sink.refuseWith = ConsumerError.throttled('memory limit', 1500);
    const err = await postSpans(rx.receiver.addresses.grpc!, body).then(
      () => assert.fail('the throttled request was accepted'),
      (e: { code: number; metadata: { get(k: string): Array<string | Buffer> } }) => e,
    );
    assert.equal(err.code, 8);
    const [details] = err.metadata.get('grpc-status-details-bin');
    assert.ok(Buffer.isBuffer(details), 'grpc-status-details-bin is present');
    const status = decodeRpcStatus(details);
    assert.equal(status.code, 8);
    assert.equal(retryDelayMs(status), 1500);
  } finally {
    rx.sink.refuseWith = undefined;
  }
  const refusedAfter = Number(/otelcol_receiver_refused_spans\{[^}]*transport="grpc"[^}]*\} (\d+)/.exec(rx.metricsText())?.[1] ?? 0);
  assert.equal(refusedAfter - refusedBefore, 8, 'two refused requests of 4 spans');
});

test('fuzz: mutated PostSpansRequests only ever raise PdataDecodeError', () => {
  const seed = encodePostSpans(GOLDEN_PROTO_REQUESTS.proto_rules!);
  const report = fuzzDecoder({
    name: 'PostSpansRequest',
    seeds: [seed],
    decode: (b) => protoBatchToTraces(decodePostSpansRequest(Buffer.from(b))),
    expected: (err) => err instanceof PdataDecodeError,
    iterations: 2000,
    timeMs: 1500,
  });
  assert.ok(report.rejected > 0);
});
