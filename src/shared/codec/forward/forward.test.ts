// The forward codec on its own: framing across arbitrary chunk boundaries, every limit with its
// error code, Go's mode/arity/type rules, times beyond Go (float, v1.5), and fuzzing of both the
// framer and the event decoder with src/testing/fuzz.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { DEFAULT_FORWARD_LIMITS, ForwardDecodeError, ForwardFramer, decodeForwardEvent, type ForwardErrorCode } from './index.js';
import { arr, encodeMp, eventTime, map, type Mp } from './testkit.js';

const decode = (b: Buffer, limits = DEFAULT_FORWARD_LIMITS) => decodeForwardEvent(b, 0, b.length, limits);

function code(fn: () => unknown): ForwardErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (err) {
    assert.ok(err instanceof ForwardDecodeError, `not a ForwardDecodeError: ${String(err)}`);
    return err.code;
  }
}

const docker = encodeMp(arr('abc', 1_700_000_000, map({ container_id: 'x', log: 'hello' }), map({})));
const forward = encodeMp(arr('t', arr(arr(eventTime(1, 2), map({ a: 1 })), arr(3, map({ b: 2 })))));
const packedBytes = Buffer.concat([encodeMp(arr(1, map({ a: 1 }))), encodeMp(arr(eventTime(2, 0), map({ b: 'x' })))]);
const packed = encodeMp(arr('t', { bin: packedBytes }, map({ chunk: 'c' })));
const gz = encodeMp(arr('t', { bin: gzipSync(packedBytes) }, map({ compressed: 'gzip' })));

test('every split point of a multi-frame stream yields the same frames', () => {
  const stream = Buffer.concat([docker, forward, packed, gz]);
  for (let cut = 0; cut <= stream.length; cut++) {
    for (const step of [1, 3]) {
      const framer = new ForwardFramer();
      const frames: Buffer[] = [];
      const chunks = [
        stream.subarray(0, cut),
        ...Array.from({ length: Math.ceil((stream.length - cut) / step) }, (_, i) => stream.subarray(cut + i * step, cut + (i + 1) * step)),
      ];
      for (const c of chunks) for (const f of framer.push(c)) frames.push(Buffer.from(f));
      assert.deepEqual(frames, [docker, forward, packed, gz], `cut ${cut} step ${step}`);
      assert.equal(framer.buffered, 0);
    }
  }
});

test('modes, chunk, times', () => {
  const m = decode(docker);
  assert.equal(m.mode, 'message');
  assert.equal(m.entries[0]!.timeUnixNano, 1_700_000_000_000_000_000n);
  const f = decode(forward);
  assert.equal(f.mode, 'forward');
  assert.deepEqual(
    f.entries.map((e) => e.timeUnixNano),
    [1_000_000_002n, 3_000_000_000n],
  );
  const p = decode(packed);
  assert.equal(p.mode, 'packed_forward');
  assert.equal(p.chunk, 'c');
  assert.equal(p.entries.length, 2);
  const g = decode(gz);
  assert.equal(g.mode, 'compressed_packed_forward');
  assert.deepEqual(
    g.entries.map((e) => e.record[0]!.key),
    ['a', 'b'],
  );
  // Beyond Go: float seconds, and the forward v1.5 entry [[time, metadata], record].
  assert.equal(decode(encodeMp(arr('t', { f64: 1.25 }, map({})))).entries[0]!.timeUnixNano, 1_250_000_000n);
  const v15 = decode(encodeMp(arr('t', arr(arr(arr(eventTime(5, 6), map({ k: 'v' })), map({ log: 'x' }))))));
  assert.equal(v15.entries[0]!.timeUnixNano, 5_000_000_006n);
  assert.ok(v15.entries[0]!.metadata);
  // A non-string chunk is not an ack request (Go: chunk.(string)).
  assert.equal(decode(encodeMp(arr('t', 1, map({}), map({ chunk: 5 })))).chunk, undefined);
});

