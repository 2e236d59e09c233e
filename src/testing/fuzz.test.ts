import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzDecoder, FuzzFailure } from './fuzz.js';

// A tiny length-prefixed record format: [u8 count] then count × ([u16be len] [len bytes]).
class RecordError extends Error {}

function encode(records: string[]): Uint8Array {
  const parts: number[] = [records.length];
  for (const r of records) {
    const b = Buffer.from(r);
    parts.push(b.length >> 8, b.length & 0xff, ...b);
  }
  return Uint8Array.from(parts);
}

function decodeChecked(b: Uint8Array): string[] {
  if (b.length < 1) throw new RecordError('empty');
  const count = b[0]!;
  const out: string[] = [];
  let at = 1;
  for (let i = 0; i < count; i++) {
    if (at + 2 > b.length) throw new RecordError(`record ${i}: truncated length`);
    const len = (b[at]! << 8) | b[at + 1]!;
    at += 2;
    if (at + len > b.length) throw new RecordError(`record ${i}: length ${len} past the end`);
    out.push(Buffer.from(b.subarray(at, at + len)).toString('latin1'));
    at += len;
  }
  if (at !== b.length) throw new RecordError('trailing bytes');
  return out;
}

// The classic bug: trusts the length field, then dereferences bytes that are not there.
function decodeBuggy(b: Uint8Array): string[] {
  if (b.length < 1) throw new RecordError('empty');
  const out: string[] = [];
  let at = 1;
  for (let i = 0; i < b[0]!; i++) {
    const len = (b[at]! << 8) | b[at + 1]!;
    at += 2;
    const chars: string[] = [];
    for (let k = 0; k < len; k++) chars.push((b[at + k] as number).toString(16)); // TypeError past the end
    out.push(chars.join(''));
    at += len;
  }
  return out;
}

const seeds = [encode(['hello', 'world']), encode([]), encode(['x'.repeat(300)])];

test('a correct decoder passes, and every run is counted', () => {
  const r = fuzzDecoder({
    name: 'records-ok',
    seeds,
    decode: decodeChecked,
    expected: (e) => e instanceof RecordError,
    iterations: 3000,
    timeMs: 5000,
  });
  assert.equal(r.runs, 3000);
  assert.equal(r.accepted + r.rejected, r.runs);
  assert.ok(r.accepted >= seeds.length, 'the seeds decode');
  assert.ok(r.rejected > 100, `mutations reach the error paths (rejected ${r.rejected})`);
});

test('a decoder that throws TypeError on a crafted length is caught, with the input as hex', () => {
  assert.throws(
    () => fuzzDecoder({ name: 'records-buggy', seeds, decode: decodeBuggy, expected: (e) => e instanceof RecordError, timeMs: 5000 }),
    (err: unknown) => {
      assert.ok(err instanceof FuzzFailure);
      assert.match(err.message, /fuzz records-buggy: decode threw an unexpected error: TypeError/);
      const hexMatch = /hex: ([0-9a-f]+)/.exec(err.message);
      assert.ok(hexMatch, err.message);
      // The reported input really reproduces the bug.
      const input = Uint8Array.from(Buffer.from(hexMatch[1]!, 'hex'));
      assert.deepEqual(input, err.input);
      assert.throws(() => decodeBuggy(input), TypeError);
      assert.ok(err.cause instanceof TypeError);
      return true;
    },
  );
});

test('same seed, same inputs; a different seed explores differently', () => {
  const seen = (seed: number) => {
    const inputs: string[] = [];
    fuzzDecoder({
      name: 'det',
      seeds,
      seed,
      iterations: 200,
      timeMs: 10_000,
      decode: (b) => inputs.push(Buffer.from(b).toString('hex')),
      expected: () => false,
    });
    return inputs;
  };
  const a = seen(42);
  assert.equal(a.length, 200);
  assert.deepEqual(seen(42), a);
  assert.notDeepEqual(seen(43), a);
});

test('an input that makes the decoder spin is reported as a hang', () => {
  // Spins on a count byte of 0xff (a stand-in for a loop that never advances on a corrupt length).
  const spinning = (b: Uint8Array) => {
    if (b[0] === 0xff) {
      const t0 = performance.now();
      while (performance.now() - t0 < 120);
    }
    return decodeChecked(b);
  };
  assert.throws(
    () => fuzzDecoder({ name: 'spin', seeds, decode: spinning, expected: (e) => e instanceof RecordError, slowMs: 60, timeMs: 10_000 }),
    (err: unknown) => err instanceof FuzzFailure && /took \d+ ms \(limit 60 ms, twice\)/.test(err.message) && /hex: ff/.test(err.message),
  );
});

test('errors the decoder is allowed to throw do not fail; anything else does, including non-Errors', () => {
  assert.throws(
    () =>
      fuzzDecoder({
        name: 'throws-string',
        seeds,
        decode: () => {
          throw 'boom';
        },
        expected: (e) => e instanceof RecordError,
      }),
    /non-Error thrown: boom/,
  );
});

test('an async decode is refused (the time check needs a synchronous one)', () => {
  assert.throws(() => fuzzDecoder({ name: 'async', seeds, decode: async () => undefined, expected: () => true }), /must be synchronous/);
});
