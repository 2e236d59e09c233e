// POST /loki/api/v1/push over a real socket: promtail-shaped snappy protobuf and JSON bodies,
// Content-Encodings, the translation Go's receiver does, and every kind of bad input and
// pipeline refusal with the status and message a client sees — without disturbing other requests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import * as snappyjs from 'snappyjs';
import { ConsumerError } from '../../../core/consumer.js';
import { rawRequest } from '../../../testing/http.js';
import { encodePushProto, jsonBody, promtailBody, type TestStream } from '../../../shared/codec/loki/testkit.js';
import { records, startLoki } from './testkit.js';

const PROTO = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const T0 = 1_733_140_800_000_000_000n;

// What promtail sends for the seed's journal scrape (seed-setup.md §1.8): its static labels plus
// `unit` from relabelling __journal__systemd_unit; a __-prefixed label never leaves promtail, but
// one sent anyway must be dropped.
const PROMTAIL: TestStream[] = [
  {
    labels: '{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}',
    entries: [
      { ns: T0, line: 'Accepted publickey for root from 192.168.3.7 port 50022 ssh2: ED25519 SHA256:abc' },
      { ns: T0 + 1_000n, line: 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)' },
    ],
  },
  {
    labels: '{__journal__hostname="pve", unit="docker.service", job="systemd-journal", host="pve", tool="promtail"}',
    entries: [{ ns: T0 + 2_000n, line: 'time="2024-12-02T12:00:00Z" level=info msg="ignoring event" module=libcontainerd' }],
  },
];

test('a promtail request: 204, one record per entry, labels → string attributes, receive time', async () => {
  const r = await startLoki();
  try {
    const before = BigInt(Date.now()) * 1_000_000n;
    const res = await rawRequest(r.pushUrl, { headers: PROTO, body: promtailBody(PROMTAIL) });
    const after = BigInt(Date.now()) * 1_000_000n;
    assert.equal(res.status, 204, res.body.toString());
    assert.equal(res.body.length, 0);
    const got = records(r.sink);
    assert.equal(r.sink.payloads.length, 1);
    assert.deepEqual(
      got.map((g) => [g.body, g.attributes]),
      [
        [PROMTAIL[0]!.entries[0]!.line, { host: 'pve', job: 'systemd-journal', tool: 'promtail', unit: 'sshd.service' }],
        [PROMTAIL[0]!.entries[1]!.line, { host: 'pve', job: 'systemd-journal', tool: 'promtail', unit: 'sshd.service' }],
        [PROMTAIL[1]!.entries[0]!.line, { host: 'pve', job: 'systemd-journal', tool: 'promtail', unit: 'docker.service' }],
      ],
    );
    // Attributes come sorted by name, whatever order the labels were written in.
    assert.deepEqual(Object.keys(got[2]!.attributes), ['host', 'job', 'tool', 'unit']);
    for (const g of got) {
      assert.ok(g.timeUnixNano >= before && g.timeUnixNano <= after, 'Timestamp is the receive time');
      assert.equal(g.observedTimeUnixNano, g.timeUnixNano);
    }
    assert.match(r.metricsText(), /otelcol_receiver_accepted_log_records\{[^}]*transport="http"[^}]*\} 3/);
  } finally {
    await r.stop();
  }
});

test('use_incoming_timestamp keeps entry timestamps; an entry without one gets the receive time', async () => {
  const r = await startLoki({ use_incoming_timestamp: true });
  try {
    const streams: TestStream[] = [{ labels: '{a="b"}', entries: [{ ns: T0 + 123n, line: 'with' }, { line: 'without' }, { ns: 0n, line: 'epoch' }] }];
    assert.equal((await rawRequest(r.pushUrl, { headers: PROTO, body: promtailBody(streams) })).status, 204);
    const [withTs, withoutTs, epoch] = records(r.sink);
    assert.equal(withTs!.timeUnixNano, T0 + 123n);
    assert.ok(withTs!.observedTimeUnixNano > T0 + 123n);
    assert.equal(withoutTs!.timeUnixNano, withoutTs!.observedTimeUnixNano);
    assert.equal(epoch!.timeUnixNano, 0n);
  } finally {
    await r.stop();
  }
});

