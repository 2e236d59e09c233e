// Decode cost on dockerd's shape (Message mode, ~200 B lines, the driver's four keys): bytes →
// frames → events → LogRecords, ours against msgpackr's unpackMultiple plus the same mapping.
//
//   npx tsc -p tsconfig.json && taskset -c 0 node dist/components/receivers/fluentforward/decode.bench.js

import { Unpackr } from 'msgpackr';
import { KeyValue, KeyValueList, type AnyValue } from '../../../pdata/common.js';
import { LogRecord } from '../../../pdata/logs.js';
import { decodeForwardEvent, ForwardFramer, type ForwardEvent } from '../../../shared/codec/forward/index.js';
import { dockerMessage } from './golden-inputs.js';
import { appendEventRecords } from './translate.js';

const LINE =
  'ts=2026-12-02T13:05:04.123Z caller=main.go:1234 level=info component=tsdb msg="compaction completed" block=01HZX4 duration=1.234s series=12345 chunks=67890 size=1.2MiB';
const EVENTS = 1000;
const stream = Buffer.concat(
  Array.from({ length: EVENTS }, (_, i) => dockerMessage(`${LINE} n=${i}`, 1_700_000_000 + (i >> 6), i % 3 ? 'stdout' : 'stderr')),
);
// Read as TCP delivers it: 64 KiB chunks with frames split across them.
const chunks: Buffer[] = [];
for (let i = 0; i < stream.length; i += 65_536) chunks.push(stream.subarray(i, i + 65_536));

function ours(): number {
  const framer = new ForwardFramer();
  const out: LogRecord[] = [];
  for (const c of chunks) {
    for (const f of framer.push(c)) appendEventRecords(decodeForwardEvent(f, 0, f.length), out);
  }
  return out.length;
}

// msgpackr cannot tell ints from floats or keep a map's key order/duplicates; its values are
// mapped as closely as they allow (integers → int, other numbers → double).
function toAny(v: unknown): AnyValue {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v as AnyValue;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return v.map(toAny);
  if (v && typeof v === 'object') return new KeyValueList(Object.entries(v).map(([k, x]) => new KeyValue(k, toAny(x))));
  return String(v);
}

const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, int64AsType: 'bigint' } as never);
function viaMsgpackr(): number {
  // msgpackr has no resumable decoding: carry the unconsumed tail and retry, as a receiver must.
  let carry: Buffer | undefined;
  const out: LogRecord[] = [];
  for (const c of chunks) {
    const buf: Buffer = carry ? Buffer.concat([carry, c]) : c;
    let used = 0;
    try {
      unpackr.unpackMultiple(buf, (value: unknown, start?: number, end?: number) => {
        used = end ?? used;
        const [tag, time, record] = value as [string, number, Record<string, unknown>];
        const ev: ForwardEvent = {
          mode: 'message',
          tag,
          entries: [{ timeUnixNano: BigInt(time) * 1_000_000_000n, record: Object.entries(record).map(([k, x]) => new KeyValue(k, toAny(x))) }],
        };
        appendEventRecords(ev, out);
      });
      carry = undefined;
    } catch (err) {
      if (!(err as { incomplete?: boolean }).incomplete) throw err;
      carry = buf.subarray((err as { lastPosition?: number }).lastPosition ?? used);
    }
  }
  return out.length;
}

function rate(fn: () => number, ms: number): number {
  let n = 0;
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  while (performance.now() - w0 < ms) n += fn();
  const cpu = process.cpuUsage(t0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

if (ours() !== EVENTS || viaMsgpackr() !== EVENTS) throw new Error('decoders disagree on the event count');
console.log(`stream: ${EVENTS} dockerd events, ${(stream.length / EVENTS).toFixed(0)} B each, ${chunks.length} chunks`);
for (let round = 0; round < 3; round++) {
  const a = rate(ours, 1000);
  const b = rate(viaMsgpackr, 1000);
  console.log(
    `round ${round}: ours ${(a / 1e6).toFixed(2)} M records/CPU-s, msgpackr+mapping ${(b / 1e6).toFixed(2)} M records/CPU-s, ratio ${(a / b).toFixed(2)}`,
  );
}
