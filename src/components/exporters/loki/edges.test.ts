// Edges of the translation the Go fixtures do not reach, each checked against the Go behaviour
// it names (values worked out from the Go sources cited in encode.ts / logfmt.ts / labels.ts),
// and the PushRequest bytes against protobufjs' encoding of Loki's push.proto.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { KeyValue, LogRecord, ResourceLogs, ScopeLogs } from '../../../pdata/index.js';
import { encodePushRequest } from '../../../shared/codec/loki/push-encode.js';
import { logsToLokiRequests } from './encode.js';
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
