import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import * as snappyjs from 'snappyjs';
import { BodyTooLargeError, compress, COMPRESSIONS, decompress, DecompressionError, validateCompression } from './index.js';
import { crc32c, snappyBlockCompress } from './snappy.js';

function logBody(bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = JSON.stringify({ ts: 1_700_000_000_000 + i * 13, level: ['info', 'warn'][i % 2], msg: `GET /items/${(i * 7919) % 10007} 200` });
    lines.push(l);
    n += l.length + 1;
  }
  return Buffer.from(lines.join('\n')).subarray(0, bytes);
}

const hasCli = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

test('every algorithm round-trips, from empty to bodies that take the async paths', async () => {
  for (const size of [0, 1, 1_000, 300_000, 1_500_000]) {
    const body = logBody(size);
    for (const alg of COMPRESSIONS) {
      const packed = await compress(alg, body);
      if (size > 1_000) assert.ok(packed.length < body.length, `${alg} did not shrink ${size} bytes`);
      const back = await decompress(alg, packed, size);
      assert.ok(back.equals(body), `${alg} round trip of ${size} bytes`);
    }
  }
});

test('identity names pass bodies through but still enforce the limit', async () => {
  const body = logBody(100);
  for (const name of ['', 'none', 'identity']) {
    assert.ok((await compress(name, body)).equals(body));
    assert.ok((await decompress(name, body, 100)).equals(body));
  }
  await assert.rejects(decompress('', body, 99), BodyTooLargeError);
});

test('Content-Encoding names are case-insensitive; deflate accepts zlib and raw deflate', async () => {
  const body = logBody(5_000);
  assert.ok((await decompress('GZIP', zlib.gzipSync(body), 10_000)).equals(body));
  assert.ok((await decompress('x-gzip', zlib.gzipSync(body), 10_000)).equals(body));
  assert.ok((await decompress('deflate', zlib.deflateSync(body), 10_000)).equals(body));
  assert.ok((await decompress('deflate', zlib.deflateRawSync(body), 10_000)).equals(body));
  // Go sends `deflate` as zlib, so ours does too.
  assert.ok(zlib.inflateSync(await compress('deflate', body)).equals(body));
});

test('a gzip bomb stops at the limit instead of inflating fully', async () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < 100_000);
  await assert.rejects(
    decompress('gzip', bomb, 1024 * 1024),
    (e: BodyTooLargeError) => e instanceof BodyTooLargeError && e.limitBytes === 1024 * 1024,
  );
  await assert.rejects(decompress('zlib', zlib.deflateSync(Buffer.alloc(8 * 1024 * 1024)), 1_000), BodyTooLargeError);
});

/** A zstd frame without a content size: `blocks` RLE blocks of 128 KiB each, from a few bytes. */
function zstdRleBomb(blocks: number): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]); // no FCS, window 128 KiB
  const parts = [header];
  for (let i = 0; i < blocks; i++) {
    const last = i === blocks - 1 ? 1 : 0;
    const bh = last | (1 << 1) | ((128 * 1024) << 3);
    parts.push(Buffer.from([bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff, 0x41]));
  }
  return Buffer.concat(parts);
}

test('zstd: declared sizes and windows are checked before decoding; streams stop at the limit', async () => {
  const small = zstdRleBomb(2);
  assert.equal((await decompress('zstd', small, 1 << 20)).length, 256 * 1024);
  const bomb = zstdRleBomb(1_000); // 125 MiB from 4 KiB
  const t0 = performance.now();
  await assert.rejects(decompress('zstd', bomb, 1 << 20), BodyTooLargeError);
  assert.ok(performance.now() - t0 < 5_000);
  const declared = await compress('zstd', Buffer.alloc(4 * 1024 * 1024));
  await assert.rejects(decompress('zstd', declared, 1 << 20), BodyTooLargeError);
  const hugeWindow = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]); // 2^41-byte window
  await assert.rejects(decompress('zstd', hugeWindow, 1 << 20), /zstd: frame window of \d+ bytes exceeds the limit/);
});

