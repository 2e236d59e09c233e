// Edges of the translation the Go fixtures do not reach, each checked against the Go behaviour
// it names (values worked out from the Go sources cited in encode.ts / logfmt.ts / labels.ts),
// and the PushRequest bytes against protobufjs' encoding of Loki's push.proto.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { KeyValue, LogRecord, ResourceLogs, ScopeLogs } from '../../../pdata/index.js';
import { encodePushRequest } from '../../../shared/codec/loki/push-encode.js';
import { logsToLokiPushes, logsToLokiRequests } from './encode.js';
import { decodePushRequest } from '../../../shared/codec/loki/push-decode.js';
import { compareUtf8, goJsonString, goQuote } from '../../../pdata/go-strings.js';
import { goTrimSpace, normalizeLabelName } from './labels.js';
import { goPrintFloat, parseLogfmtLine } from './logfmt.js';

function one(lr: LogRecord): ResourceLogs[] {
  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  sl.logRecords.push(lr);
  rl.scopeLogs.push(sl);
  return [rl];
}

test('entry time: Timestamp, else ObservedTimestamp, else now', () => {
  const lr = new LogRecord();
  lr.body = 'x';
  const now = () => 1234567890123456789n;
  assert.equal(logsToLokiRequests(one(lr), {}, now)[0]!.streams[0]!.entries[0]!.timestampNs, 1234567890123456789n);
  lr.observedTimeUnixNano = 5n;
  assert.equal(logsToLokiRequests(one(lr), {}, now)[0]!.streams[0]!.entries[0]!.timestampNs, 5n);
  lr.timeUnixNano = 7n;
  assert.equal(logsToLokiRequests(one(lr), {}, now)[0]!.streams[0]!.entries[0]!.timestampNs, 7n);
});

test('logfmt parse: bufio.Scanner limits and line handling', () => {
  assert.deepEqual(parseLogfmtLine(''), []);
  assert.deepEqual(parseLogfmtLine('\nb=2'), []);
  assert.deepEqual(
    parseLogfmtLine('a=1\r\nb=2')?.map((p) => [p.key, p.value]),
    [['a', { kind: 'bytes', s: '1' }]],
  );
  // a first line of 64 KiB or more does not scan: the body falls back to msg=
  assert.equal(parseLogfmtLine('k=' + 'v'.repeat(65534)), null);
  assert.equal(parseLogfmtLine('k=' + 'v'.repeat(65533))?.length, 1);
  assert.equal(parseLogfmtLine('k="unterminated'), null);
  assert.equal(parseLogfmtLine('k="bad \\q escape"'), null);
});

