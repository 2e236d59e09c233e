import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { DecodeContext } from '../../core/schema.js';
import { AuthError, headerValue } from '../auth/index.js';
import { makeTestCert } from '../../testing/certs.js';
import { silentLogger } from '../../testing/logger.js';
import { testHost } from '../../testing/host.js';
import { grpcServerSchema, type GrpcServerConfig } from './config.js';
import { GrpcServer, type GrpcCall } from './server.js';
import { GrpcError, GrpcStatus, decodeGrpcMessage } from './status.js';

const PATH = '/test.Echo/Say';

function config(input: Record<string, unknown> = {}): GrpcServerConfig {
  const ctx = new DecodeContext();
  const cfg = grpcServerSchema({ endpoint: '127.0.0.1:0' }).decode(input, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

async function echoServer(input: Record<string, unknown> = {}, host = testHost()) {
  const calls: Array<{ request: Buffer; call: GrpcCall }> = [];
  const server = new GrpcServer(config(input), { id: 'test', logger: silentLogger });
  server.unary(PATH, async (request, call) => {
    calls.push({ request, call });
    const text = request.toString();
    if (text.startsWith('fail:')) throw new GrpcError(GrpcStatus.UNAVAILABLE, text.slice(5));
    if (text === 'wait') await new Promise((r) => setTimeout(r, 100));
    return Buffer.from(`echo:${text}`);
  });
  const address = await server.start(host);
  return { server, calls, address };
}

function frame(payload: Buffer, compressed = false): Buffer {
  const head = Buffer.alloc(5);
  head[0] = compressed ? 1 : 0;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

interface RawAnswer {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** One call over a raw HTTP/2 session; status comes from trailers or a trailers-only answer. */
function rawCall(session: http2.ClientHttp2Session, body: Buffer, headers: http2.OutgoingHttpHeaders = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (responseHeaders = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
    stream.end(body);
  });
}

const statusOf = (a: RawAnswer) => Number(a.trailers['grpc-status'] ?? a.headers['grpc-status']);
const messageOf = (a: RawAnswer) => decodeGrpcMessage(String(a.trailers['grpc-message'] ?? a.headers['grpc-message'] ?? ''));

test('unary call over h2c: framing, trailers, raised windows, gzip and error statuses', async () => {
  const { server, address, calls } = await echoServer({ max_recv_msg_size_mib: 1 });
  const session = http2.connect(`http://${address}`);
  try {
    const ok = await rawCall(session, frame(Buffer.from('hi')));
    assert.equal(ok.headers[':status'], 200);
    assert.equal(ok.headers['content-type'], 'application/grpc');
    assert.match(String(ok.headers['grpc-accept-encoding']), /gzip/);
    assert.equal(statusOf(ok), 0);
    assert.deepEqual(ok.body, frame(Buffer.from('echo:hi')));
    assert.equal(session.remoteSettings.initialWindowSize, 4 * 1024 * 1024);

    const gz = await rawCall(session, frame(zlib.gzipSync('zipped'), true), { 'grpc-encoding': 'gzip' });
    assert.equal(statusOf(gz), 0);
    assert.equal(calls.at(-1)!.request.toString(), 'zipped');

    const unknownEnc = await rawCall(session, frame(Buffer.from('x'), true), { 'grpc-encoding': 'br' });
    assert.equal(statusOf(unknownEnc), GrpcStatus.UNIMPLEMENTED);
    assert.equal(messageOf(unknownEnc), 'grpc: Decompressor is not installed for grpc-encoding "br"');

    const flagNoEnc = await rawCall(session, frame(Buffer.from('x'), true));
    assert.equal(statusOf(flagNoEnc), GrpcStatus.INTERNAL);

    const big = await rawCall(session, frame(Buffer.alloc(2 * 1024 * 1024)));
    assert.equal(statusOf(big), GrpcStatus.RESOURCE_EXHAUSTED);
    assert.equal(messageOf(big), 'grpc: received message larger than max (2097152 vs. 1048576)');

    const bomb = await rawCall(session, frame(zlib.gzipSync(Buffer.alloc(3 * 1024 * 1024)), true), { 'grpc-encoding': 'gzip' });
    assert.equal(statusOf(bomb), GrpcStatus.RESOURCE_EXHAUSTED);

    const refused = await rawCall(session, frame(Buffer.from('fail:busy 100% ünïcode')));
    assert.equal(statusOf(refused), GrpcStatus.UNAVAILABLE);
    assert.equal(refused.headers['grpc-message'], 'busy 100%25 %C3%BCn%C3%AFcode');
    assert.equal(messageOf(refused), 'busy 100% ünïcode');

    const truncated = await rawCall(session, frame(Buffer.from('hello')).subarray(0, 6));
    assert.equal(statusOf(truncated), GrpcStatus.INTERNAL);

    const unknownMethod = await rawCall(session, frame(Buffer.from('x')), { ':path': '/test.Echo/Shout' });
    assert.equal(messageOf(unknownMethod), 'unknown method Shout for service test.Echo');
    const unknownService = await rawCall(session, frame(Buffer.from('x')), { ':path': '/other.Svc/Do' });
    assert.equal(statusOf(unknownService), GrpcStatus.UNIMPLEMENTED);
    assert.equal(messageOf(unknownService), 'unknown service other.Svc');

    const late = await rawCall(session, frame(Buffer.from('wait')), { 'grpc-timeout': '20m' });
    assert.equal(statusOf(late), GrpcStatus.DEADLINE_EXCEEDED);

    const wrongType = await rawCall(session, frame(Buffer.from('x')), { 'content-type': 'application/json' });
    assert.equal(wrongType.headers[':status'], 415);
  } finally {
    session.destroy();
    await server.shutdown();
  }
});

test('grpc-js client: success, status codes, auth and metadata', async () => {
  const ext = {
    async start() {},
    async shutdown() {},
    serverAuth: {
      async authenticate(headers: Record<string, string | string[] | undefined>) {
        if (headerValue(headers, 'authorization') !== 'Bearer good') throw new AuthError('missing or bad token');
        return { subject: 'bob' };
      },
    },
  };
  const { server, address, calls } = await echoServer({ auth: { authenticator: 'a' }, include_metadata: true }, testHost({ a: ext }));
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const call = (text: string, md: Record<string, string>) =>
    new Promise<Buffer>((resolve, reject) => {
      const metadata = new grpc.Metadata();
      for (const [k, v] of Object.entries(md)) metadata.set(k, v);
      client.makeUnaryRequest(
        PATH,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(text),
        metadata,
        (err, res) => (err ? reject(err) : resolve(res!)),
      );
    });
  try {
    assert.equal((await call('hello', { authorization: 'Bearer good', 'x-tenant': 't1' })).toString(), 'echo:hello');
    assert.deepEqual(calls[0]!.call.ctx.auth, { subject: 'bob' });
    assert.deepEqual(calls[0]!.call.ctx.metadata!.get('x-tenant'), ['t1']);
    await assert.rejects(call('hello', {}), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAUTHENTICATED);
      assert.equal(err.details, 'missing or bad token');
      return true;
    });
    await assert.rejects(call('fail:try later', { authorization: 'Bearer good' }), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAVAILABLE);
      assert.equal(err.details, 'try later');
      return true;
    });
  } finally {
    client.close();
    await server.shutdown();
  }
});

