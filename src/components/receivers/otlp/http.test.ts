// OTLP/HTTP status codes and bodies for bad input, refusals and edge cases (Go's otlphttp.go).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import zlib from 'node:zlib';
import { decodeRpcStatus, retryDelayMs, Traces } from '../../../pdata/index.js';
import { ConsumerError } from '../../../core/consumer.js';
import { rawRequest } from '../../../testing/http.js';
import { startReceiver } from '../../../testing/otlp-receiver.js';

const PB = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };
const SPAN_JSON = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'a',
              kind: 2,
              startTimeUnixNano: '1',
              endTimeUnixNano: '2',
            },
          ],
        },
      ],
    },
  ],
});
const SPAN_PROTO = Traces.fromJSON(SPAN_JSON).toProto();

test('bad bodies: garbage and truncated protobuf, invalid JSON, bad gzip → 400 with a Status in the request encoding', async () => {
  const r = await startReceiver();
  const url = `http://${r.http}/v1/traces`;
  try {
    for (const body of [Buffer.from([0xff, 0xff, 0xff, 0xff]), SPAN_PROTO.subarray(0, SPAN_PROTO.length - 3)]) {
      const res = await rawRequest(url, { headers: PB, body });
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], 'application/x-protobuf');
      const st = decodeRpcStatus(res.body);
      assert.equal(st.code, 3);
      assert.notEqual(st.message, '');
    }
    const json = await rawRequest(url, { headers: JSON_CT, body: '{"resourceSpans": [' });
    assert.equal(json.status, 400);
    assert.equal(json.headers['content-type'], 'application/json');
    const st = JSON.parse(json.body.toString());
    assert.equal(st.code, 3);
    assert.equal(typeof st.message, 'string');
    const badGzip = await rawRequest(url, { headers: { ...PB, 'content-encoding': 'gzip' }, body: 'definitely not gzip' });
    assert.equal(badGzip.status, 400);
    assert.equal(decodeRpcStatus(badGzip.body).code, 3);
    const unknownEnc = await rawRequest(url, { headers: { ...JSON_CT, 'content-encoding': 'br' }, body: SPAN_JSON });
    assert.equal(unknownEnc.status, 400);
    assert.deepEqual(JSON.parse(unknownEnc.body.toString()), { code: 3, message: 'unsupported Content-Encoding: br' });
    assert.equal(r.consumers.traces!.payloads.length, 0);
  } finally {
    await r.stop();
  }
});

test('method, media type and path errors use Go texts', async () => {
  const r = await startReceiver({ signals: ['traces'] });
  try {
    const get = await rawRequest(`http://${r.http}/v1/traces`, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.body.toString(), '405 method not allowed, supported: [POST]');
    const xml = await rawRequest(`http://${r.http}/v1/traces`, { headers: { 'content-type': 'text/xml' }, body: '<a/>' });
    assert.equal(xml.status, 415);
    assert.equal(xml.body.toString(), '415 unsupported media type, supported: [application/json, application/x-protobuf]');
    const noPipeline = await rawRequest(`http://${r.http}/v1/logs`, { headers: JSON_CT, body: '{}' });
    assert.equal(noPipeline.status, 404);
    // Go's JSON leniency: snake_case keys and enum names.
    const snake = JSON.stringify({
      resource_spans: [
        {
          scope_spans: [
            { spans: [{ trace_id: '5b8efff798038103d269b633813fc60c', span_id: 'eee19b7ec3c1b174', name: 'b', kind: 'SPAN_KIND_CLIENT' }] },
          ],
        },
      ],
    });
    const lenient = await rawRequest(`http://${r.http}/v1/traces`, { headers: JSON_CT, body: snake });
    assert.equal(lenient.status, 200);
    assert.equal((r.consumers.traces!.payloads[0] as Traces).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.kind, 3);
    const params = await rawRequest(`http://${r.http}/v1/traces`, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: SPAN_JSON,
    });
    assert.equal(params.status, 200);
  } finally {
    await r.stop();
  }
});

