import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { DecodeContext } from '../../core/schema.js';
import { AuthError, headerValue } from '../auth/index.js';
import { httpServerSchema, validateHttpServer, type HttpServerConfig } from './config.js';
import { HttpServer, type HttpCall } from './server.js';
import { compress } from '../compression/index.js';
import { makeTestCert } from '../../testing/certs.js';
import { rawRequest } from '../../testing/http.js';
import { silentLogger } from '../../testing/logger.js';
import { testHost } from '../../testing/host.js';

function config(input: Record<string, unknown> = {}): HttpServerConfig {
  const ctx = new DecodeContext();
  const cfg = httpServerSchema({ endpoint: '127.0.0.1:0' }).decode(input, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

/** A server whose /echo route answers with the decoded body and records each call. */
async function echoServer(input: Record<string, unknown> = {}, host = testHost()) {
  const calls: HttpCall[] = [];
  const server = new HttpServer(config(input), { id: 'test', logger: silentLogger });
  server.route('/echo', ['POST'], async (call) => {
    calls.push(call);
    try {
      const body = await call.readBody();
      call.res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch (err) {
      const e = err as { status: number; message: string };
      call.res.writeHead(e.status).end(e.message);
    }
  });
  const address = await server.start(host);
  return { server, calls, url: `http://${address}/echo`, address };
}

test('routes by path and method with Go texts for 404 and 405', async () => {
  const { server, url, address } = await echoServer();
  try {
    const ok = await rawRequest(url, { body: 'hello' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString(), 'hello');
    const get = await rawRequest(url, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.body.toString(), '405 method not allowed, supported: [POST]');
    const missing = await rawRequest(`http://${address}/nope`, { body: 'x' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.toString(), '404 page not found\n');
  } finally {
    await server.shutdown();
  }
});

test('decodes Content-Encoding and refuses unknown or corrupt encodings', async () => {
  const { server, url } = await echoServer();
  try {
    const gz = await rawRequest(url, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync('zipped') });
    assert.equal(gz.body.toString(), 'zipped');
    const df = await rawRequest(url, { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateSync('deflated') });
    assert.equal(df.body.toString(), 'deflated');
    const br = await rawRequest(url, { headers: { 'content-encoding': 'br' }, body: 'x' });
    assert.equal(br.status, 400);
    assert.equal(br.body.toString(), 'unsupported Content-Encoding: br\n');
    const lz4 = await rawRequest(url, { headers: { 'content-encoding': 'lz4' }, body: await compress('lz4', Buffer.from('lz4 framed')) });
    assert.equal(lz4.body.toString(), 'lz4 framed');
    const badLz4 = await rawRequest(url, { headers: { 'content-encoding': 'lz4' }, body: 'x' });
    assert.equal(badLz4.status, 400);
    const bad = await rawRequest(url, { headers: { 'content-encoding': 'gzip' }, body: 'not gzip at all' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.toString(), /gzip/);
  } finally {
    await server.shutdown();
  }
});

test('compression_algorithms narrows the accepted encodings', async () => {
  const { server, url } = await echoServer({ compression_algorithms: ['', 'zstd'] });
  try {
    const gz = await rawRequest(url, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync('zipped') });
    assert.equal(gz.status, 400);
    assert.equal(gz.body.toString(), 'unsupported Content-Encoding: gzip\n');
  } finally {
    await server.shutdown();
  }
});

test('max_request_body_size applies to received and to decompressed bytes', async () => {
  const { server, url } = await echoServer({ max_request_body_size: 1000 });
  try {
    const declared = await rawRequest(url, { body: Buffer.alloc(5000) });
    assert.equal(declared.status, 413);
    assert.equal(declared.body.toString(), 'http: request body too large');
    const chunked = await rawRequest(url, { headers: { 'transfer-encoding': 'chunked' }, body: Buffer.alloc(5000) });
    assert.equal(chunked.status, 413);
    const bomb = zlib.gzipSync(Buffer.alloc(100_000));
    assert.ok(bomb.length < 1000);
    const inflated = await rawRequest(url, { headers: { 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(inflated.status, 413);
    const fits = await rawRequest(url, { body: Buffer.alloc(1000, 1) });
    assert.equal(fits.status, 200);
  } finally {
    await server.shutdown();
  }
});

test('a client stalled mid-body does not hold up others and is cut by read_timeout', async () => {
  const { server, address, url } = await echoServer({ read_timeout: '300ms' });
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const stalled = net.connect(port, host);
  try {
    const answer = new Promise<string>((resolve) => {
      let text = '';
      stalled.on('data', (d) => (text += d.toString()));
      stalled.on('close', () => resolve(text));
      stalled.on('error', () => resolve(text));
    });
    stalled.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part');
    const other = await rawRequest(url, { body: 'still served' });
    assert.equal(other.status, 200);
    assert.equal(other.body.toString(), 'still served');
    const text = await answer;
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.match(text, /timeout reading request body/);
  } finally {
    stalled.destroy();
    await server.shutdown();
  }
});

test('CORS: preflight answered before auth, wildcard origins, actual requests decorated', async () => {
  const { server, url } = await echoServer({
    cors: { allowed_origins: ['https://*.example.com'], allowed_headers: ['X-Custom'], max_age: 600 },
  });
  try {
    const pre = await rawRequest(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-custom, content-type',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(pre.headers['access-control-allow-methods'], 'POST');
    assert.equal(pre.headers['access-control-allow-headers'], 'x-custom, content-type');
    assert.equal(pre.headers['access-control-max-age'], '600');
    const denied = await rawRequest(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(denied.status, 204);
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
    const actual = await rawRequest(url, { headers: { origin: 'https://app.example.com' }, body: 'x' });
    assert.equal(actual.status, 200);
    assert.equal(actual.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(actual.headers['access-control-allow-credentials'], 'true');
  } finally {
    await server.shutdown();
  }
});

test('auth, include_metadata and response_headers reach the handler and the client', async () => {
  const ext = {
    async start() {},
    async shutdown() {},
    serverAuth: {
      async authenticate(headers: Record<string, string | string[] | undefined>) {
        if (headerValue(headers, 'Authorization') !== 'Bearer good' && headerValue(headers, 'token') !== 'q-good') throw new AuthError('bad token');
        return { subject: 'alice' };
      },
    },
  };
  const { server, url, calls } = await echoServer(
    { auth: { authenticator: 'bearer', request_params: ['token'] }, include_metadata: true, response_headers: { 'X-Served-By': 'otelcol-ts' } },
    testHost({ bearer: ext }),
  );
  try {
    const denied = await rawRequest(url, { body: 'x' });
    assert.equal(denied.status, 401);
    assert.equal(denied.body.toString(), 'bad token\n');
    assert.equal(calls.length, 0);
    const ok = await rawRequest(url, { headers: { authorization: 'Bearer good', 'x-tenant': 'a' }, body: 'x' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['x-served-by'], 'otelcol-ts');
    assert.deepEqual(calls[0]!.ctx.auth, { subject: 'alice' });
    assert.deepEqual(calls[0]!.ctx.metadata!.get('x-tenant'), ['a']);
    assert.equal(calls[0]!.ctx.clientAddress, '127.0.0.1');
    const byQuery = await rawRequest(`${url}?token=q-good`, { body: 'x' });
    assert.equal(byQuery.status, 200);
    assert.equal(calls[1]!.query.get('token'), 'q-good');
  } finally {
    await server.shutdown();
  }
});

test('an unknown authenticator fails start', async () => {
  const server = new HttpServer(config({ auth: { authenticator: 'missing' } }), { id: 'test', logger: silentLogger });
  await assert.rejects(server.start(testHost()), /failed to resolve authenticator "missing": authenticator not found/);
});

test('shutdown lets an in-flight request finish, then refuses connections', async () => {
  const server = new HttpServer(config(), { id: 'test', logger: silentLogger });
  let release!: () => void;
  const entered = new Promise<void>((resolve) => {
    server.route('/slow', ['POST'], async (call) => {
      await call.readBody();
      resolve();
      await new Promise<void>((r) => (release = r));
      call.res.writeHead(200).end('done');
    });
  });
  const address = await server.start(testHost());
  const pending = rawRequest(`http://${address}/slow`, { body: 'x' });
  await entered;
  const closed = server.shutdown();
  release();
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), 'done');
  await closed;
  await assert.rejects(rawRequest(`http://${address}/slow`, { body: 'x' }), /ECONNREFUSED/);
});

test('shutdown closes idle keep-alive connections instead of waiting for them', async () => {
  const server = new HttpServer(config(), { id: 'test', logger: silentLogger, shutdownGraceMs: 60_000 });
  server.route('/ok', ['POST'], (call) => void call.res.writeHead(200).end('ok'));
  const address = await server.start(testHost());
  const agent = new http.Agent({ keepAlive: true });
  try {
    const socketClosed = new Promise<void>((resolve) => {
      const req = http.request(`http://${address}/ok`, { method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => undefined);
      });
      req.on('socket', (s) => s.once('close', () => resolve()));
      req.end('x');
    });
    await new Promise((r) => setTimeout(r, 50));
    // With a 60 s grace period this only finishes promptly if the idle socket is closed.
    await server.shutdown();
    await socketClosed;
  } finally {
    agent.destroy();
  }
});

test('TLS with a generated certificate', async () => {
  const cert = makeTestCert();
  const { server, address } = await echoServer({ tls: { cert_file: cert.certFile, key_file: cert.keyFile } });
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const req = https.request(`https://${address}/echo`, { method: 'POST', ca: cert.cert, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end('secret');
    });
    assert.equal(body, 'secret');
  } finally {
    await server.shutdown();
    cert.cleanup();
  }
});

test('endpoint problems: config validation and bind errors', async () => {
  assert.deepEqual(validateHttpServer(config({ endpoint: 'localhost' }), ['http']), [
    { path: ['http', 'endpoint'], message: 'address localhost: missing port in address' },
  ]);
  assert.deepEqual(validateHttpServer(config({ endpoint: '[::1]:4318' })), []);
  assert.deepEqual(validateHttpServer(config({ endpoint: ':4318' })), []);
  const first = await echoServer();
  try {
    const second = new HttpServer(config({ endpoint: first.address }), { id: 'test', logger: silentLogger });
    await assert.rejects(second.start(testHost()), new RegExp(`listen tcp ${first.address}: bind: address already in use`));
  } finally {
    await first.server.shutdown();
  }
});