test('snappy: a declared length over the limit is refused before allocation; framed chunks add up', async () => {
  const declaresFourGiB = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]);
  await assert.rejects(decompress('snappy', declaresFourGiB, 1 << 20), BodyTooLargeError);
  const framed = await compress('x-snappy-framed', Buffer.alloc(300_000, 7));
  await assert.rejects(decompress('x-snappy-framed', framed, 200_000), BodyTooLargeError);
  // Go's server recognises a framed stream sent as `snappy`.
  assert.equal((await decompress('snappy', framed, 300_000)).length, 300_000);
});

test('snappy block decoder agrees with both libraries and rejects corrupt input', async () => {
  const body = logBody(200_000);
  assert.ok((await decompress('snappy', snappyBlockCompress(body), body.length)).equals(body));
  assert.ok((await decompress('snappy', Buffer.from(snappyjs.compress(body)), body.length)).equals(body));
  assert.ok(Buffer.from(snappyjs.uncompress(await compress('snappy', body))).equals(body));
  // "abcabcabcabc": literal "abc" then an overlapping copy (length 9, offset 3).
  const overlap = Buffer.from([12, 0x08, 0x61, 0x62, 0x63, (0x02 | ((9 - 1) << 2)) & 0xff, 3, 0]);
  assert.equal((await decompress('snappy', overlap, 100)).toString(), 'abcabcabcabc');
  const bad = [
    Buffer.from([10, 0x08, 0x61]), // literal runs past the input
    Buffer.from([12, 0x08, 0x61, 0x62, 0x63, 0x22, 9, 0]), // copy offset beyond output
    Buffer.from([5, 0x08, 0x61, 0x62, 0x63]), // shorter than declared
    Buffer.alloc(0),
  ];
  for (const b of bad) await assert.rejects(decompress('snappy', b, 100), DecompressionError);
});

test('bad data raises DecompressionError naming the algorithm', async () => {
  const junk = Buffer.from('definitely not compressed');
  for (const alg of ['gzip', 'zlib', 'zstd', 'x-snappy-framed']) {
    await assert.rejects(
      decompress(alg, junk, 1_000),
      (e: DecompressionError) => e instanceof DecompressionError && e.message.startsWith(`${alg}: `),
    );
  }
  const framed = await compress('x-snappy-framed', Buffer.from('hello'));
  framed[framed.length - 1]! ^= 0xff;
  await assert.rejects(decompress('x-snappy-framed', framed, 1_000), /checksum mismatch/);
});

test('unknown names are refused clearly, at config time and at run time; lz4 is decoded but not configurable for sending', async () => {
  await assert.rejects(decompress('br', Buffer.from('x'), 10), /unsupported compression type "br"/);
  assert.match(validateCompression('lz4')[0]!.message, /"lz4" is not supported by otelcol-ts/);
  assert.equal(validateCompression('brotli')[0]!.message, 'unsupported compression type "brotli"');
  assert.deepEqual(validateCompression('gzip', 9), []);
  assert.deepEqual(validateCompression('zstd', 22), []);
  assert.deepEqual(validateCompression('none'), []);
  assert.equal(validateCompression('gzip', 11)[0]!.message, 'unsupported parameters {Level:11} for compression type "gzip"');
  assert.equal(validateCompression('snappy', 3)[0]!.message, 'unsupported parameters {Level:3} for compression type "snappy"');
});

test('crc32c matches the published check value', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test(
  'interoperates with the gzip and zstd command-line tools',
  { skip: !hasCli('zstd') || !hasCli('gzip') ? 'gzip or zstd CLI not installed' : false },
  async () => {
    const body = logBody(100_000);
    for (const [alg, cmd] of [
      ['gzip', 'gzip'],
      ['zstd', 'zstd'],
    ] as const) {
      const ours = await compress(alg, body);
      const viaCli = spawnSync(cmd, ['-d', '-c'], { input: ours, maxBuffer: 1 << 24 });
      assert.equal(viaCli.status, 0, `${cmd} -d failed`);
      assert.ok(viaCli.stdout.equals(body));
      const theirs = spawnSync(cmd, ['-c'], { input: body, maxBuffer: 1 << 24 });
      assert.ok((await decompress(alg, theirs.stdout, body.length)).equals(body));
    }
  },
);