test('JSON bodies, structured metadata, and gzip / deflate / snappy Content-Encodings', async () => {
  const r = await startLoki({ use_incoming_timestamp: true });
  try {
    const json = jsonBody([
      {
        stream: { level: 'info', job: 'app', __internal: 'x' },
        entries: [
          { ns: T0, line: 'plain' },
          { ns: T0 + 1n, line: 'with metadata', metadata: { trace_id: '0af7651916cd43dd8448eb211c80319c', job: 'not-a-label' } },
        ],
      },
    ]);
    const proto = encodePushProto([{ labels: '{level="warn"}', entries: [{ ns: T0 + 2n, line: 'proto', metadata: { user: 'u1' } }] }]);
    const sends: Array<[Record<string, string>, Buffer | string]> = [
      [JSON_TYPE, json],
      [{ ...JSON_TYPE, 'Content-Encoding': 'gzip' }, zlib.gzipSync(json)],
      [{ 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'deflate' }, zlib.deflateSync(json)],
      [PROTO, Buffer.from(snappyjs.compress(proto))],
      [{ ...PROTO, 'Content-Encoding': 'gzip' }, zlib.gzipSync(Buffer.from(snappyjs.compress(proto)))],
      // Go reads `Content-Encoding: snappy` as the protobuf's own compression, applied once.
      [{ ...PROTO, 'Content-Encoding': 'snappy' }, Buffer.from(snappyjs.compress(proto))],
    ];
    for (const [headers, body] of sends) {
      const res = await rawRequest(r.pushUrl, { headers, body });
      assert.equal(res.status, 204, `${JSON.stringify(headers)}: ${res.body.toString()}`);
    }
    const got = records(r.sink);
    assert.equal(got.length, 3 * 2 + 3);
    assert.deepEqual(got[0], {
      body: 'plain',
      attributes: { job: 'app', level: 'info' },
      timeUnixNano: T0,
      observedTimeUnixNano: got[0]!.observedTimeUnixNano,
    });
    // Structured metadata follows the labels; a stream label wins a name clash.
    assert.deepEqual(got[1]!.attributes, { job: 'app', level: 'info', trace_id: '0af7651916cd43dd8448eb211c80319c' });
    for (const g of got.slice(6)) assert.deepEqual([g.body, g.attributes, g.timeUnixNano], ['proto', { level: 'warn', user: 'u1' }, T0 + 2n]);
  } finally {
    await r.stop();
  }
});

