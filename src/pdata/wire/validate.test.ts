// The hand-written walkers (walk-*.ts) against the table-driven walk over schema.ts: on random
// requests built from the tables (every field of every message, packed and unpacked repeats,
// unknown fields) and on truncated, bit-flipped and spliced copies of them, both must return the
// same item count or throw the same PdataDecodeError message. A known field the hand-written
// code skipped instead of walking shows up as a disagreement on the corrupted copies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PdataDecodeError } from '../errors.js';
import { Logs } from '../logs.js';
import { Metrics } from '../metrics.js';
import { Traces } from '../traces.js';
import { buildBenchTraces } from '../bench-payload.js';
import { fullLogs, fullMetrics, fullTraces } from '../test-fixtures.js';
import { LogsRequestDef, MetricsRequestDef, TracesRequestDef, type MsgDef } from './schema.js';
import { validateRequest } from './validate.js';
import { validateByTable } from './validate-table.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const STRINGS = ['', 'a', 'service.name', 'héllo ✓', '😀'.repeat(3), 'x'.repeat(200)];

function genMsg(def: MsgDef, r: () => number, depth: number): number[] {
  const out: number[] = [];
  const lenField = (field: number, body: number[]): void => {
    out.push(...varint(field * 8 + 2), ...varint(body.length), ...body);
  };
  // AnyValue is a oneof: usually exactly one field, as every SDK sends it.
  const only = def.nests === true && r() < 0.7 ? 1 + Math.floor(r() * 8) : -1;
  def.fields.forEach((f, field) => {
    if (f === undefined || (only >= 0 ? field !== only : r() < 0.3)) return;
    const reps = r() < 0.2 ? 2 : 1;
    for (let i = 0; i < reps; i++) {
      const packed = f.packable === true && r() < 0.5;
      if (packed) {
        const body: number[] = [];
        const n = Math.floor(r() * 4);
        for (let k = 0; k < n; k++)
          body.push(...(f.wt === 0 ? varint(Math.floor(r() * 1e6)) : Array.from({ length: 8 }, () => Math.floor(r() * 256))));
        lenField(field, body);
      } else if (f.wt === 0) out.push(...varint(field * 8), ...varint(Math.floor(r() * 2 ** (r() < 0.5 ? 7 : 40))));
      else if (f.wt === 1) out.push(...varint(field * 8 + 1), ...Array.from({ length: 8 }, () => Math.floor(r() * 256)));
      else if (f.wt === 5) out.push(...varint(field * 8 + 5), ...Array.from({ length: 4 }, () => Math.floor(r() * 256)));
      // Only AnyValue recursion needs a bound; every other message path is finite.
      else if (f.msg !== undefined)
        lenField(field, f.msg.nests !== true || depth < 3 ? genMsg(f.msg, r, f.msg.nests === true ? depth + 1 : depth) : []);
      else if (f.str === true) lenField(field, r() < 0.05 ? [0xff, 0xfe] : [...Buffer.from(STRINGS[Math.floor(r() * STRINGS.length)]!)]);
      else
        lenField(
          field,
          Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256)),
        );
    }
  });
  if (r() < 0.15) {
    // An unknown field: number past every schema's, any valid wire type.
    const wt = [0, 1, 2, 5][Math.floor(r() * 4)]!;
    out.push(...varint(99 * 8 + wt));
    if (wt === 0) out.push(...varint(300));
    else if (wt === 1) out.push(1, 2, 3, 4, 5, 6, 7, 8);
    else if (wt === 5) out.push(1, 2, 3, 4);
    else out.push(2, 0x41, 0x42);
  }
  return out;
}

type Outcome = number | string;

function outcome(fn: () => number): Outcome {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof PdataDecodeError, `not a PdataDecodeError: ${String(e)}`);
    return e.message;
  }
}

function agree(buf: Buffer, def: MsgDef, utf8: boolean): Outcome {
  const hand = outcome(() => validateRequest(buf, def, { utf8 }));
  const table = outcome(() => validateByTable(buf, def, { utf8 }));
  assert.equal(hand, table, `hex ${buf.toString('hex')}`);
  return hand;
}

function corrupt(buf: Buffer, r: () => number): Buffer {
  const b = Buffer.from(buf);
  const at = Math.floor(r() * b.length);
  switch (Math.floor(r() * 4)) {
    case 0:
      return b.subarray(0, at);
    case 1:
      b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
      return b;
    case 2:
      b[at] = Math.floor(r() * 256);
      return b;
    default:
      return Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(r() * 256)]), b.subarray(at)]);
  }
}

const DEFS = [TracesRequestDef, MetricsRequestDef, LogsRequestDef];

test('hand-written walkers agree with the table walk on random valid requests and corrupted copies', () => {
  const r = rng(20261125);
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < 150; i++) {
    for (const def of DEFS) {
      const buf = Buffer.from(genMsg(def, r, 0));
      agree(buf, def, false);
      agree(buf, def, true);
      for (let k = 0; k < 25; k++) {
        const bad = corrupt(buf, r);
        if (typeof agree(bad, def, k % 2 === 0) === 'number') accepted++;
        else rejected++;
      }
    }
  }
  // Both outcomes must be well represented for the comparison to mean anything.
  assert.ok(accepted > 1000 && rejected > 1000, `accepted ${accepted}, rejected ${rejected}`);
});

test('hand-written walkers agree with the table walk on the every-field fixtures and the bench payload', () => {
  const r = rng(7);
  // Attribute values of two-byte lengths (130 and 300 bytes) take the walk's long-KeyValue path.
  const long = buildBenchTraces(4);
  long[0]!.scopeSpans[0]!.spans.forEach((s, i) => (s.attributes[1]!.value = 'u'.repeat(i % 2 ? 130 : 300)));
  const inputs: [Buffer, MsgDef, number][] = [
    [new Traces(long).toProto(), TracesRequestDef, 4],
    [new Traces(fullTraces()).toProto(), TracesRequestDef, 2],
    [new Traces(buildBenchTraces(20)).toProto(), TracesRequestDef, 20],
    [new Metrics(fullMetrics()).toProto(), MetricsRequestDef, 6],
    [new Logs(fullLogs()).toProto(), LogsRequestDef, 2],
  ];
  for (const [buf, def, items] of inputs) {
    assert.equal(agree(buf, def, true), items);
    for (let k = 0; k < 600; k++) agree(corrupt(buf, r), def, k % 3 === 0);
  }
});

test('every field of every message reaches its own case, not the unknown-field skip', () => {
  // A sub-message of each known field gets a bad tag inside; only a walker that looks into the
  // field rejects it (the skip for unknown fields would accept it).
  const r = rng(99);
  for (const def of DEFS) {
    for (let i = 0; i < 40; i++) {
      const buf = Buffer.from(genMsg(def, r, 0));
      for (let at = 0; at < buf.length; at += 7) {
        const b = Buffer.from(buf);
        b[at] = 0x07; // field 0, wire type 7
        agree(b, def, false);
      }
    }
  }
});
