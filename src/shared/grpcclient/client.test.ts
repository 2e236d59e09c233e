import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { DecodeContext } from '../../core/schema.js';
import { silentLogger } from '../../testing/logger.js';
import { testHost } from '../../testing/host.js';
import { GrpcServer } from '../grpcserver/server.js';
import { grpcServerSchema } from '../grpcserver/config.js';
import { GrpcError, GrpcStatus } from '../grpcserver/status.js';
import { encodeGrpcTimeout, grpcClientSchema, validateGrpcClient, GrpcCallError } from './index.js';
import { ECHO_PATH, grpcJsServer } from '../../testing/grpc-server.js';
import { testGrpcClient } from '../../testing/grpc-client.js';

test('a unary call over h2c carries gzip, metadata, user agent and returns the response', async () => {
  const srv = await grpcJsServer((req) => ({ reply: Buffer.concat([Buffer.from('echo:'), req]) }));
  try {
    const c = testGrpcClient({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, headers: { 'X-Tenant': 'acme' } });
    const res = await c.unary(ECHO_PATH, Buffer.from('hello'), { timeoutMs: 5_000, metadata: { 'x-call': '1' } });
    assert.equal(res.toString(), 'echo:hello');
    const md = srv.seen[0]!.metadata;
    assert.deepEqual(md.get('x-tenant'), ['acme']);
    assert.deepEqual(md.get('x-call'), ['1']);
    assert.match(String(md.get('user-agent')[0]), /^otelcol-ts-test\/1/);
    assert.equal(md.get('grpc-encoding')[0], undefined, 'grpc-js strips grpc-encoding after decoding');
    // A second call reuses the same connection.
    await c.unary(ECHO_PATH, Buffer.from('again'));
    assert.equal(srv.seen.length, 2);
  } finally {
    await srv.close();
  }
});

test('the request message is gzip-compressed on the wire with grpc-encoding; receive windows are raised', async () => {
  const seen: Array<{ headers: http2.IncomingHttpHeaders; body: Buffer; peerWindow: number }> = [];
  const streamWindows: number[] = [];
  const server = http2.createServer();
  server.on('session', (session) => session.once('remoteSettings', (st) => streamWindows.push(st.initialWindowSize ?? 0)));
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      seen.push({ headers, body: Buffer.concat(chunks), peerWindow: stream.session!.state.remoteWindowSize ?? 0 });
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x68, 0x69]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const c = testGrpcClient({ endpoint: `http://127.0.0.1:${port}`, tls: { insecure: true } });
    const payload = Buffer.from('x'.repeat(1000));
    const res = await c.unary(ECHO_PATH, payload, { timeoutMs: 5_000 });
    assert.equal(res.toString(), 'hi');
    const { headers, body, peerWindow } = seen[0]!;
    assert.deepEqual(streamWindows, [4 * 1024 * 1024]);
    assert.ok(peerWindow >= 16 * 1024 * 1024 - 65_535, `connection window ${peerWindow}`);
    assert.equal(headers['grpc-encoding'], 'gzip');
    assert.equal(headers['content-type'], 'application/grpc');
    assert.equal(headers.te, 'trailers');
    assert.equal(headers[':authority'], `127.0.0.1:${port}`);
    assert.match(String(headers['grpc-timeout']), /^\d+[num]$/);
    assert.equal(body[0], 1, 'compressed flag');
    assert.equal(body.readUInt32BE(1), body.length - 5);
    assert.deepEqual(zlib.gunzipSync(body.subarray(5)), payload);
  } finally {
    server.close();
  }
});

test('zstd and snappy requests decode on our own gRPC server; none sends the message as is', async () => {
  const ctx = new DecodeContext();
  const server = new GrpcServer(grpcServerSchema({ endpoint: '127.0.0.1:0' }).decode({}, [], ctx), { id: 'test', logger: silentLogger });
  const got: Buffer[] = [];
  server.unary(ECHO_PATH, async (req) => {
    got.push(req);
    return Buffer.from('ok');
  });
  const address = await server.start(testHost());
  try {
    for (const compression of ['zstd', 'snappy', 'none']) {
      const c = testGrpcClient({ endpoint: address, tls: { insecure: true }, compression });
      const msg = Buffer.from(`${compression} `.repeat(200));
      assert.equal((await c.unary(ECHO_PATH, msg, { timeoutMs: 5_000 })).toString(), 'ok');
      assert.deepEqual(got.at(-1), msg, compression);
    }
  } finally {
    await server.shutdown();
  }
});

