// lz4 frames made by Debian's `lz4` CLI (the reference implementation), in the shapes a client may
// send: one frame, declared content size, linked blocks, block checksums, several blocks,
// concatenated and skippable frames; and the refusals: corrupt, truncated, over the limit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BodyTooLargeError, compress, decompress, DecompressionError } from './index.js';
import { lz4DecompressSync, scanLz4Frames } from './lz4.js';
import { fuzzDecoder } from '../../testing/fuzz.js';
import { rawRequest } from '../../testing/http.js';
import { startReceiver } from '../../testing/otlp-receiver.js';
import { fullTraces } from '../../pdata/test-fixtures.js';
import { Traces } from '../../pdata/index.js';

function lz4cli(input: Buffer, ...flags: string[]): Buffer {
  const res = spawnSync('lz4', ['-c', '-q', ...flags], { input, maxBuffer: 256 << 20 });
  assert.equal(res.status, 0, `the lz4 CLI (Debian package lz4) must be installed: ${res.stderr?.toString() ?? res.error}`);
  return res.stdout;
}

// Text that compresses like a JSON log body, with enough variety to need real matches.
const body = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `{"ts":${1_700_000_000 + i},"level":"${i % 3 ? 'info' : 'warn'}","msg":"request ${i} served"}`).join('\n'),
);

test('frames from the lz4 CLI decode: default, content size, linked blocks, block checksums, 64 KiB blocks', async () => {
  for (const flags of [[], ['--content-size'], ['-BD'], ['-BX'], ['-B4'], ['-B4', '-BD', '-BX', '--content-size'], ['-9']]) {
    const framed = lz4cli(body, ...flags);
    assert.deepEqual(await decompress('lz4', framed, body.length), body, `flags ${flags.join(' ')}`);
  }
  const incompressible = randomBytes(200_000);
  assert.deepEqual(await decompress('lz4', lz4cli(incompressible, '-B4'), 200_000), incompressible, 'stored (uncompressed) blocks');
  assert.deepEqual(await decompress('LZ4', lz4cli(Buffer.alloc(0)), 10), Buffer.alloc(0), 'an empty frame');
});

test('concatenated frames all decode (the library alone stops after the first); skippable frames are skipped', async () => {
  const a = lz4cli(Buffer.from('first part;'));
  const b = lz4cli(Buffer.from('second part'));
  const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0]), Buffer.from('abc')]);
  assert.equal((await decompress('lz4', Buffer.concat([a, skippable, b]), 100)).toString(), 'first part;second part');
});

test('our compress() output is read back by the lz4 CLI', async () => {
  const framed = await compress('lz4', body);
  const res = spawnSync('lz4', ['-d', '-c', '-q'], { input: framed, maxBuffer: 64 << 20 });
  assert.equal(res.status, 0, res.stderr.toString());
  assert.deepEqual(res.stdout, body);
});

test('corrupt, truncated and trailing bytes are DecompressionErrors naming lz4', async () => {
  const framed = lz4cli(body);
  const bad = (buf: Buffer) =>
    assert.rejects(decompress('lz4', buf, 10 << 20), (e: unknown) => e instanceof DecompressionError && e.message.startsWith('lz4: corrupt input'));
  await bad(Buffer.from('x'));
  await bad(Buffer.from('not lz4 at all, just text'));
  await bad(framed.subarray(0, framed.length - 9));
  await bad(Buffer.concat([framed, Buffer.from('junk')]));
  const flipped = Buffer.from(framed);
  flipped[40]! ^= 0xff; // inside the first block's data: the content checksum no longer matches
  await bad(flipped);
  const version = Buffer.from(framed);
  version[4] = (version[4]! & 0x3f) | 0x80;
  await bad(version);
});

test('a body that would inflate past the limit is refused before it is decoded', async () => {
  const zeros = lz4cli(Buffer.alloc(64 << 20)); // 64 MiB of zeros → ~250 KiB of frame
  assert.ok(zeros.length < 1 << 20);
  const frames = scanLz4Frames(zeros);
  assert.ok(frames.reduce((n, f) => n + f.bound, 0) >= 64 << 20);
  const before = process.memoryUsage().arrayBuffers;
  await assert.rejects(decompress('lz4', zeros, 1 << 20), BodyTooLargeError);
  assert.ok(process.memoryUsage().arrayBuffers - before < 32 << 20, 'nothing near 64 MiB was allocated');
  // A declared content size is trusted for the early refusal, and checked against what decodes.
  const sized = lz4cli(body, '--content-size');
  await assert.rejects(decompress('lz4', sized, body.length - 1), BodyTooLargeError);
  const lying = Buffer.from(sized);
  lying.writeUInt32LE(body.length - 10, 6); // the content size field: the header checksum or the decoded length gives it away
  assert.throws(() => lz4DecompressSync(lying, 10 << 20), DecompressionError);
  // Just under the limit with the bound one block over: decoded, then measured exactly.
  const big = lz4cli(Buffer.alloc(5 << 20, 'a'));
  assert.equal((await decompress('lz4', big, 5 << 20)).length, 5 << 20);
  await assert.rejects(decompress('lz4', big, (5 << 20) - 1), BodyTooLargeError);
});

test('fuzz: malformed lz4 input only ever raises DecompressionError or BodyTooLargeError', () => {
  const seeds = [lz4cli(body.subarray(0, 3000)), lz4cli(body.subarray(0, 3000), '-B4', '-BX', '--content-size'), lz4cli(Buffer.from('tiny'))];
  const r = fuzzDecoder({
    name: 'lz4-frame',
    seeds,
    decode: (b) => lz4DecompressSync(b, 1 << 20),
    expected: (e) => e instanceof DecompressionError || e instanceof BodyTooLargeError,
  });
  assert.ok(r.rejected > 0 && r.accepted >= seeds.length);
});

test('the OTLP receiver accepts an lz4-framed OTLP/HTTP body (lz4 is in its default compression_algorithms)', async () => {
  const r = await startReceiver({ grpc: null });
  try {
    const sent = new Traces(fullTraces());
    const proto = sent.toProto();
    const res = await rawRequest(`http://${r.http}/v1/traces`, {
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'lz4' },
      body: lz4cli(proto),
    });
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(r.consumers.traces!.itemCount(), sent.itemCount());
    assert.deepEqual(r.consumers.traces!.payloads[0]!.toProto(), proto, 'the decompressed request is what was sent');
  } finally {
    await r.stop();
  }
});
