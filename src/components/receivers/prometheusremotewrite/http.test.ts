// The receiver's HTTP contract with requests from our own encoder (Prometheus 2.42 cannot send 2.0):
// status codes and messages for each kind of bad input, refusals, and the 2.0 written headers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumerError } from '../../../core/consumer.js';
import type { Gauge, Sum } from '../../../pdata/index.js';
import { encodeWriteRequestV1, PROTO_V2, SymbolTable, STALE_NAN, type RequestV2, type WriteRequestV1 } from '../../../shared/codec/prompb/index.js';
import { nativeHistogram } from '../../../shared/codec/prompb/testkit.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { attrs, postRaw, postWrite, receivedMetrics, startPrw } from './testkit.js';

const T = Date.now();

const v1 = (extra: Partial<WriteRequestV1['timeseries'][number]>[] = []): WriteRequestV1 => ({
  timeseries: [
    {
      labels: [
        { name: '__name__', value: 'http_requests_total' },
        { name: 'instance', value: 'web:80' },
        { name: 'job', value: 'web' },
        { name: 'method', value: 'GET' },
      ],
      samples: [
        { value: 3, timestamp: T },
        { value: NaN, timestamp: T + 1 },
        { value: Infinity, timestamp: T + 2 },
        { value: STALE_NAN, timestamp: T + 3 },
      ],
      exemplars: [],
      histograms: [],
    },
    ...extra.map((e) => ({ labels: [], samples: [{ value: 1, timestamp: T }], exemplars: [], histograms: [], ...e })),
  ],
  metadata: [{ type: 1, metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }],
});

function v2(): RequestV2 {
  const st = new SymbolTable();
  return {
    symbols: st.symbols,
    timeseries: [
      {
        labelsRefs: st.refs([
          { name: '__name__', value: 'temp_celsius' },
          { name: 'job', value: 'sensors' },
        ]),
        samples: [{ value: 21.5, timestamp: T }],
        histograms: [],
        exemplars: [{ labelsRefs: st.refs([{ name: 'trace_id', value: '0af7651916cd43dd8448eb211c80319c' }]), value: 21.5, timestamp: T }],
        metadata: { type: 2, helpRef: st.ref('Temperature.'), unitRef: st.ref('Cel') },
        createdTimestamp: 0,
      },
      {
        labelsRefs: st.refs([
          { name: '__name__', value: 'lat_seconds' },
          { name: 'job', value: 'sensors' },
        ]),
        samples: [],
        histograms: [nativeHistogram({ timestamp: T })],
        exemplars: [],
        metadata: { type: 3, helpRef: 0, unitRef: 0 },
        createdTimestamp: T - 1000,
      },
    ],
  };
}

test('1.0 by default and with proto=prometheus.WriteRequest: 204, counter typed by metadata, NaN/Inf kept, stale marker dropped and counted', async () => {
  const r = await startPrw();
  try {
    for (const ct of ['application/x-protobuf', 'application/x-protobuf;proto=prometheus.WriteRequest']) {
      const a = await postWrite(r.url, v1(), { 'Content-Type': ct });
      assert.equal(a.status, 204, a.body);
      assert.equal(a.headers.get('x-prometheus-remote-write-samples-written'), null, '1.0 answers carry no 2.0 headers');
    }
    const got = receivedMetrics(r.sink);
    assert.equal(got.length, 2);
    const { rm, metric } = got[0]!;
    assert.deepEqual(attrs(rm.resource.attributes), { 'service.instance.id': 'web:80', 'service.name': 'web' });
    const sum = metric.data as Sum;
    assert.equal(sum.type, 'Sum');
    assert.equal(sum.isMonotonic, true);
    assert.deepEqual(
      sum.dataPoints.map((d) => d.value),
      [3, NaN, Infinity],
    );
    assert.deepEqual(attrs(sum.dataPoints[0]!.attributes), { method: 'GET' });
    assert.match(r.metricsText(), /otelcol_receiver_prometheusremotewrite_dropped_samples(_total)?\{[^}]*reason="stale_marker"[^}]*\} 2/);
    assert.match(r.metricsText(), /otelcol_receiver_accepted_metric_points(_total)?\{[^}]*receiver="prometheusremotewrite"[^}]*\} 6/);
  } finally {
    await r.stop();
  }
});

test('2.0: 204 with the written headers; native histogram, exemplar, unit and help arrive', async () => {
  const r = await startPrw();
  try {
    const a = await postWrite(r.url, v2());
    assert.equal(a.status, 204, a.body);
    assert.equal(a.headers.get('x-prometheus-remote-write-samples-written'), '1');
    assert.equal(a.headers.get('x-prometheus-remote-write-histograms-written'), '1');
    assert.equal(a.headers.get('x-prometheus-remote-write-exemplars-written'), '1');
    const got = receivedMetrics(r.sink);
    const temp = got.find((m) => m.metric.name === 'temp_celsius')!.metric;
    assert.equal(temp.unit, 'Cel');
    assert.equal(temp.description, 'Temperature.');
    assert.equal((temp.data as Gauge).dataPoints[0]!.exemplars.length, 1);
    const lat = got.find((m) => m.metric.name === 'lat_seconds')!.metric;
    assert.equal(lat.data!.type, 'ExponentialHistogram');
  } finally {
    await r.stop();
  }
});

