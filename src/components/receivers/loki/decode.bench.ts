// Loki push decode micro-benchmark: a promtail-shaped batch (5 journal units × 400 entries of
// ~190-byte lines, 4 labels per stream), decoded from snappy protobuf and from JSON, translated
// to OTLP logs, and (for scale) encoded to OTLP protobuf as an exporter would. Rates are entries
// per second of this process's CPU time. Run pinned: `taskset -c 0 node dist/components/receivers/loki/decode.bench.js`.

import * as snappyjs from 'snappyjs';
import { snappyBlockDecompress } from '../../../shared/compression/snappy.js';
import { decodePushRequest } from '../../../shared/codec/loki/push-decode.js';
import { decodePushJson } from '../../../shared/codec/loki/push-json.js';
import { encodePushProto, jsonBody, type TestStream } from '../../../shared/codec/loki/testkit.js';
import { pushToLogs } from './to-logs.js';

const UNITS = ['sshd.service', 'docker.service', 'cron.service', 'systemd-logind.service', 'kernel'];
const PER_STREAM = 400;

function timeCase(name: string, entries: number, fn: () => unknown, ms = 1500): void {
  for (let i = 0; i < 20; i++) fn();
  const t0 = process.cpuUsage();
  const end = Date.now() + ms;
  let runs = 0;
  while (Date.now() < end) {
    fn();
    runs++;
  }
  const used = process.cpuUsage(t0);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`${name.padEnd(36)} ${Math.round((runs * entries) / seconds / 1000)} k entries/CPU-s`);
}

const streams: TestStream[] = UNITS.map((unit) => ({
  labels: `{host="pve", job="systemd-journal", tool="promtail", unit="${unit}"}`,
  entries: Array.from({ length: PER_STREAM }, (_, i) => ({
    ns: 1_733_140_800_000_000_000n + BigInt(i),
    line: `pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0) seq=${i} ${'x'.repeat(120)}`,
  })),
}));
const snappy = Buffer.from(snappyjs.compress(encodePushProto(streams)));
const json = Buffer.from(
  jsonBody(UNITS.map((unit, k) => ({ stream: { host: 'pve', job: 'systemd-journal', tool: 'promtail', unit }, entries: streams[k]!.entries }))),
);
const n = UNITS.length * PER_STREAM;
const opts = { useIncomingTimestamp: false };
const MAX = 64 << 20;

console.log(`batch: ${n} entries, ${snappy.length} B snappy protobuf, ${json.length} B JSON`);
timeCase('snappy decode', n, () => snappyBlockDecompress(snappy, MAX));
timeCase('snappy + PushRequest decode', n, () => decodePushRequest(snappyBlockDecompress(snappy, MAX)));
timeCase('snappy + decode + to OTLP logs', n, () => pushToLogs(decodePushRequest(snappyBlockDecompress(snappy, MAX)), opts));
timeCase('JSON decode + to OTLP logs', n, () => pushToLogs(decodePushJson(json), opts));
timeCase('… + OTLP protobuf encode', n, () => pushToLogs(decodePushRequest(snappyBlockDecompress(snappy, MAX)), opts).toProto());
