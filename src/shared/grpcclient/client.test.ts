import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { DecodeContext } from '../../config/schema.js';
import type { Extension } from '../../components/types.js';
import { testHost, silentLogger } from '../httpserver/testing.js';
import { makeTestCerts } from '../tls/testcerts.js';
import { GrpcServer } from '../grpcserver/server.js';
import { grpcServerSchema } from '../grpcserver/config.js';
import { GrpcError, GrpcStatus } from '../grpcserver/status.js';
import { createGrpcClient, encodeGrpcTimeout, grpcClientSchema, validateGrpcClient, GrpcCallError, type GrpcClient, type GrpcClientOptions } from './index.js';

const PATH = '/test.Echo/Say';
const clients: GrpcClient[] = [];
after(async () => {
  for (const c of clients) await c.close();
});

function clientConfig(input: Record<string, unknown>) {
  const ctx = new DecodeContext();
  const cfg = grpcClientSchema().decode(input, [], ctx);
  assert.deepEqual(ctx.issues, []);
  assert.deepEqual(validateGrpcClient(cfg), []);
  return cfg;
}

function client(input: Record<string, unknown>, opts: GrpcClientOptions = {}): GrpcClient {
  const c = createGrpcClient(clientConfig(input), { userAgent: 'otelcol-ts-test/1', ...opts });
  clients.push(c);
  return c;
}

type Handler = (req: Buffer, md: grpc.Metadata) => { reply?: Buffer; error?: Partial<grpc.StatusObject> } | 'hang';

async function grpcJsServer(handler: Handler, creds = grpc.ServerCredentials.createInsecure()) {
  const server = new grpc.Server();
  const seen: Array<{ request: Buffer; metadata: grpc.Metadata }> = [];
  const pending: Array<() => void> = [];
  server.addService(
    {
      Say: {
        path: PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    {
      Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        seen.push({ request: call.request, metadata: call.metadata });
        const out = handler(call.request, call.metadata);
        if (out === 'hang') {
          pending.push(() => cb(null, Buffer.alloc(0)));
          return;
        }
        if (out.error) cb(out.error as grpc.ServiceError);
        else cb(null, out.reply ?? Buffer.from('ok'));
      },
    },
  );
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? rej(e) : res(p))));
  return {
    port,
    seen,
    close: async () => {
      for (const p of pending) p();
      server.forceShutdown();
    },
  };
}

test('a unary call over h2c carries gzip, metadata, user agent and returns the response', async () => {
  const srv = await grpcJsServer((req) => ({ reply: Buffer.concat([Buffer.from('echo:'), req]) }));
  try {
    const c = client({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, headers: { 'X-Tenant': 'acme' } });
    const res = await c.unary(PATH, Buffer.from('hello'), { timeoutMs: 5_000, metadata: { 'x-call': '1' } });
    assert.equal(res.toString(), 'echo:hello');
    const md = srv.seen[0]!.metadata;
    assert.deepEqual(md.get('x-tenant'), ['acme']);
    assert.deepEqual(md.get('x-call'), ['1']);
    assert.match(String(md.get('user-agent')[0]), /^otelcol-ts-test\/1/);
    assert.equal(md.get('grpc-encoding')[0], undefined, 'grpc-js strips grpc-encoding after decoding');
    // A second call reuses the same connection.
    await c.unary(PATH, Buffer.from('again'));
    assert.equal(srv.seen.length, 2);
  } finally {
    await srv.close();
  }
});