test('success answers an empty response in the request encoding; empty requests skip the pipeline', async () => {
  const r = await startReceiver({ http: { traces_url_path: 'custom/traces' } });
  const url = `http://${r.http}/custom/traces`;
  try {
    const pb = await rawRequest(url, { headers: PB, body: SPAN_PROTO });
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['content-type'], 'application/x-protobuf');
    assert.equal(pb.body.length, 0);
    const js = await rawRequest(url, { headers: JSON_CT, body: SPAN_JSON });
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'application/json');
    assert.equal(js.body.toString(), '{}');
    assert.equal(r.consumers.traces!.payloads.length, 2);
    // Pass-through: the protobuf request reaches the pipeline as the very bytes sent.
    assert.deepEqual((r.consumers.traces!.payloads[0] as Traces).toProto(), SPAN_PROTO);
    const emptyPb = await rawRequest(url, { headers: PB, body: Buffer.alloc(0) });
    const emptyJs = await rawRequest(url, { headers: JSON_CT, body: '{"resourceSpans":[]}' });
    assert.deepEqual([emptyPb.status, emptyJs.status, emptyJs.body.toString()], [200, 200, '{}']);
    assert.equal(r.consumers.traces!.payloads.length, 2);
  } finally {
    await r.stop();
  }
});

test('oversize bodies get 413, compressed or not', async () => {
  const r = await startReceiver({ http: { max_request_body_size: 2000 } });
  const url = `http://${r.http}/v1/traces`;
  try {
    const plain = await rawRequest(url, { headers: JSON_CT, body: ' '.repeat(5000) + SPAN_JSON });
    assert.equal(plain.status, 413);
    assert.deepEqual(JSON.parse(plain.body.toString()), { code: 2, message: 'http: request body too large' });
    const inflating = zlib.gzipSync(' '.repeat(50_000) + SPAN_JSON);
    const gz = await rawRequest(url, { headers: { ...JSON_CT, 'content-encoding': 'gzip' }, body: inflating });
    assert.equal(gz.status, 413);
    const fits = await rawRequest(url, { headers: { ...JSON_CT, 'content-encoding': 'gzip' }, body: zlib.gzipSync(SPAN_JSON) });
    assert.equal(fits.status, 200);
  } finally {
    await r.stop();
  }
});

test('a client stalled mid-body does not block another client', async () => {
  const r = await startReceiver({ http: { read_timeout: '500ms' } });
  const port = Number(r.http.slice(r.http.lastIndexOf(':') + 1));
  const stalled = net.connect(port, '127.0.0.1');
  stalled.on('error', () => undefined);
  try {
    stalled.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceSp`);
    const ok = await rawRequest(`http://${r.http}/v1/traces`, { headers: JSON_CT, body: SPAN_JSON });
    assert.equal(ok.status, 200);
    assert.equal(r.consumers.traces!.payloads.length, 1);
  } finally {
    stalled.destroy();
    await r.stop();
  }
});

test('pipeline refusals: retryable → 503, throttled → 429 with Retry-After, permanent → 500', async () => {
  const r = await startReceiver();
  const url = `http://${r.http}/v1/traces`;
  const traces = r.consumers.traces!;
  try {
    traces.refuseWith = ConsumerError.retryable('exporter queue is full', 2500);
    const busy = await rawRequest(url, { headers: PB, body: SPAN_PROTO });
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], '3');
    const st = decodeRpcStatus(busy.body);
    assert.deepEqual([st.code, st.message, retryDelayMs(st)], [14, 'exporter queue is full', 2500]);

    traces.refuseWith = ConsumerError.throttled('data refused due to high memory usage', 1000);
    const throttled = await rawRequest(url, { headers: JSON_CT, body: SPAN_JSON });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '1');
    assert.equal(JSON.parse(throttled.body.toString()).code, 8);

    traces.refuseWith = ConsumerError.retryable('downstream unavailable');
    const noDelay = await rawRequest(url, { headers: PB, body: SPAN_PROTO });
    assert.equal(noDelay.status, 503);
    assert.equal(noDelay.headers['retry-after'], undefined);

    traces.refuseWith = ConsumerError.permanent('cannot encode');
    const permanent = await rawRequest(url, { headers: PB, body: SPAN_PROTO });
    assert.equal(permanent.status, 500);
    assert.deepEqual(decodeRpcStatus(permanent.body), { code: 13, message: 'cannot encode', details: [] });

    assert.match(r.metricsText(), /otelcol_receiver_refused_spans\{receiver="otlp",transport="http"\} 4/);
    assert.match(r.metricsText(), /otelcol_receiver_accepted_spans\{receiver="otlp",transport="http"\} 0/);
  } finally {
    await r.stop();
  }
});
