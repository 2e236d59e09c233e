// The loki exporter's per-record cost on the seed's busiest shape: docker records after
// attributes/fluent_docker (5 attributes, a ~110-byte logfmt-ish line with quotes, two
// containers → two streams), 8192 per batch (the batch processor's default).
// Run pinned: `taskset -c 0 node dist/components/exporters/loki/encode.bench.js`.
// Rates are per second of this process's CPU time (the box is shared). Env: ROUNDS (default 5).

import { KeyValue, LogRecord, ResourceLogs, ScopeLogs } from '../../../pdata/index.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { logsToLokiPushes } from './encode.js';

function dockerBatch(n: number): ResourceLogs[] {
  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  for (let i = 0; i < n; i++) {
    const lr = new LogRecord();
    lr.timeUnixNano = 1686823200000000000n + BigInt(i);
    lr.body = `ts=2023-06-15T10:00:00.000Z caller=main.go:1175 level=info msg="Server is ready to receive web requests." n=${i}`;
    lr.attributes = [
      new KeyValue('container_id', 'ce13c9c828f4a8f1c0b7e0a1f83d6d2b9a7f52e4d1c0b9a8f7e6d5c4b3a29180'),
      new KeyValue('container_name', i % 3 ? 'prometheus' : 'grafana'),
      new KeyValue('source', 'docker'),
      new KeyValue('fluent.tag', 'ce13c9c828f4'),
      new KeyValue('loki.attribute.labels', 'source, container_name'),
    ];
    sl.logRecords.push(lr);
  }
  rl.scopeLogs.push(sl);
  return [rl];
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function rate(batch: ResourceLogs[], size: number, work: (b: ResourceLogs[]) => void): number {
  const start = cpuSeconds();
  let n = 0;
  while (cpuSeconds() - start < 1) {
    work(batch);
    n += size;
  }
  return n / (cpuSeconds() - start);
}

const SIZE = 8192;
const batch = dockerBatch(SIZE);
const rounds = Number(process.env.ROUNDS ?? 5);
const translate: number[] = [];
const full: number[] = [];
for (let r = 0; r < rounds; r++) {
  translate.push(rate(batch, SIZE, (b) => logsToLokiPushes(b, {})));
  full.push(
    rate(batch, SIZE, (b) => {
      for (const push of logsToLokiPushes(b, {})) snappyBlockCompress(push.body!);
    }),
  );
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`translate (records → PushRequest bytes): ${Math.round(median(translate))} records/cpu-s (median of ${rounds})`);
console.log(`translate + snappy: ${Math.round(median(full))} records/cpu-s`);
