// The user's busiest path, logs/docker, in one process and without sockets: dockerd-shaped
// fluent forward bytes (Message mode, ~200-byte lines, 10 containers, read in 64 KiB chunks) →
// the fluentforward receiver's decode and mapping → batch's merge (8192 records) → the seed's
// attributes/fluent_docker → the loki exporter's translation into PushRequest bytes, and snappy.
// Per-stage cost per record, per second of this process's CPU time (GC included where it falls),
// so a change to one stage can be judged without the noise of the two-process bench.
//   npx tsc -p tsconfig.json && taskset -c 0 node dist/components/exporters/loki/docker-path.bench.js
// Env: ROUNDS (default 3), MS per round (default 2000).

import { Packr } from 'msgpackr';
import pino from 'pino';
import { EMPTY_CONTEXT, type Consumer } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import { DecodeContext } from '../../../core/schema.js';
import { Logs, type LogRecord } from '../../../pdata/logs.js';
import { ForwardFramer, FrameList } from '../../../shared/codec/forward/index.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { attributesProcessorFactory } from '../../processors/attributes/factory.js';
import { decodeFrameRecords, recordsToLogs } from '../../receivers/fluentforward/translate.js';
import { logsToLokiPushes } from './encode.js';

const CONTAINERS = [
  'prometheus',
  'grafana',
  'loki',
  'traefik',
  'otel-collector',
  'node-exporter',
  'cadvisor',
  'alertmanager',
  'postgres',
  'nextcloud',
];
const packr = new Packr({ useRecords: false, variableMapSize: true });

function line(name: string, n: number): string {
  const l =
    `level=info ts=2026-12-02T14:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}Z ` +
    `caller=${name}/handler.go:${100 + (n % 400)} component=http msg="request served" method=GET ` +
    `path=/api/v1/query_range?query=up&step=${15 + (n % 45)} status=200 duration=${3 + (n % 997)}ms bytes=${1024 + ((n * 31) % 60000)}`;
  return l.padEnd(200, ' ').slice(0, 200);
}

/** Per container, 64 KiB reads of its stream of `events` dockerd events. */
function reads(events: number): Buffer[][] {
  const time = 1_764_684_000;
  return CONTAINERS.map((name, c) => {
    const id = (c + 1).toString(16).padStart(2, '0').repeat(32);
    const parts: Buffer[] = [];
    for (let n = 0; n < events; n++) {
      const record = { container_id: id, container_name: `/${name}`, source: n % 5 === 4 ? 'stderr' : 'stdout', log: line(name, n) };
      parts.push(packr.pack([id.slice(0, 12), time + (n >> 8), record, {}]));
    }
    const stream = Buffer.concat(parts);
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 65_536) out.push(stream.subarray(i, i + 65_536));
    return out;
  });
}

const SEED_DOCKER = {
  actions: [
    { action: 'upsert', key: 'source', value: 'docker' },
    { action: 'extract', key: 'container_name', pattern: '^[/](?P<container_name>.*)$' },
    { action: 'insert', key: 'loki.attribute.labels', value: 'source, container_name' },
  ],
};

const EVENTS_PER_CONTAINER = 3000;
const BATCH = 8192;
const perContainer = reads(EVENTS_PER_CONTAINER);
const total = EVENTS_PER_CONTAINER * CONTAINERS.length;

let captured: Payload | undefined;
const capture: Consumer = { mutatesData: false, consume: async (d) => void (captured = d) };
const cfg = attributesProcessorFactory.config.decode(SEED_DOCKER, [], new DecodeContext());
const attributes = attributesProcessorFactory.create(
  { id: 'attributes/fluent_docker', kind: 'processor', logger: pino({ level: 'silent' }), telemetry: undefined as never },
  cfg as never,
  'logs',
  capture,
);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One pass of every read through every stage; the CPU seconds of each stage. */
function pass(t: Record<string, number>): number {
  const framers = CONTAINERS.map(() => new ForwardFramer());
  const frames = new FrameList();
  let pending: Logs[] = [];
  let pendingCount = 0;
  let bodyBytes = 0;
  const flush = () => {
    let t0 = cpu();
    const merged = Logs.concat(pending);
    pending = [];
    pendingCount = 0;
    t.batch! += cpu() - t0;
    t0 = cpu();
    void attributes.consume(merged, EMPTY_CONTEXT);
    const out = captured as Logs;
    t.attributes! += cpu() - t0;
    t0 = cpu();
    const pushes = logsToLokiPushes(out.resourceLogs, {});
    t.translate! += cpu() - t0;
    t0 = cpu();
    for (const r of pushes) bodyBytes += snappyBlockCompress(r.body!).length;
    t.snappy! += cpu() - t0;
  };
  const rounds = perContainer[0]!.length;
  for (let i = 0; i < rounds; i++) {
    for (let c = 0; c < CONTAINERS.length; c++) {
      const chunk = perContainer[c]![i];
      if (chunk === undefined) continue;
      const t0 = cpu();
      // As the receiver's connection.ts reads a chunk.
      const records: LogRecord[] = [];
      const framer = framers[c]!;
      framer.pushRanges(chunk, frames);
      for (let k = 0; k < frames.length; k++)
        decodeFrameRecords(frames.bufs[k]!, frames.starts[k]!, frames.ends[k]!, framer.limits, records, undefined);
      frames.clear();
      const logs = recordsToLogs(records);
      t.receive! += cpu() - t0;
      pending.push(logs);
      pendingCount += records.length;
      if (pendingCount >= BATCH) flush();
    }
  }
  if (pending.length > 0) flush();
  return bodyBytes;
}

const rounds = Number(process.env.ROUNDS ?? 3);
const ms = Number(process.env.MS ?? 2000);
pass({ receive: 0, batch: 0, attributes: 0, translate: 0, snappy: 0 });
for (let r = 0; r < rounds; r++) {
  const t: Record<string, number> = { receive: 0, batch: 0, attributes: 0, translate: 0, snappy: 0 };
  const c0 = cpu();
  const w0 = Date.now();
  let records = 0;
  let bytes = 0;
  while (Date.now() - w0 < ms) {
    bytes += pass(t);
    records += total;
  }
  const all = cpu() - c0;
  const parts = Object.entries(t)
    .map(([k, v]) => `${k} ${((v / records) * 1e6).toFixed(2)}`)
    .join(', ');
  console.log(
    `round ${r}: ${Math.round(records / all / 1000)} k records/cpu-s (${((all / records) * 1e6).toFixed(2)} µs/record: ${parts}); ${(bytes / records).toFixed(0)} B/record to Loki`,
  );
}
