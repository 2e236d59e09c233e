// thrift_http with the real npm jaeger-client (its HTTP sender, Traefik-like setup), Go's answers
// to bad requests, and refusals from the pipeline.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConsumerError } from '../../../core/consumer.js';
import { getAttribute, idToHex, SpanKind, StatusCode } from '../../../pdata/index.js';
import { encodeBatchBinary, span, tag } from '../../../shared/codec/jaeger/thrift-encode.js';
import { BinaryWriter } from '../../../shared/codec/thrift/writer.js';
import { TType } from '../../../shared/codec/thrift/types.js';
import { rawRequest } from '../../../testing/http.js';
import { closeTracer, receivedSpans, startJaeger, traefikLikeTracer, type JaegerUnderTest } from './testkit.js';

let rx: JaegerUnderTest;
before(async () => {
  rx = await startJaeger({ thrift_http: { max_request_body_size: 64 * 1024 } });
});
after(() => rx.stop());

const BATCH = {
  process: { serviceName: 'svc', tags: undefined },
  spans: [span({ traceIdLow: 9n, spanId: 1n, operationName: 'op', startTime: 5n, duration: 1n })],
};

function post(body: Uint8Array, contentType: string | null = 'application/x-thrift', path = '/api/traces?format=jaeger.thrift') {
  const url = rx.url.replace('/api/traces', path);
  return rawRequest(url, { body, headers: contentType === null ? {} : { 'Content-Type': contentType } });
}

test('jaeger-client (npm) HTTP sender, set up like Traefik v2: spans arrive translated', async () => {
  const before = rx.sink.payloads.length;
  const tracer = traefikLikeTracer({ collectorEndpoint: rx.url });
  const root = tracer.startSpan('entrypoint web');
  root.setTag('span.kind', 'server');
  root.setTag('http.method', 'GET');
  root.setTag('http.status_code', 502);
  root.setTag('error', true);
  root.log({ event: 'error', message: 'connection refused' });
  const child = tracer.startSpan('forward backend', { childOf: root.context() });
  child.setTag('span.kind', 'client');
  child.finish();
  root.finish();
  await closeTracer(tracer);
  await rx.sink.waitForItems(2);
  const spans = receivedSpans(rx.sink).slice(0);
  assert.ok(rx.sink.payloads.length > before);
  const server = spans.find((s) => s.span.name === 'entrypoint web')!;
  const client = spans.find((s) => s.span.name === 'forward backend')!;
  assert.equal(server.resource['service.name'], 'traefik');
  assert.match(String(server.resource['client-uuid']), /^[0-9a-f-]{36}$/);
  assert.ok(typeof server.resource['host.name'] === 'string', 'the client hostname tag became host.name');
  assert.equal(server.resource['hostname'], undefined);
  assert.match(String(server.resource['opencensus.exporterversion']), /^Jaeger-Node-/);
  // 64-bit trace ids: the high half is zero.
  assert.match(idToHex(server.span.traceId), /^0{16}[0-9a-f]{16}$/);
  assert.notEqual(idToHex(server.span.traceId), '0'.repeat(32));
  assert.equal(client.span.traceId, server.span.traceId);
  assert.equal(client.span.parentSpanId, server.span.spanId);
  assert.equal(server.span.kind, SpanKind.SERVER);
  assert.equal(client.span.kind, SpanKind.CLIENT);
  assert.equal(server.span.status.code, StatusCode.ERROR);
  assert.equal(getAttribute(server.span.attributes, 'span.kind'), undefined);
  assert.equal(getAttribute(server.span.attributes, 'error'), undefined);
  assert.equal(getAttribute(server.span.attributes, 'http.method'), 'GET');
  // jaeger-client-node sends every number as a DOUBLE tag.
  assert.equal(getAttribute(server.span.attributes, 'http.status_code'), 502);
  assert.equal(server.span.events.length, 1);
  assert.equal(server.span.events[0]!.name, 'error');
  assert.equal(getAttribute(server.span.events[0]!.attributes, 'message'), 'connection refused');
  assert.ok(server.span.endTimeUnixNano >= server.span.startTimeUnixNano);
  assert.ok(server.span.startTimeUnixNano > 1_600_000_000_000_000_000n, 'µs became ns');
  assert.match(rx.metricsText(), /otelcol_receiver_accepted_spans\{[^}]*transport="collector_http"[^}]*\} [1-9]/);
});

