import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePushRequest, NO_TIMESTAMP } from './push-decode.js';
import { decodePushJson } from './push-json.js';
import { LokiDecodeError } from './push-model.js';
import { encodePushProto, jsonBody, PushRequestType } from './testkit.js';

const T0 = 1_733_140_800_123_456_789n;

test('a promtail-shaped PushRequest (encoded by protobufjs) decodes to its streams', () => {
  const bytes = encodePushProto([
    {
      labels: '{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}',
      entries: [
        { ns: T0, line: 'Accepted publickey for root from 192.168.3.7 port 50022 ssh2' },
        { ns: T0 + 1n, line: 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)' },
      ],
    },
    { labels: '{unit="docker.service"}', entries: [{ ns: T0 + 2n, line: 'ünïcödé ✓', metadata: { trace_id: 'abc', pod: 'p-1' } }] },
    { labels: '{empty="stream"}', entries: [] },
  ]);
  const streams = decodePushRequest(bytes);
  assert.equal(streams.length, 3);
  assert.equal(streams[0]!.labels, '{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}');
  assert.deepEqual(
    streams[0]!.entries.map((e) => [e.timestampNs, e.line, e.structuredMetadata]),
    [
      [T0, 'Accepted publickey for root from 192.168.3.7 port 50022 ssh2', []],
      [T0 + 1n, 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)', []],
    ],
  );
  assert.deepEqual(streams[1]!.entries[0], {
    timestampNs: T0 + 2n,
    line: 'ünïcödé ✓',
    structuredMetadata: [
      { name: 'trace_id', value: 'abc' },
      { name: 'pod', value: 'p-1' },
    ],
  });
  assert.deepEqual(streams[2]!.entries, []);
});

test('timestamps: absent or Go zero time → NO_TIMESTAMP; epoch, negative and far-future values kept', () => {
  const zero = PushRequestType.encode(
    PushRequestType.fromObject({ streams: [{ labels: '{}', entries: [{ timestamp: { seconds: -62135596800, nanos: 0 }, line: 'z' }] }] }),
  ).finish();
  assert.equal(decodePushRequest(zero)[0]!.entries[0]!.timestampNs, NO_TIMESTAMP);
  const s = decodePushRequest(
    encodePushProto([
      {
        labels: '{}',
        entries: [
          { line: 'none' },
          { ns: 0n, line: 'epoch' },
          { ns: -1_500_000_000n, line: 'neg' },
          { ns: 4_102_444_800_000_000_000n, line: '2100' },
        ],
      },
    ]),
  )[0]!;
  assert.deepEqual(
    s.entries.map((e) => e.timestampNs),
    [NO_TIMESTAMP, 0n, -1_500_000_000n, 4_102_444_800_000_000_000n],
  );
});

test('unknown fields (hash, parsed, future) are skipped', () => {
  const msg = PushRequestType.fromObject({
    streams: [{ labels: '{a="b"}', hash: 12345, entries: [{ line: 'x', parsed: [{ name: 'p', value: 'q' }] }] }],
  });
  const extra = Buffer.from([0xf8, 0x07, 0x01]); // field 127, varint 1
  const streams = decodePushRequest(Buffer.concat([Buffer.from(PushRequestType.encode(msg).finish()), extra]));
  assert.equal(streams[0]!.labels, '{a="b"}');
  assert.deepEqual(streams[0]!.entries[0]!.structuredMetadata, []);
});

test('malformed protobuf is a LokiDecodeError naming the problem and offset', () => {
  const good = encodePushProto([{ labels: '{a="b"}', entries: [{ ns: T0, line: 'hello world' }] }]);
  const cases: Array<[Buffer, RegExp]> = [
    [good.subarray(0, good.length - 3), /^invalid protobuf PushRequest: length \d+ runs past the end of the enclosing message .*at byte \d+/],
    [Buffer.from([0x0a, 0x80]), /truncated varint/],
    [Buffer.from([0x08, 0x01]), /PushRequest field 1 has wire type varint, which does not match its declared type/],
    [Buffer.from([0x0b]), /PushRequest field 1 has wire type start-group/],
    [Buffer.from([0x13]), /unsupported wire type start-group \(field 2 of PushRequest\)/],
    [Buffer.from([0x00]), /invalid field number 0 in PushRequest/],
    [Buffer.from('{"streams":[]}'), /^invalid protobuf PushRequest: /],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(
      () => decodePushRequest(bytes),
      (e: unknown) => e instanceof LokiDecodeError && re.test(e.message),
      String(re),
    );
  }
  assert.deepEqual(decodePushRequest(Buffer.alloc(0)), []);
});

