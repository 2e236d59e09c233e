// Thrift_http translation micro-benchmark: a Traefik-shaped 100-span batch (bench/load/jaeger-traefik.ts)
// to OTLP request bytes, by the object path (readBatch → thriftBatchToTraces → toProto, the old
// thrift_http path and still the UDP/compact one) and by the bytes path (ThriftBatchTranslator).
// Rates are spans per second of this process's CPU time, median of interleaved rounds.
//   taskset -c 0 node dist/components/receivers/jaeger/translate.bench.js [rounds] [ms]

import { cpuUsage } from 'node:process';
import { readBatch } from '../../../shared/codec/jaeger/thrift.js';
import { encodeBatchBinary } from '../../../shared/codec/jaeger/thrift-encode.js';
import { BinaryReader } from '../../../shared/codec/thrift/index.js';
import { traefikBatch } from '../../../bench/load/jaeger-traefik.js';
import { ThriftBatchTranslator } from './translate-thrift-bytes.js';
import { thriftBatchToTraces } from './translate-thrift.js';

const SPANS = 100;
const body = encodeBatchBinary(traefikBatch(SPANS, 1_764_000_000_000_000n));
const tr = new ThriftBatchTranslator();
const cases: Array<[string, () => unknown]> = [
  ['object path (decode, model, encode)', () => thriftBatchToTraces(readBatch(new BinaryReader(body))).toProto()],
  ['bytes path (ThriftBatchTranslator)', () => tr.translateBatch(body)],
];

function cpuMs(): number {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
}

const rounds = Number(process.argv[2] ?? 5);
const ms = Number(process.argv[3] ?? 500);
const rates = new Map<string, number[]>(cases.map(([n]) => [n, []]));
for (const [, fn] of cases) for (let i = 0; i < 200; i++) fn();
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of cases) {
    const t0 = cpuMs();
    let n = 0;
    while (cpuMs() - t0 < ms) for (let i = 0; i < 20; i++, n++) fn();
    rates.get(name)!.push((n * SPANS) / ((cpuMs() - t0) / 1000));
  }
}
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(`body ${body.length} B (${(body.length / SPANS).toFixed(0)} B/span), ${rounds} rounds x ${ms} ms, node ${process.version}`);
for (const [name, a] of rates)
  console.log(
    `${name.padEnd(40)} ${(median(a) / 1000).toFixed(0)} k spans/s [${(Math.min(...a) / 1000).toFixed(0)}–${(Math.max(...a) / 1000).toFixed(0)} k]`,
  );