test('TLS with ALPN h2 and a generated certificate', async () => {
  const cert = makeTestCert();
  const { server, address } = await echoServer({ tls: { cert_file: cert.certFile, key_file: cert.keyFile } });
  const client = new grpc.Client(address, grpc.credentials.createSsl(cert.cert), { 'grpc.ssl_target_name_override': 'localhost' });
  try {
    const res = await new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest(
        PATH,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from('tls'),
        (err, r) => (err ? reject(err) : resolve(r!)),
      ),
    );
    assert.equal(res.toString(), 'echo:tls');
  } finally {
    client.close();
    await server.shutdown();
    cert.cleanup();
  }
});

test('shutdown sends GOAWAY and lets the in-flight call finish', async () => {
  const { server, address, calls } = await echoServer();
  const session = http2.connect(`http://${address}`);
  try {
    const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
    const inflight = rawCall(session, frame(Buffer.from('wait')));
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const stopped = server.shutdown();
    await goaway;
    const answer = await inflight;
    assert.equal(statusOf(answer), 0);
    assert.deepEqual(answer.body, frame(Buffer.from('echo:wait')));
    await stopped;
  } finally {
    session.destroy();
  }
});

test('keepalive: idle connections get GOAWAY, ping floods get too_many_pings', async () => {
  const { server, address } = await echoServer({ keepalive: { server_parameters: { max_connection_idle: '100ms' } } });
  try {
    const idle = http2.connect(`http://${address}`);
    await new Promise<void>((resolve) => idle.once('goaway', () => resolve()));
    idle.destroy();

    const flood = http2.connect(`http://${address}`);
    flood.on('error', () => undefined);
    const calm = new Promise<[number, string]>((resolve) => flood.once('goaway', (code, _last, data) => resolve([code, data?.toString() ?? ''])));
    await new Promise<void>((resolve) => flood.once('connect', () => resolve()));
    for (let i = 0; i < 4; i++) flood.ping(() => undefined);
    assert.deepEqual(await calm, [http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, 'too_many_pings']);
    flood.destroy();
  } finally {
    await server.shutdown();
  }
});