test('415 for another media type or an unknown proto, with the reason', async () => {
  const r = await startPrw();
  try {
    const body = snappyBlockCompress(encodeWriteRequestV1(v1()));
    let a = await postRaw(r.url, body, { 'Content-Type': 'application/json' });
    assert.equal(a.status, 415);
    assert.equal(a.body, 'expected "application/x-protobuf" as the first (media) part, got application/json content-type\n');
    a = await postRaw(r.url, body, { 'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v3.Request' });
    assert.equal(a.status, 415);
    assert.match(
      a.body,
      /unknown remote write protobuf message io\.prometheus\.write\.v3\.Request, supported: prometheus\.WriteRequest, io\.prometheus\.write\.v2\.Request/,
    );
    assert.equal(r.sink.payloads.length, 0);
  } finally {
    await r.stop();
  }
});

test('400 for bad snappy, invalid protobuf, label names out of spec, duplicate labels and broken 2.0 symbol references', async () => {
  const r = await startPrw();
  try {
    let a = await postRaw(r.url, Buffer.from('definitely not snappy'), { 'Content-Type': 'application/x-protobuf' });
    assert.equal(a.status, 400);
    assert.match(a.body, /snappy/);

    a = await postRaw(r.url, snappyBlockCompress(Buffer.from([0x0a, 0x05, 0x0a])), { 'Content-Type': 'application/x-protobuf' });
    assert.equal(a.status, 400);
    assert.match(a.body, /^invalid protobuf prometheus\.WriteRequest: length 5 runs past/);

    a = await postWrite(
      r.url,
      v1([
        {
          labels: [
            { name: '__name__', value: 'x' },
            { name: 'host.name', value: 'a' },
          ],
        },
        {
          labels: [
            { name: '__name__', value: 'y' },
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
        },
      ]),
    );
    assert.equal(a.status, 400);
    assert.equal(
      a.body,
      'invalid label name "host.name" (series {__name__="x", host.name="a"})\nduplicate label "a" in labels (series {__name__="y", a="1", a="2"})\n',
    );
    // The valid series of that request were written.
    assert.equal(receivedMetrics(r.sink).at(-1)!.metric.name, 'http_requests_total');

    const broken = v2();
    broken.timeseries[0]!.labelsRefs = [1, 1000];
    a = await postWrite(r.url, broken);
    assert.equal(a.status, 400);
    assert.match(a.body, /labels_refs references symbol 1000, but the symbol table has \d+ entries/);
    assert.equal(a.headers.get('x-prometheus-remote-write-histograms-written'), '1', 'the valid histogram series was written');

    a = await postRaw(r.url, snappyBlockCompress(Buffer.from([0x2a, 0x02, 0x08])), {
      'Content-Type': `application/x-protobuf;proto=${PROTO_V2}`,
      'Content-Encoding': 'snappy',
    });
    assert.equal(a.status, 400);
    assert.match(a.body, /^invalid protobuf io\.prometheus\.write\.v2\.Request/);
    assert.equal(a.headers.get('x-prometheus-remote-write-samples-written'), '0');
  } finally {
    await r.stop();
  }
});

test('pipeline refusals: retryable → 503, throttled → 429 with Retry-After (Prometheus retries), permanent → 400', async () => {
  const r = await startPrw();
  try {
    r.sink.refuseWith = ConsumerError.retryable('queue is full');
    let a = await postWrite(r.url, v1());
    assert.equal(a.status, 503);
    assert.match(a.body, /queue is full/);
    r.sink.refuseWith = ConsumerError.throttled('slow down', 2000);
    a = await postWrite(r.url, v2());
    assert.equal(a.status, 429);
    assert.equal(a.headers.get('retry-after'), '2');
    assert.equal(a.headers.get('x-prometheus-remote-write-samples-written'), '0');
    r.sink.refuseWith = ConsumerError.permanent('bad data');
    a = await postWrite(r.url, v1());
    assert.equal(a.status, 400);
  } finally {
    await r.stop();
  }
});

test('413 past max_request_body_size, on the snappy-decoded size too', async () => {
  const r = await startPrw({ max_request_body_size: 1000 });
  try {
    const big = v1();
    big.timeseries[0]!.labels.push({ name: 'pad', value: 'x'.repeat(5000) });
    const a = await postWrite(r.url, big);
    assert.equal(a.status, 413);
  } finally {
    await r.stop();
  }
});
