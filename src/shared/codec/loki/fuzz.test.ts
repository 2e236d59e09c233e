// Untrusted bytes from any client reach these decoders: each must return or throw LokiDecodeError.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { parseLabels } from './labels.js';
import { decodePushRequest } from './push-decode.js';
import { decodePushJson } from './push-json.js';
import { LokiDecodeError } from './push-model.js';
import { encodePushProto, jsonBody } from './testkit.js';

const isLoki = (e: unknown) => e instanceof LokiDecodeError;

test('fuzz: protobuf PushRequest decoder', () => {
  const seeds = [
    encodePushProto([
      {
        labels: '{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}',
        entries: [
          { ns: 1_733_140_800_000_000_000n, line: 'Accepted publickey for root' },
          { ns: 1_733_140_800_000_000_001n, line: 'ünïcödé', metadata: { trace_id: '0af7651916cd43dd8448eb211c80319c' } },
        ],
      },
      { labels: '{}', entries: [{ line: 'no timestamp' }] },
    ]),
  ];
  const report = fuzzDecoder({ name: 'loki-push-proto', seeds, decode: decodePushRequest, expected: isLoki, iterations: 3000 });
  assert.ok(report.accepted > 0 && report.rejected > 0, JSON.stringify(report));
});

test('fuzz: stream label parser', () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const seeds = [
    '{host="pve", job="systemd-journal", unit="sshd.service"}',
    `up{a='x\\'y', b=\`raw\`, "service.name"="\\xc3\\xa9\\u00e9\\U0001F600\\101",} # c`,
  ].map((s) => enc.encode(s));
  const report = fuzzDecoder({ name: 'loki-labels', seeds, decode: (b) => parseLabels(dec.decode(b)), expected: isLoki, iterations: 3000 });
  assert.ok(report.accepted > 0 && report.rejected > 0, JSON.stringify(report));
});

test('fuzz: JSON push decoder', () => {
  const seeds = [
    Buffer.from(
      jsonBody([
        {
          stream: { level: 'info', job: 'app' },
          entries: [
            { ns: 1n, line: 'a' },
            { ns: 2n, line: 'b', metadata: { k: 'v' } },
          ],
        },
      ]),
    ),
  ];
  const report = fuzzDecoder({ name: 'loki-push-json', seeds, decode: decodePushJson, expected: isLoki, iterations: 2000 });
  assert.ok(report.accepted > 0 && report.rejected > 0, JSON.stringify(report));
});