test('the request message is gzip-compressed on the wire with grpc-encoding', async () => {
  const seen: Array<{ headers: http2.IncomingHttpHeaders; body: Buffer }> = [];
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      seen.push({ headers, body: Buffer.concat(chunks) });
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x68, 0x69]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const c = client({ endpoint: `http://127.0.0.1:${port}`, tls: { insecure: true } });
    const payload = Buffer.from('x'.repeat(1000));
    const res = await c.unary(PATH, payload, { timeoutMs: 5_000 });
    assert.equal(res.toString(), 'hi');
    const { headers, body } = seen[0]!;
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
  server.unary(PATH, async (req) => {
    got.push(req);
    return Buffer.from('ok');
  });
  const address = await server.start(testHost());
  try {
    for (const compression of ['zstd', 'snappy', 'none']) {
      const c = client({ endpoint: address, tls: { insecure: true }, compression });
      const msg = Buffer.from(`${compression} `.repeat(200));
      assert.equal((await c.unary(PATH, msg, { timeoutMs: 5_000 })).toString(), 'ok');
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
    const c = client({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true } });
    await assert.rejects(c.unary(PATH, Buffer.from('bad')), (err: GrpcCallError) => {
      assert.ok(err instanceof GrpcCallError);
      assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
      assert.equal(err.message, 'rpc error: code = InvalidArgument desc = bad span: 100%');
      assert.equal(err.hasRetryInfo, false);
      return true;
    });
    await assert.rejects(c.unary(PATH, Buffer.from('throttle')), (err: GrpcCallError) => {
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
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': 'draining%20now' }, { endStream: true });
    } else {
      stream.respond({ ':status': 503, 'content-type': 'text/plain' });
      stream.end('busy');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const c = client({ endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { insecure: true } });
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
    const c = client({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true } });
    await assert.rejects(c.unary(PATH, Buffer.from('x'), { timeoutMs: 200 }), {
      code: GrpcStatus.DEADLINE_EXCEEDED,
      message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    });
    const ctl = new AbortController();
    const call = c.unary(PATH, Buffer.from('x'), { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    await assert.rejects(call, { code: GrpcStatus.CANCELLED });
  } finally {
    await srv.close();
  }
  assert.equal(encodeGrpcTimeout(5_000), '5000000u');
  assert.equal(encodeGrpcTimeout(200), '200000u');
  assert.equal(encodeGrpcTimeout(0.05), '50000n');
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('a closed port fails fast with UNAVAILABLE in grpc-go words; wait_for_ready waits for the server', async () => {
  const port = await freePort();
  const c = client({ endpoint: `127.0.0.1:${port}`, tls: { insecure: true } });
  await assert.rejects(c.unary(PATH, Buffer.from('x'), { timeoutMs: 5_000 }), (err: GrpcCallError) => {
    assert.equal(err.code, GrpcStatus.UNAVAILABLE);
    assert.equal(
      err.message,
      `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:${port}: connect: connection refused"`,
    );
    return true;
  });

  const waiting = client({ endpoint: `127.0.0.1:${port}`, tls: { insecure: true }, wait_for_ready: true });
  const call = waiting.unary(PATH, Buffer.from('late'), { timeoutMs: 8_000 });
  await new Promise((r) => setTimeout(r, 200));
  const server = new grpc.Server();
  server.addService(
    { Say: { path: PATH, requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
    { Say: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from('ready')) },
  );
  await new Promise<void>((res, rej) => server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
  try {
    assert.equal((await call).toString(), 'ready');
  } finally {
    server.forceShutdown();
  }
});

test('after GOAWAY new calls go over a new connection', async () => {
  let sessions = 0;
  const server = http2.createServer();
  server.on('session', () => sessions++);
  server.on('stream', (stream) => {
    stream.resume();
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => {
        stream.sendTrailers({ 'grpc-status': '0' });
        stream.session?.goaway();
      });
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const c = client({ endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { insecure: true } });
    await c.unary(PATH, Buffer.from('1'), { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 50));
    await c.unary(PATH, Buffer.from('2'), { timeoutMs: 5_000 });
    assert.equal(sessions, 2);
  } finally {
    server.close();
  }
});

test('TLS: verifies the server against ca_file, refuses an unknown CA, sends SNI / ALPN h2', async (t) => {
  const certs = makeTestCerts();
  if (!certs) {
    t.skip('openssl is not installed');
    return;
  }
  const creds = grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(certs.pem(certs.serverCert)), private_key: Buffer.from(certs.pem(certs.serverKey)) }]);
  const srv = await grpcJsServer(() => ({ reply: Buffer.from('secure') }), creds);
  try {
    const good = client({ endpoint: `localhost:${srv.port}`, tls: { ca_file: certs.caFile } });
    assert.equal((await good.unary(PATH, Buffer.from('x'), { timeoutMs: 5_000 })).toString(), 'secure');
    assert.equal(good.secure, true);
    const roots = client({ endpoint: `localhost:${srv.port}` });
    await assert.rejects(roots.unary(PATH, Buffer.from('x'), { timeoutMs: 5_000 }), (err: GrpcCallError) => {
      assert.equal(err.code, GrpcStatus.UNAVAILABLE);
      assert.match(err.message, /authentication handshake failed/);
      return true;
    });
  } finally {
    await srv.close();
    certs.cleanup();
  }
});

test('an authenticator adds metadata; one that needs TLS is refused on h2c', async () => {
  const srv = await grpcJsServer(() => ({}));
  try {
    const ext = (requiresTransportSecurity: boolean): Extension => ({
      start: async () => undefined,
      shutdown: async () => undefined,
      clientAuth: { authHeaders: () => ({ authorization: 'Bearer t0k3n' }), requiresTransportSecurity },
    });
    const host = testHost({ 'bearertokenauth/a': ext(false), 'bearertokenauth/tls': ext(true) });
    const c = client({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, auth: { authenticator: 'bearertokenauth/a' } });
    c.start(host);
    await c.unary(PATH, Buffer.from('x'), { timeoutMs: 5_000 });
    assert.deepEqual(srv.seen[0]!.metadata.get('authorization'), ['Bearer t0k3n']);
    const strict = client({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, auth: { authenticator: 'bearertokenauth/tls' } });
    assert.throws(() => strict.start(host), /credentials require transport level security/);
  } finally {
    await srv.close();
  }
});

test('keepalive: an unanswered ping closes the connection and the next call reconnects', async () => {
  const backend = await grpcJsServer(() => ({ reply: Buffer.from('pong') }));
  // A TCP relay that can stop forwarding, so the server looks alive but never answers pings.
  let frozen = false;
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((down) => {
    accepted++;
    const up = net.connect(backend.port, '127.0.0.1');
    sockets.add(down).add(up);
    down.on('data', (d) => frozen || up.write(d));
    up.on('data', (d) => frozen || down.write(d));
    const end = () => {
      down.destroy();
      up.destroy();
    };
    down.on('close', end).on('error', end);
    up.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  try {
    const port = (relay.address() as AddressInfo).port;
    const c = client(
      { endpoint: `127.0.0.1:${port}`, tls: { insecure: true }, keepalive: { time: '50ms', timeout: '100ms', permit_without_stream: true } },
      { minKeepaliveTimeMs: 50 },
    );
    assert.equal((await c.unary(PATH, Buffer.from('1'), { timeoutMs: 2_000 })).toString(), 'pong');
    frozen = true;
    const hung = c.unary(PATH, Buffer.from('2'), { timeoutMs: 5_000 });
    await assert.rejects(hung, { code: GrpcStatus.UNAVAILABLE, message: 'rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout' });
    frozen = false;
    assert.equal((await c.unary(PATH, Buffer.from('3'), { timeoutMs: 2_000 })).toString(), 'pong');
    assert.equal(accepted, 2);
  } finally {
    for (const s of sockets) s.destroy();
    relay.close();
    await backend.close();
  }
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
  server.unary(PATH, async () => {
    throw new GrpcError(GrpcStatus.DATA_LOSS, 'lost');
  });
  const address = await server.start(testHost());
  try {
    const c = client({ endpoint: address, tls: { insecure: true } });
    await assert.rejects(c.unary(PATH, Buffer.from('x')), { code: GrpcStatus.DATA_LOSS, message: 'rpc error: code = DataLoss desc = lost' });
  } finally {
    await server.shutdown();
  }
});
