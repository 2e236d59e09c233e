// Codec micro-benchmark on the node-limits.md §1 payload (1 resource, 1 scope, 100 spans with
// 21 attributes). Cases run interleaved in rounds (every case once per round) and each is also
// reported as a ratio to protobufjs-7 reflection decode in the same round, the number to trust
// on a noisy box. Rates are per second of this process's CPU time (see timeCase).
// Run pinned: `taskset -c 0 node dist/pdata/codec.bench.js`.
// Env: ROUNDS (default 5), MS per case per round (default 1000), SPANS (default 100).

import { pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { buildBenchTraces } from './bench-payload.js';
import { Traces } from './traces.js';
import { decodeTraces } from './wire/trace-decode.js';
import { encodeTraces } from './wire/trace-encode.js';
import { validateRequest } from './wire/validate.js';
import { validateByTable } from './wire/validate-table.js';
import { countItems, TRACE_LEVELS } from './wire/scan.js';
import { TracesRequestDef } from './wire/schema.js';
import { PROTO_DIR } from './test-fixtures.js';

export interface CodecBenchOptions {
  rounds?: number;
  msPerCase?: number;
  spans?: number;
  log?: (line: string) => void;
}

export interface CodecBenchResult {
  name: string;
  /** Median spans per second over rounds. */
  spansPerSec: number;
  minSpansPerSec: number;
  maxSpansPerSec: number;
  /** Median of the per-round ratio to protobufjs-7 decode. */
  ratioToPbjs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Microseconds of CPU this process has used (user + system). */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

// Timed in process CPU time, not wall time: the reference box is shared, and on a pinned core
// another process's time slices otherwise count as ours (wall-clock medians swung 2x between runs
// on 2026-11-25; CPU-time medians stayed within ~10 %). Alone on the core the two agree.
function timeCase(fn: () => unknown, ms: number): number {
  const start = cpuMicros();
  const budget = ms * 1000;
  let ops = 0;
  let batch = 8;
  let elapsed: number;
  do {
    const t = cpuMicros();
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    const now = cpuMicros();
    if (now - t < 1000) batch *= 2; // keep getrusage() calls off the measured cost of fast cases
    elapsed = now - start;
  } while (elapsed < budget);
  return ops / (elapsed / 1e6);
}

export function runCodecBench(opts: CodecBenchOptions = {}): CodecBenchResult[] {
  const rounds = opts.rounds ?? 5;
  const ms = opts.msPerCase ?? 1000;
  const spans = opts.spans ?? 100;
  const log = opts.log ?? ((l: string) => console.log(l));

  const tree = buildBenchTraces(spans);
  const bytes = encodeTraces(tree);
  const json = new Traces(tree).toJSON();
  const jsonBuf = Buffer.from(json);
  const root = protobuf.loadSync(PROTO_DIR + 'trace_service.proto');
  const Req = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const pbjsMsg = Req.decode(bytes);

  const cases: [string, () => unknown][] = [
    ['protobufjs-7 decode (reflection)', () => Req.decode(bytes)],
    ['protobufjs-7 encode', () => Req.encode(pbjsMsg).finish()],
    ['ours: full decode', () => decodeTraces(bytes)],
    ['ours: validate walk (every field)', () => validateRequest(bytes, TracesRequestDef)],
    ['ours: validate walk, table-driven (before 2026-11-25)', () => validateByTable(bytes, TracesRequestDef)],
    ['ours: itemCount scan', () => countItems(bytes, TRACE_LEVELS)],
    ['ours: encode', () => encodeTraces(tree)],
    ['ours: pass-through (fromProto+validate+toProto)', () => Traces.fromProto(bytes, { validate: true }).toProto()],
    [
      'ours: decode + mutate + encode',
      () => {
        const t = Traces.fromProto(bytes);
        t.mutable()[0]!.resource.attributes.push(tree[0]!.resource.attributes[0]!);
        return t.toProto();
      },
    ],
    ['ours: splitByItems(30) on bytes', () => Traces.fromProto(bytes).splitByItems(30)],
    ['ours: JSON decode (from Buffer)', () => Traces.fromJSON(jsonBuf).resourceSpans],
    ['ours: JSON encode', () => new Traces(tree).toJSON()],
  ];

  log(
    `payload: ${spans} spans, ${bytes.length} B protobuf (${Math.round(bytes.length / spans)} B/span), ${json.length} B JSON; ${rounds} rounds x ${ms} ms, node ${process.version}`,
  );
  for (const [, fn] of cases) timeCase(fn, Math.min(300, ms)); // warm-up
  const rates: number[][] = cases.map(() => []);
  const ratios: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const round = cases.map(([, fn]) => timeCase(fn, ms) * spans);
    round.forEach((v, i) => {
      rates[i]!.push(v);
      ratios[i]!.push(v / round[0]!);
    });
  }
  const results = cases.map(([name], i) => ({
    name,
    spansPerSec: median(rates[i]!),
    minSpansPerSec: Math.min(...rates[i]!),
    maxSpansPerSec: Math.max(...rates[i]!),
    ratioToPbjs: median(ratios[i]!),
  }));
  const k = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${Math.round(v / 1e3)} k`);
  log('| case | spans/s median [min-max] | ratio to pbjs-7 decode |');
  log('| --- | --- | --- |');
  for (const r of results) log(`| ${r.name} | ${k(r.spansPerSec)} [${k(r.minSpansPerSec)}-${k(r.maxSpansPerSec)}] | ${r.ratioToPbjs.toFixed(2)} |`);
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCodecBench({
    rounds: Number(process.env['ROUNDS'] ?? 5),
    msPerCase: Number(process.env['MS'] ?? 1000),
    spans: Number(process.env['SPANS'] ?? 100),
  });
}
