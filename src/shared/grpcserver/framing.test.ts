import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameMessage, parseGrpcTimeout, UnaryMessageReader } from './framing.js';
import { decodeGrpcMessage, encodeGrpcMessage, GrpcError, GrpcStatus, grpcCodeForHttp, httpStatusForGrpc } from './status.js';

test('a message split across chunks, even inside its prefix, is reassembled', () => {
  const framed = frameMessage(Buffer.from('hello world'));
  const reader = new UnaryMessageReader(1024);
  for (const cut of [framed.subarray(0, 2), framed.subarray(2, 7), framed.subarray(7)]) reader.push(cut);
  assert.deepEqual(reader.finish(), { compressed: false, payload: Buffer.from('hello world') });
});

test('a second message, a missing message and an oversize prefix are refused', () => {
  const two = new UnaryMessageReader(1024);
  assert.throws(
    () => two.push(Buffer.concat([frameMessage(Buffer.from('a')), frameMessage(Buffer.from('b'))])),
    (e: GrpcError) => e.code === GrpcStatus.INTERNAL,
  );
  assert.throws(() => new UnaryMessageReader(1024).finish(), /received no request message/);
  const big = Buffer.from([0, 0, 0, 8, 0]);
  assert.throws(() => new UnaryMessageReader(1024).push(big), /grpc: received message larger than max \(2048 vs\. 1024\)/);
});

test('grpc-timeout units and grpc-message percent-encoding', () => {
  assert.deepEqual(['1H', '2M', '3S', '40m', '5000u', '7n', 'x', '123456789S', undefined].map(parseGrpcTimeout), [
    3_600_000,
    120_000,
    3_000,
    40,
    5,
    7e-6,
    undefined,
    undefined,
    undefined,
  ]);
  assert.equal(encodeGrpcMessage('ok: 50% done\n€'), 'ok: 50%25 done%0A%E2%82%AC');
  assert.equal(decodeGrpcMessage('ok: 50%25 done%0A%E2%82%AC'), 'ok: 50% done\n€');
});

test('gRPC ↔ HTTP status mapping follows the OTLP receiver', () => {
  assert.deepEqual([14, 8, 3, 16, 7, 12, 13, 2, 4].map(httpStatusForGrpc), [503, 429, 400, 401, 403, 404, 500, 500, 503]);
  assert.deepEqual([400, 401, 403, 404, 429, 503, 413, 500].map(grpcCodeForHttp), [3, 16, 7, 12, 8, 14, 2, 2]);
});