test('bad input gets 400/405/413/415 naming the problem; nothing reaches the pipeline; good requests still pass', async () => {
  const r = await startLoki({ http: { max_request_body_size: 64 * 1024 } });
  try {
    const good = promtailBody(PROMTAIL);
    const truncated = Buffer.from(snappyjs.compress(encodePushProto(PROMTAIL).subarray(0, 40)));
    const badLabels = promtailBody([{ labels: '{job="x", unit=sshd}', entries: [{ ns: T0, line: 'l' }] }]);
    const huge = Buffer.from(snappyjs.compress(Buffer.alloc(200 * 1024, 0x0a)));
    const cases: Array<{ headers: Record<string, string>; body: Buffer | string; method?: string; status: number; message: RegExp }> = [
      { headers: PROTO, body: Buffer.from('this is not snappy at all'), status: 400, message: /^invalid snappy-compressed body: snappy: / },
      { headers: PROTO, body: truncated, status: 400, message: /^invalid protobuf PushRequest: .*runs past the end.*at byte \d+/ },
      {
        headers: PROTO,
        body: badLabels,
        status: 400,
        message:
          /^stream 0: invalid labels "\{job=\\"x\\", unit=sshd\}": 1:16: parse error: unexpected identifier "sshd" in label set, expected string$/,
      },
      {
        headers: JSON_TYPE,
        body: '{"streams":[{"stream":{"a":1},"values":[]}]}',
        status: 400,
        message: /^streams\[0\]\.stream: the value of "a" must be a string, got number$/,
      },
      { headers: JSON_TYPE, body: '{"streams":', status: 400, message: /^invalid JSON push request: / },
      {
        headers: { 'Content-Type': 'text/plain' },
        body: good,
        status: 415,
        message: /^415 unsupported media type, supported: \[application\/json, application\/x-protobuf\]$/,
      },
      { headers: {}, body: good, status: 415, message: /^415 unsupported media type/ },
      { headers: PROTO, body: good, method: 'PUT', status: 405, message: /^405 method not allowed, supported: \[POST\]$/ },
      { headers: { ...PROTO, 'Content-Encoding': 'br' }, body: good, status: 400, message: /^unsupported Content-Encoding: br$/ },
      { headers: { ...PROTO, 'Content-Encoding': 'gzip' }, body: good, status: 400, message: /^gzip: / },
      { headers: PROTO, body: Buffer.alloc(100 * 1024), status: 413, message: /^http: request body too large$/ },
      // Under the limit on the wire, over it once snappy-decoded.
      { headers: PROTO, body: huge, status: 413, message: /^http: request body too large$/ },
    ];
    for (const c of cases) {
      const res = await rawRequest(r.pushUrl, { method: c.method ?? 'POST', headers: c.headers, body: c.body });
      assert.equal(res.status, c.status, `${c.message}: got ${res.status} ${res.body.toString()}`);
      assert.match(res.body.toString().trimEnd(), c.message);
    }
    assert.equal(r.sink.payloads.length, 0);
    assert.equal((await rawRequest(`${r.base}/loki/api/v1/other`, { headers: PROTO, body: good })).status, 404);
    // Bad and good requests interleaved on parallel connections: every good one lands.
    const mixed = await Promise.all(Array.from({ length: 20 }, (_, i) => rawRequest(r.pushUrl, { headers: PROTO, body: i % 2 ? good : badLabels })));
    assert.deepEqual(
      mixed.map((m) => m.status),
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 204 : 400)),
    );
    assert.equal(r.sink.itemCount(), 10 * 3);
    assert.ok(r.lines.some((l) => l.msg === 'at least one entry in the push request failed to process'));
  } finally {
    await r.stop();
  }
});

test('pipeline refusals: throttled → 429 + Retry-After, retryable → 503, permanent → 400; counted as refused', async () => {
  const r = await startLoki();
  try {
    const body = promtailBody(PROMTAIL);
    const cases: Array<[ConsumerError | Error, number, string | undefined]> = [
      [ConsumerError.throttled('memory limit reached', 2_500), 429, '3'],
      [ConsumerError.retryable('sending queue is full'), 503, undefined],
      [ConsumerError.retryable('backend busy', 1_000), 503, '1'],
      [ConsumerError.permanent('bad data'), 400, undefined],
      [new Error('something broke'), 503, undefined],
    ];
    for (const [err, status, retryAfter] of cases) {
      r.sink.refuseWith = err;
      const res = await rawRequest(r.pushUrl, { headers: PROTO, body });
      assert.equal(res.status, status, err.message);
      assert.equal(res.body.toString(), `${err.message}\n`);
      assert.equal(res.headers['retry-after'], retryAfter);
    }
    r.sink.refuseWith = undefined;
    assert.equal((await rawRequest(r.pushUrl, { headers: PROTO, body })).status, 204);
    const text = r.metricsText();
    assert.match(text, /otelcol_receiver_refused_log_records\{[^}]*transport="http"[^}]*\} 15/);
    assert.match(text, /otelcol_receiver_accepted_log_records\{[^}]*transport="http"[^}]*\} 3/);
  } finally {
    await r.stop();
  }
});

test('an empty request is accepted without touching the pipeline', async () => {
  const r = await startLoki();
  try {
    r.sink.refuseWith = ConsumerError.retryable('would refuse');
    for (const [headers, body] of [
      [PROTO, promtailBody([])],
      [PROTO, promtailBody([{ labels: '{a="b"}', entries: [] }])],
      [JSON_TYPE, '{"streams":[]}'],
    ] as const) {
      assert.equal((await rawRequest(r.pushUrl, { headers, body })).status, 204);
    }
  } finally {
    await r.stop();
  }
});
