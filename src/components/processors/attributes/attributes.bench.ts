// Throughput of the attributes processor with the seed's attributes/fluent_docker actions on
// docker-shaped log records (~200 B each on the wire), per second of this process's CPU time:
//   node dist/components/processors/attributes/attributes.bench.js
// "process" = decode the batch from protobuf + run the actions; "+ encode" adds re-encoding, as the
// next protobuf exporter would. Figures are in this folder's README.

import { DecodeContext } from '../../../core/schema.js';
import { EMPTY_CONTEXT, type Consumer } from '../../../core/consumer.js';
import { KeyValue } from '../../../pdata/common.js';
import { LogRecord, Logs, ResourceLogs, ScopeLogs } from '../../../pdata/logs.js';
import pino from 'pino';
import { attributesProcessorFactory } from './factory.js';

const SEED_DOCKER = {
  actions: [
    { action: 'upsert', key: 'source', value: 'docker' },
    { action: 'extract', key: 'container_name', pattern: '^[/](?P<container_name>.*)$' },
    { action: 'insert', key: 'loki.attribute.labels', value: 'source, container_name' },
  ],
};

const NAMES = ['/prometheus', '/grafana', '/loki', '/traefik', '/node-exporter', '/otel-collector', '/jaeger', '/cadvisor'];

export function dockerBatch(records: number): Buffer {
  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  rl.scopeLogs.push(sl);
  for (let i = 0; i < records; i++) {
    const lr = new LogRecord();
    lr.timeUnixNano = 1733140800000000000n + BigInt(i);
    lr.body = `ts=2026-12-02T12:00:00Z caller=main.go:${i % 500} level=info msg="request served" path=/api/v1/query dur=${i % 97}ms`;
    lr.attributes = [
      new KeyValue('container_id', '4f1d2c3b'.repeat(8)),
      new KeyValue('container_name', NAMES[i % NAMES.length]!),
      new KeyValue('source', 'stdout'),
      new KeyValue('fluent.tag', 'ce13c9c828f4'),
    ];
    sl.logRecords.push(lr);
  }
  return new Logs([rl]).toProto();
}

function cpuRate(fn: () => void, items: number, ms: number): number {
  for (let i = 0; i < 3; i++) fn();
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    fn();
    n += items;
  }
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

export async function runAttributesBench(ms = 2000): Promise<Record<string, number>> {
  const bytes = dockerBatch(1000);
  const cfg = attributesProcessorFactory.config.decode(SEED_DOCKER, [], new DecodeContext());
  const sink: Consumer = { mutatesData: false, consume: async () => {} };
  let last: Logs | undefined;
  const keep: Consumer = { mutatesData: false, consume: async (d) => void (last = d as Logs) };
  const logger = pino({ level: 'silent' });
  const proc = attributesProcessorFactory.create(
    { id: 'attributes/bench', kind: 'processor', logger, telemetry: undefined as never },
    cfg as never,
    'logs',
    sink,
  );
  const procEnc = attributesProcessorFactory.create(
    { id: 'attributes/bench', kind: 'processor', logger, telemetry: undefined as never },
    cfg as never,
    'logs',
    keep,
  );
  const out: Record<string, number> = { bytesPerRecord: bytes.length / 1000 };
  out.decodeOnly = cpuRate(() => void Logs.fromProto(bytes).resourceLogs, 1000, ms);
  out.process = cpuRate(() => void proc.consume(Logs.fromProto(bytes), EMPTY_CONTEXT), 1000, ms);
  out.processEncode = cpuRate(
    () => {
      void procEnc.consume(Logs.fromProto(bytes), EMPTY_CONTEXT);
      last!.toProto();
    },
    1000,
    ms,
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAttributesBench();
  for (const [k, v] of Object.entries(r)) console.log(`${k}: ${k === 'bytesPerRecord' ? v.toFixed(0) : `${(v / 1000).toFixed(0)} k records/s`}`);
}