test('both thrift media types are accepted, with parameters, in any case; 202 with an empty body', async () => {
  for (const ct of ['application/x-thrift', 'application/vnd.apache.thrift.binary', 'Application/X-Thrift; charset=binary']) {
    const res = await post(encodeBatchBinary(BATCH), ct);
    assert.equal(res.status, 202, ct);
    assert.equal(res.body.length, 0);
  }
});

test('bad content type, bad body, wrong method and path: Go statuses and messages', async () => {
  let res = await post(encodeBatchBinary(BATCH), 'application/json');
  assert.equal(res.status, 400);
  assert.equal(res.body.toString(), 'Unsupported content type: application/json\n');
  res = await post(encodeBatchBinary(BATCH), null);
  assert.equal(res.status, 400);
  assert.equal(res.body.toString(), 'Cannot parse content type: mime: no media type\n');

  const good = encodeBatchBinary(BATCH);
  res = await post(good.subarray(0, good.length - 3));
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /^Unable to process request body: thrift binary: truncated/);

  const lying = new BinaryWriter();
  lying.writeFieldBegin(TType.STRUCT, 1);
  lying.writeFieldBegin(TType.STRING, 1);
  lying.writeString('svc');
  lying.writeFieldStop();
  lying.writeFieldBegin(TType.LIST, 2);
  lying.writeListBegin(TType.STRUCT, 1_000_000_000);
  res = await post(lying.finish());
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /list of 1000000000 elements cannot fit/);

  const wrongType = new BinaryWriter();
  wrongType.writeFieldBegin(TType.STRING, 1); // process must be a struct
  wrongType.writeString('svc');
  wrongType.writeFieldBegin(TType.LIST, 2);
  wrongType.writeListBegin(TType.STRUCT, 0);
  wrongType.writeFieldStop();
  res = await post(wrongType.finish());
  assert.equal(res.status, 400);
  assert.equal(res.body.toString(), 'Unable to process request body: jaeger.Batch: required field process is not set\n');

  res = await post(Buffer.alloc(100 * 1024));
  assert.equal(res.status, 413);

  res = await rawRequest(rx.url, { method: 'GET' });
  assert.equal(res.status, 405);
  res = await post(encodeBatchBinary(BATCH), 'application/x-thrift', '/api/other');
  assert.equal(res.status, 404);

  // Nothing above reached the pipeline, and the receiver still works.
  const n = rx.sink.itemCount();
  assert.equal((await post(encodeBatchBinary(BATCH))).status, 202);
  assert.equal(rx.sink.itemCount(), n + 1);
});

test('a refusing pipeline: 429 throttled (Retry-After), 503 retryable, 500 permanent; counted as refused', async () => {
  const body = encodeBatchBinary({ process: { serviceName: 'svc', tags: [tag('a', 'b')] }, spans: BATCH.spans });
  try {
    rx.sink.refuseWith = ConsumerError.throttled('memory limit', 2500);
    let res = await post(body);
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '3');
    assert.equal(res.body.toString(), 'Cannot submit Jaeger batch: memory limit\n');
    rx.sink.refuseWith = ConsumerError.retryable('queue full');
    res = await post(body);
    assert.equal(res.status, 503);
    rx.sink.refuseWith = ConsumerError.permanent('bad data');
    res = await post(body);
    assert.equal(res.status, 500);
    assert.equal(res.body.toString(), 'Cannot submit Jaeger batch: bad data\n');
  } finally {
    rx.sink.refuseWith = undefined;
  }
  assert.match(rx.metricsText(), /otelcol_receiver_refused_spans\{[^}]*transport="collector_http"[^}]*\} 3/);
});