test('number and string spellings', () => {
  assert.deepEqual([1e6, 123456, 1e-5, 0.0001, -0, 1.5e300, NaN, -Infinity].map(goPrintFloat), [
    '1e+06',
    '123456',
    '1e-05',
    '0.0001',
    '-0',
    '1.5e+300',
    'NaN',
    '-Inf',
  ]);
  assert.equal(goQuote('a\u0000b\u007f\u00a0\u{e0001}é"\\'), '"a\\x00b\\x7f\\u00a0\\U000e0001é\\"\\\\"');
  assert.equal(goJsonString('<a href="x">&\u2028'), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028"');
  assert.equal(goJsonString('lone \ud800 surrogate'), '"lone \\ufffd surrogate"');
  assert.ok(compareUtf8('\ue000', '\u{1f600}') < 0, 'U+E000 sorts before U+1F600 in UTF-8 byte order');
  assert.equal(goTrimSpace('\u0085 x \ufeff'), 'x \ufeff');
  assert.deepEqual(['fluent.tag', '9lives', '_SYSTEMD_UNIT', '__name__', 'ünï-x', ''].map(normalizeLabelName), [
    'fluent_tag',
    'key_9lives',
    'key_SYSTEMD_UNIT',
    '__name__',
    'ünï_x',
    '',
  ]);
});

test('PushRequest bytes equal protobufjs encoding of the same message', () => {
  const root = protobuf.parse(`
    syntax = "proto3";
    message PushRequest { repeated StreamAdapter streams = 1; }
    message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; }
    message EntryAdapter { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
    message LabelPairAdapter { string name = 1; string value = 2; }
    message Timestamp { int64 seconds = 1; int32 nanos = 2; }
  `).root;
  const PushRequest = root.lookupType('PushRequest');
  const streams = [
    {
      labels: '{exporter="OTLP"}',
      entries: [
        { timestampNs: 1686823200123456789n, line: 'ünï 😀', structuredMetadata: [{ name: 'k', value: 'v' }] },
        { timestampNs: 0n, line: '', structuredMetadata: [] },
      ],
    },
    { labels: '{a="b"}', entries: [{ timestampNs: 1686823200000000000n, line: 'x'.repeat(300), structuredMetadata: [] }] },
  ];
  const expected = PushRequest.encode(
    PushRequest.fromObject({
      streams: streams.map((s) => ({
        labels: s.labels,
        // proto3 omits zero values (gogo too); protobufjs writes whatever is set, so set only those.
        entries: s.entries.map((e) => {
          const seconds = e.timestampNs / 1_000_000_000n;
          const nanos = Number(e.timestampNs % 1_000_000_000n);
          return {
            timestamp: { ...(seconds ? { seconds: String(seconds) } : {}), ...(nanos ? { nanos } : {}) },
            ...(e.line ? { line: e.line } : {}),
            structuredMetadata: e.structuredMetadata,
          };
        }),
      })),
    }),
  ).finish();
  assert.deepEqual(encodePushRequest(streams), Buffer.from(expected));
});

test('level: severity outside the enum gives level=""; an existing level attribute wins', () => {
  const lr = new LogRecord();
  lr.severityNumber = 30;
  lr.body = 'x';
  assert.equal(logsToLokiRequests(one(lr))[0]!.streams[0]!.labels, '{exporter="OTLP", level=""}');
  lr.severityNumber = 14;
  lr.attributes = [new KeyValue('level', 'mine')];
  assert.equal(logsToLokiRequests(one(lr))[0]!.streams[0]!.labels, '{exporter="OTLP", level="mine"}');
  lr.attributes = [];
  assert.equal(logsToLokiRequests(one(lr))[0]!.streams[0]!.labels, '{exporter="OTLP", level="WARN2"}');
});

test('records translated in one batch (shapes, attribute maps and timestamps reused) equal each translated alone', () => {
  // Consecutive records that differ in one thing each (a label value, the hint, the tenant, the
  // format, a kept value, a key's position, the time) against the same records one per request,
  // where nothing is reused from a previous record.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 8) % n;
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const rl = new ResourceLogs();
  rl.resource.attributes = [new KeyValue('service.name', 'svc'), new KeyValue('region', 'eu')];
  const sl = new ScopeLogs();
  rl.scopeLogs.push(sl);
  for (let i = 0; i < 400; i++) {
    const lr = new LogRecord();
    lr.timeUnixNano = 1686823200000000000n + BigInt(rand(3)) * 1_000_000_000n + BigInt(rand(2));
    lr.body = pick(['a "quoted" & <b> line', 'plain', 'ünï 😀 \u2028', '', 'x'.repeat(130), 'y'.repeat(17000)]);
    if (rand(8) === 0) lr.severityNumber = 9;
    const attrs = [
      new KeyValue('container_name', pick(['prometheus', 'grafana'])),
      new KeyValue('source', pick(['docker', 'stdout'])),
      new KeyValue('fluent.tag', pick(['ce13c9c828f4', 'journal.x'])),
      new KeyValue('loki.attribute.labels', pick(['source, container_name', 'source', 'container_name, missing'])),
    ];
    if (rand(4) === 0) attrs.push(new KeyValue('tenant_id', pick(['t1', 't2'])), new KeyValue('loki.tenant', 'tenant_id'));
    if (rand(6) === 0) attrs.push(new KeyValue('loki.format', pick(['logfmt', 'raw', 'json'])));
    if (rand(5) === 0) attrs.push(new KeyValue('loki.resource.labels', 'region'));
    if (rand(3) === 0) attrs.reverse();
    lr.attributes = attrs;
    sl.logRecords.push(lr);
  }
  const flat = (reqs: ReturnType<typeof logsToLokiRequests>) =>
    reqs.flatMap((r) => r.streams.flatMap((s) => s.entries.map((e) => `${r.tenant} ${s.labels} ${e.timestampNs} ${e.line}`)));
  const together = flat(logsToLokiRequests([rl])).sort();
  const alone = sl.logRecords
    .flatMap((lr) => {
      const single = one(lr);
      single[0]!.resource = rl.resource;
      return flat(logsToLokiRequests(single));
    })
    .sort();
  assert.equal(together.length, 400);
  assert.deepEqual(together, alone);
  // The entry-by-entry byte builder lays the request out as the message encoder does (entry and
  // line lengths of 1, 2 and 3 varint bytes included).
  for (const push of logsToLokiPushes([rl])) assert.deepEqual(encodePushRequest(decodePushRequest(push.body!)), push.body);
});
