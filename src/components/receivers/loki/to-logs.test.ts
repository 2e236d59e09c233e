import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_TIMESTAMP } from '../../../shared/codec/loki/push-decode.js';
import { LokiDecodeError, type LokiStream } from '../../../shared/codec/loki/push-model.js';
import { pushToLogs } from './to-logs.js';

const NOW = 1_733_140_999_000_000_000n;
const entry = (timestampNs: bigint, line: string, md: Record<string, string> = {}) => ({
  timestampNs,
  line,
  structuredMetadata: Object.entries(md).map(([name, value]) => ({ name, value })),
});

function flat(streams: LokiStream[], useIncomingTimestamp = false) {
  const logs = pushToLogs(streams, { useIncomingTimestamp, nowNs: NOW });
  return logs.resourceLogs.flatMap((rl) =>
    rl.scopeLogs.flatMap((sl) =>
      sl.logRecords.map((lr) => ({
        body: lr.body,
        attrs: lr.attributes.map((kv) => [kv.key, kv.value]),
        ts: lr.timeUnixNano,
        observed: lr.observedTimeUnixNano,
      })),
    ),
  );
}

test("Go's shape: one resource, one scope, records in stream then entry order; empty streams skipped", () => {
  const logs = pushToLogs(
    [
      { labels: '{b="2", a="1"}', entries: [entry(1n, 'x'), entry(2n, 'y')] },
      { labels: '{}', entries: [] },
      { labels: '{c="3"}', entries: [entry(3n, 'z')] },
    ],
    { useIncomingTimestamp: false, nowNs: NOW },
  );
  assert.equal(logs.resourceLogs.length, 1);
  assert.equal(logs.resourceLogs[0]!.scopeLogs.length, 1);
  assert.deepEqual(logs.resourceLogs[0]!.resource.attributes, []);
  assert.equal(logs.resourceLogs[0]!.scopeLogs[0]!.scope.name, '');
  assert.equal(logs.itemCount(), 3);
  assert.equal(pushToLogs([{ labels: '{}', entries: [] }], { useIncomingTimestamp: false }).itemCount(), 0);
});

test('labels: __* dropped (metric-name prefix included), sorted, last of a repeated name wins', () => {
  const got = flat([{ labels: 'up{z="1", __meta="m", a="first", a="second"}', entries: [entry(1n, 'l')] }]);
  assert.deepEqual(got[0]!.attrs, [
    ['a', 'second'],
    ['z', '1'],
  ]);
});

test('structured metadata after the labels; a label wins a clash; the last metadata pair of a name wins', () => {
  const got = flat([
    {
      labels: '{job="x"}',
      entries: [
        {
          timestampNs: 1n,
          line: 'l',
          structuredMetadata: [
            { name: 'job', value: 'md' },
            { name: 't', value: '1' },
            { name: 't', value: '2' },
          ],
        },
      ],
    },
  ]);
  assert.deepEqual(got[0]!.attrs, [
    ['job', 'x'],
    ['t', '2'],
  ]);
});

test('every record gets its own attribute objects (processors change them in place)', () => {
  const logs = pushToLogs([{ labels: '{a="1"}', entries: [entry(1n, 'x'), entry(2n, 'y')] }], { useIncomingTimestamp: false });
  const [r1, r2] = logs.resourceLogs[0]!.scopeLogs[0]!.logRecords;
  assert.notEqual(r1!.attributes, r2!.attributes);
  assert.notEqual(r1!.attributes[0], r2!.attributes[0]);
});

test('timestamps: receive time by default; incoming when asked, except a missing one; negatives wrap like Go', () => {
  const streams = [{ labels: '{}', entries: [entry(5n, 'a'), entry(NO_TIMESTAMP, 'b'), entry(-1n, 'c'), entry(0n, 'd')] }];
  assert.deepEqual(
    flat(streams).map((r) => [r.ts, r.observed]),
    [
      [NOW, NOW],
      [NOW, NOW],
      [NOW, NOW],
      [NOW, NOW],
    ],
  );
  assert.deepEqual(
    flat(streams, true).map((r) => r.ts),
    [5n, NOW, (1n << 64n) - 1n, 0n],
  );
});

test('JSON streams use their parsed labels; a bad label string names its stream', () => {
  const got = flat([
    {
      labels: 'ignored',
      parsedLabels: [
        { name: 'service.name', value: 'api' },
        { name: '__x', value: 'y' },
      ],
      entries: [entry(1n, 'l')],
    },
  ]);
  assert.deepEqual(got[0]!.attrs, [['service.name', 'api']]);
  assert.throws(
    () =>
      pushToLogs(
        [
          { labels: '{a="1"}', entries: [entry(1n, 'ok')] },
          { labels: '{a=1}', entries: [entry(1n, 'bad')] },
        ],
        { useIncomingTimestamp: false },
      ),
    (e: unknown) =>
      e instanceof LokiDecodeError &&
      e.message === 'stream 1: invalid labels "{a=1}": 1:4: parse error: unexpected "1" in label set, expected string',
  );
});