test('JSON push: the winston-loki / pino-loki shape, with and without structured metadata', () => {
  const streams = decodePushJson(
    jsonBody([
      {
        stream: { level: 'info', job: 'app' },
        entries: [
          { ns: T0, line: 'plain' },
          { ns: T0 + 5n, line: 'with meta', metadata: { user: 'u1' } },
        ],
      },
    ]),
  );
  assert.equal(streams.length, 1);
  assert.equal(streams[0]!.labels, '{job="app", level="info"}');
  assert.deepEqual(streams[0]!.parsedLabels, [
    { name: 'level', value: 'info' },
    { name: 'job', value: 'app' },
  ]);
  assert.deepEqual(streams[0]!.entries, [
    { timestampNs: T0, line: 'plain', structuredMetadata: [] },
    { timestampNs: T0 + 5n, line: 'with meta', structuredMetadata: [{ name: 'user', value: 'u1' }] },
  ]);
  assert.deepEqual(
    decodePushJson('{"streams":[null,{"stream":{},"values":null},{"values":[null]}]}').map((s) => s.entries.length),
    [0, 0],
  );
  assert.deepEqual(decodePushJson('{}'), []);
});

test('JSON push: wrong shapes are refused with where and what', () => {
  const cases: Array<[string, string]> = [
    ['not json', 'invalid JSON push request: Unexpected token'],
    ['[]', 'a JSON push request must be an object with "streams", got array'],
    ['{"streams":{}}', '"streams" must be an array, got object'],
    ['{"streams":[1]}', 'streams[0] must be an object, got number'],
    ['{"streams":[{"stream":{"a":1}}]}', 'streams[0].stream: the value of "a" must be a string, got number'],
    ['{"streams":[{"stream":[]}]}', 'streams[0].stream must be an object of strings, got array'],
    ['{"streams":[{"values":{}}]}', 'streams[0].values must be an array, got object'],
    ['{"streams":[{"values":[["1"]]}]}', 'streams[0].values[0] must have 2 or 3 elements, got 1'],
    ['{"streams":[{"values":[[1,"x"]]}]}', 'streams[0].values[0]: the timestamp must be a string of Unix nanoseconds, got number'],
    ['{"streams":[{"values":[["1.5","x"]]}]}', 'streams[0].values[0]: the timestamp "1.5" is not an integer number of nanoseconds'],
    ['{"streams":[{"values":[["99999999999999999999","x"]]}]}', 'streams[0].values[0]: the timestamp "99999999999999999999" is out of range'],
    ['{"streams":[{"values":[["1",{}]]}]}', 'streams[0].values[0]: the line must be a string, got object'],
    ['{"streams":[{"values":[["1","x",{"k":2}]]}]}', 'streams[0].values[0]: structured metadata: the value of "k" must be a string, got number'],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => decodePushJson(body),
      (e: unknown) => e instanceof LokiDecodeError && e.message.startsWith(message),
      message,
    );
  }
});

test("round trip with the exporter's encoder: our loki exporter's requests decode to what it encoded", async () => {
  const { encodePushRequest } = await import('./push-encode.js');
  const streams = [
    {
      labels: '{exporter="OTLP", source="systemd/loki", unit="sshd.service"}',
      entries: [
        { timestampNs: T0, line: '{"body":"x","attributes":{"host":"pve"}}', structuredMetadata: [] },
        { timestampNs: -1_500_000_001n, line: 'before 1970', structuredMetadata: [{ name: 'k', value: 'ü' }] },
        { timestampNs: 0n, line: '', structuredMetadata: [] },
      ],
    },
    { labels: '', entries: [{ timestampNs: 1n, line: 'ünïcödé 😀', structuredMetadata: [] }] },
  ];
  assert.deepEqual(decodePushRequest(encodePushRequest(streams)), streams);
});