test('a status error carries Go’s text, the code, and RetryInfo from grpc-status-details-bin', async () => {
  // google.rpc.Status{code 8, message "slow down", details [Any{RetryInfo{retry_delay {seconds 2 nanos 500000000}}}]}
  const retryInfo = Buffer.from([0x0a, 0x08, 0x08, 0x02, 0x10, 0x80, 0xca, 0xb5, 0xee, 0x01]);
  const typeUrl = Buffer.from('type.googleapis.com/google.rpc.RetryInfo');
  const any = Buffer.concat([Buffer.from([0x0a, typeUrl.length]), typeUrl, Buffer.from([0x12, retryInfo.length]), retryInfo]);
  const msg = Buffer.from('slow down');
  const status = Buffer.concat([Buffer.from([0x08, 0x08, 0x12, msg.length]), msg, Buffer.from([0x1a, any.length]), any]);
  const srv = await grpcJsServer((req) => {
    if (req.toString() === 'throttle') {
      const md = new grpc.Metadata();
      md.set('grpc-status-details-bin', status);
      return { error: { code: grpc.status.RESOURCE_EXHAUSTED, details: 'slow down', metadata: md } };
    }
    return { error: { code: grpc.status.INVALID_ARGUMENT, details: 'bad span: 100%' } };
  });
  try {
    const c = testGrpcClient({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true } });
    await assert.rejects(c.unary(ECHO_PATH, Buffer.from('bad')), (err: GrpcCallError) => {
      assert.ok(err instanceof GrpcCallError);
      assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
      assert.equal(err.message, 'rpc error: code = InvalidArgument desc = bad span: 100%');
      assert.equal(err.hasRetryInfo, false);
      return true;
    });
    await assert.rejects(c.unary(ECHO_PATH, Buffer.from('throttle')), (err: GrpcCallError) => {
      assert.equal(err.code, GrpcStatus.RESOURCE_EXHAUSTED);
      assert.equal(err.retryDelayMs, 2_500);
      return true;
    });
  } finally {
    await srv.close();
  }
});

test('a Trailers-Only answer and a non-gRPC HTTP answer map to gRPC codes', async () => {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.resume();
    if (headers[':path'] === '/only') {
      stream.respond(
        { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': 'draining%20now' },
        { endStream: true },
      );
    } else {
      stream.respond({ ':status': 503, 'content-type': 'text/plain' });
      stream.end('busy');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const c = testGrpcClient({ endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { insecure: true } });
    await assert.rejects(c.unary('/only', Buffer.from('x')), { message: 'rpc error: code = Unavailable desc = draining now' });
    await assert.rejects(c.unary('/http', Buffer.from('x')), {
      code: GrpcStatus.UNAVAILABLE,
      message:
        'rpc error: code = Unavailable desc = unexpected HTTP status code received from server: 503 (Service Unavailable); transport: received unexpected content-type "text/plain"',
    });
  } finally {
    server.close();
  }
});

test('the deadline becomes grpc-timeout and ends a call the server never answers', async () => {
  const srv = await grpcJsServer(() => 'hang');
  try {
    const c = testGrpcClient({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true } });
    await assert.rejects(c.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 200 }), {
      code: GrpcStatus.DEADLINE_EXCEEDED,
      message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    });
    const ctl = new AbortController();
    const call = c.unary(ECHO_PATH, Buffer.from('x'), { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    await assert.rejects(call, { code: GrpcStatus.CANCELLED });
  } finally {
    await srv.close();
  }
  assert.equal(encodeGrpcTimeout(5_000), '5000000u');
  assert.equal(encodeGrpcTimeout(200), '200000u');
  assert.equal(encodeGrpcTimeout(0.05), '50000n');
});

test('config validation uses Go’s messages', () => {
  const issues = (input: Record<string, unknown>) => {
    const ctx = new DecodeContext();
    return validateGrpcClient(grpcClientSchema().decode(input, [], ctx)).map((i) => i.message);
  };
  assert.deepEqual(issues({ endpoint: 'example.com' }), ['address example.com: missing port in address']);
  assert.deepEqual(issues({ endpoint: 'example.com:port' }), ['invalid port "port"']);
  assert.deepEqual(issues({ endpoint: 'unix://' }), ['unix socket path cannot be empty']);
  assert.deepEqual(issues({ endpoint: 'dns:///backend.example.com:4317' }), []);
  assert.deepEqual(issues({ endpoint: 'https://ingest.lightstep.com:443' }), []);
  assert.deepEqual(issues({ endpoint: 'a:1', compression: 'zlib' }), ['unsupported compression type "zlib"']);
  assert.deepEqual(issues({ endpoint: 'a:1', balancer_name: 'nope' }), ['invalid balancer_name: nope']);
  assert.deepEqual(issues({ endpoint: 'a:1', tls: { min_version: 'asd' } }), ['invalid TLS min_version: unsupported TLS version: "asd"']);
});

test('GrpcError thrown by our server arrives with its code', async () => {
  const ctx = new DecodeContext();
  const server = new GrpcServer(grpcServerSchema({ endpoint: '127.0.0.1:0' }).decode({}, [], ctx), { id: 'test', logger: silentLogger });
  server.unary(ECHO_PATH, async () => {
    throw new GrpcError(GrpcStatus.DATA_LOSS, 'lost');
  });
  const address = await server.start(testHost());
  try {
    const c = testGrpcClient({ endpoint: address, tls: { insecure: true } });
    await assert.rejects(c.unary(ECHO_PATH, Buffer.from('x')), { code: GrpcStatus.DATA_LOSS, message: 'rpc error: code = DataLoss desc = lost' });
  } finally {
    await server.shutdown();
  }
});
