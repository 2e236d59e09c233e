// The decoder's shortcuts against its generic paths: the one-scalar KeyValue fast path
// (pushKeyValue) must give the same KeyValue and end position as the field-by-field
// readKeyValue, or fall back to it, on canonical, unusual and corrupted attribute bytes; the
// attribute key cache (Reader.key) must never return another key's string or a wrongly decoded
// one, including keys built to land in the same cache slot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue } from '../common.js';
import { PdataDecodeError } from '../errors.js';
import { Span, Traces } from '../traces.js';
import { buildBenchTraces } from '../bench-payload.js';
import { pushKeyValue, readKeyValue } from './common-decode.js';
import { Reader } from './reader.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return ((a ^ (a >>> 13)) >>> 0) / 4294967296;
  };
}

const len = (body: number[]): number[] => {
  const out: number[] = [];
  let n = body.length;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return [...out, n, ...body];
};

/** A KeyValue message body with a key and a value of one scalar field (or something odder). */
function kvBody(r: () => number): number[] {
  const key = [...Buffer.from(['http.method', 'k', '', 'net.peer.port', 'ключ', 'x'.repeat(140)][Math.floor(r() * 6)]!)];
  const values: number[][] = [
    [0x0a, ...len([...Buffer.from('GET')])],
    [0x0a, ...len([...Buffer.from('y'.repeat(130))])],
    [0x10, 0x01],
    [0x18, 0xc8, 0x01],
    [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    [0x21, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
    [],
    [0x0a, 0x01, 0x41, 0x10, 0x01], // two fields: last one wins
    [0x3a, 0x02, 0x00, 0xff],
  ];
  const value = values[Math.floor(r() * values.length)]!;
  const parts = [
    [0x0a, ...len(key)],
    [0x12, ...len(value)],
  ];
  if (r() < 0.1) parts.reverse();
  if (r() < 0.1) parts.push([0x18, 0x05]); // key_strindex, skipped
  return parts.flat();
}

function outcome(buf: Buffer, fast: boolean): unknown {
  const r = new Reader(buf);
  try {
    const attrs: KeyValue[] = [];
    if (fast) pushKeyValue(r, buf.length, attrs);
    else attrs.push(readKeyValue(r, r.lenEnd(buf.length), 0));
    return { kv: attrs[0], pos: r.pos };
  } catch (e) {
    assert.ok(e instanceof PdataDecodeError, String(e));
    return 'throws';
  }
}

test('the one-scalar KeyValue fast path agrees with the generic KeyValue decoder', () => {
  const r = rng(42);
  for (let i = 0; i < 3000; i++) {
    const buf = Buffer.from([...len(kvBody(r)), 0x4a, 0x00]); // a following field the reads must stop before
    assert.deepEqual(outcome(buf, true), outcome(buf, false), buf.toString('hex'));
    for (let k = 0; k < 4; k++) {
      const bad = Buffer.from(buf);
      const at = Math.floor(r() * bad.length);
      bad[at] = r() < 0.5 ? Math.floor(r() * 256) : bad[at]! ^ 0x80;
      const cut = r() < 0.3 ? bad.subarray(0, Math.floor(r() * bad.length)) : bad;
      assert.deepEqual(outcome(cut, true), outcome(cut, false), cut.toString('hex'));
    }
  }
});

test('the key cache returns each key exactly, for colliding, non-ASCII and invalid UTF-8 keys', () => {
  // Same length and same first, middle and last two bytes: the same cache slot.
  const colliding = ['aQ...m...zz', 'aR...m...zz', 'aQ.-.m...zz', 'a....m..Xzz'];
  const keys = [...colliding, 'ключ', 'plain', 'x'.repeat(60)];
  const spans = keys.map((k, i) => {
    const s = new Span();
    s.name = `s${i}`;
    s.attributes = [new KeyValue(k, i), new KeyValue(keys[(i + 1) % keys.length]!, 'v')];
    return s;
  });
  const tree = buildBenchTraces(1);
  tree[0]!.scopeSpans[0]!.spans = spans;
  const bytes = new Traces(tree).toProto();
  for (let round = 0; round < 4; round++) {
    const got = Traces.fromProto(bytes).resourceSpans[0]!.scopeSpans[0]!.spans;
    assert.deepEqual(
      got.map((s) => s.attributes.map((a) => a.key)),
      spans.map((s) => s.attributes.map((a) => a.key)),
    );
  }
  // A key that is not valid UTF-8 decodes with replacement characters every time, never as latin1.
  const span = [0x4a, ...len([0x0a, 0x03, 0x61, 0xff, 0x62, 0x12, 0x00])];
  const req = Buffer.from([0x0a, ...len([0x12, ...len([0x12, ...len(span)])])]);
  for (let round = 0; round < 4; round++) {
    const span = Traces.fromProto(req).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(span.attributes[0]!.key, 'a\ufffdb');
  }
});