test('bad frames are refused with a code naming the problem', () => {
  const cases: Array<[ForwardErrorCode, Mp | Buffer]> = [
    ['bad_arity', arr('t', 1)],
    ['bad_arity', arr('t', 1, map({}), map({}), 5)],
    ['bad_arity', arr('t', arr(), map({}), 1)],
    ['bad_type', arr(1, 2, map({}))],
    ['bad_type', arr({ bin: 'tag' }, 1, map({}))],
    ['bad_type', arr('t', 1, 'record')],
    ['bad_type', arr('t', 1, map({}), 'options')],
    ['bad_type', arr('t', 1, { map: [[1, 2]] })],
    ['bad_mode', arr('t', { bool: true }, map({}))],
    ['bad_mode', arr('t', map({}), map({}))],
    ['bad_time', arr('t', { ext: 5, data: new Uint8Array(8) }, map({}))],
    ['bad_time', arr('t', { ext: 0, data: new Uint8Array(4) }, map({}))],
    ['bad_time', arr('t', arr(arr('x', map({}))))],
    ['bad_arity', arr('t', arr(arr(1, map({}), 3)))],
    ['bad_gzip', arr('t', { bin: 'nope' }, map({ compressed: 'gzip' }))],
    ['truncated', arr('t', { bin: Buffer.from([0x92, 0x01]) })],
  ];
  for (const [want, v] of cases) {
    const bytes = Buffer.isBuffer(v) ? v : encodeMp(v as Mp);
    assert.equal(
      code(() => decode(bytes)),
      want,
      `${bytes.toString('hex')}`,
    );
  }
  assert.equal(
    code(() => new ForwardFramer().push(Buffer.from('GET / HTTP/1.1\r\n'))),
    'not_an_array',
  );
  assert.equal(
    code(() => new ForwardFramer().push(Buffer.from([0x91, 0xc1]))),
    'bad_prefix',
  );
});

test('limits: elements, depth, frame, tag, packed and inflated sizes', () => {
  const small = {
    ...DEFAULT_FORWARD_LIMITS,
    maxElements: 4,
    maxDepth: 3,
    maxTagBytes: 3,
    maxPackedBytes: 16,
    maxDecompressedBytes: 64,
    maxFrameBytes: 1024,
  };
  const framer = () => new ForwardFramer(small);
  // An absurd declared length fails on its header, before any body bytes arrive.
  assert.equal(
    code(() => framer().push(Buffer.from([0x93, 0xdb, 0x7f, 0xff, 0xff, 0xff]))),
    'frame_too_large',
  );
  assert.equal(
    code(() => framer().push(Buffer.from([0x93, 0xa1, 0x74, 0xdd, 0x00, 0x01, 0x00, 0x00]))),
    'too_many_elements',
  );
  assert.equal(
    code(() => framer().push(encodeMp(arr(arr(arr(arr(1))))))),
    'too_deep',
  );
  assert.equal(
    code(() => decode(encodeMp(arr('tags', 1, map({}))), small)),
    'tag_too_large',
  );
  assert.equal(
    code(() => decode(encodeMp(arr('t', { bin: Buffer.alloc(17) })), small)),
    'packed_too_large',
  );
  const bomb = gzipSync(Buffer.alloc(10_000));
  assert.equal(
    code(() => decode(encodeMp(arr('t', { bin: bomb }, map({ compressed: 'gzip' }))), { ...small, maxPackedBytes: 1 << 20 })),
    'decompressed_too_large',
  );
  assert.equal(
    code(() => decode(encodeMp(arr('t', 1, map({ a: 1, b: 2, c: 3, d: 4, e: 5 }))), small)),
    'too_many_elements',
  );
});

test('a hostile map with 64 Ki repeated keys decodes in linear time', () => {
  const keys: Array<[Mp, Mp]> = [];
  for (let i = 0; i < 65_000; i++) keys.push([{ str: `k${i % 30_000}` }, i]);
  const bytes = encodeMp(arr('t', 1, map({ nested: { map: keys } })));
  const t0 = performance.now();
  const e = decode(bytes);
  assert.ok(performance.now() - t0 < 2_000);
  const nested = e.entries[0]!.record[0]!.value as { values: unknown[] };
  assert.equal(nested.values.length, 30_000);
});

test('fuzz: the framer and the event decoder throw only ForwardDecodeError', () => {
  const seeds = [docker, forward, packed, gz, encodeMp(arr('t', arr(arr(arr(eventTime(1, 2), map({ m: 1 })), map({ log: { f32: 1.5 } })))))];
  fuzzDecoder({
    name: 'fluent forward framer+decoder',
    seeds,
    decode: (bytes) => {
      const framer = new ForwardFramer();
      const buf = Buffer.from(bytes);
      const half = buf.length >> 1;
      for (const part of [buf.subarray(0, half), buf.subarray(half)]) for (const f of framer.push(part)) decodeForwardEvent(f, 0, f.length);
    },
    expected: (err) => err instanceof ForwardDecodeError,
  });
  fuzzDecoder({
    name: 'fluent forward event decoder',
    seeds,
    decode: (bytes) => {
      const buf = Buffer.from(bytes);
      decodeForwardEvent(buf, 0, buf.length);
    },
    expected: (err) => err instanceof ForwardDecodeError,
  });
});
