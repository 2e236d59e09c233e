import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ConsumerError } from '../../core/consumer.js';
import type { Extension, Host } from '../../core/component.js';
import { testHost } from '../../testing/host.js';
import { DecodeContext } from '../../core/schema.js';
import { decompress } from '../compression/index.js';
import { makeTestCerts, type TestCerts } from '../../testing/certs.js';
import { createHttpClient, httpClientSchema, httpResponseError, type HttpClient } from './index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

async function startServer(handler: Handler, secure?: { cert: string; key: string }) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server = secure ? https.createServer(secure, onRequest) : http.createServer(onRequest);
  server.on(secure ? 'secureConnection' : 'connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    seen,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function clientConfig(over: Record<string, unknown>) {
  return httpClientSchema().decode(over, [], new DecodeContext());
}

const ok: Handler = (_req, res) => res.end('{}');
const clients: HttpClient[] = [];
function client(over: Record<string, unknown>, host?: Host): HttpClient {
  const c = createHttpClient(clientConfig(over), { userAgent: 'otelcol-ts/test' });
  c.start(host);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.close();
});

test('gzip bodies, static headers, user-agent, and keep-alive over one connection', async () => {
  const srv = await startServer(ok);
  try {
    const c = client({
      endpoint: `http://127.0.0.1:${srv.port}/v1/logs`,
      headers: { 'X-Scope-OrgID': 'tenant-1', 'content-type': 'application/json' },
    });
    const body = Buffer.from(JSON.stringify({ resourceLogs: [] }).repeat(50));
    for (let i = 0; i < 10; i++) {
      const res = await c.request({ headers: { 'Content-Type': 'application/x-protobuf' }, body });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body.toString(), '{}');
    }
    const s = srv.seen[0]!;
    assert.equal(s.method, 'POST');
    assert.equal(s.url, '/v1/logs');
    assert.equal(s.headers['content-encoding'], 'gzip');
    assert.equal(s.headers['x-scope-orgid'], 'tenant-1');
    // Config headers override the exporter's own, case-insensitively, as Go's header.Set does.
    assert.equal(s.headers['content-type'], 'application/json');
    assert.equal(s.headers['user-agent'], 'otelcol-ts/test');
    assert.ok((await decompress('gzip', s.body, 1 << 20)).equals(body));
    // Sequential requests reuse kept-alive connections (undici may open a second one while the
    // first is still finishing its previous response).
    assert.ok(srv.connections() <= 2, `connections: ${srv.connections()}`);
  } finally {
    await srv.close();
  }
});

test('compression none, or a body the exporter already encoded, is sent as is', async () => {
  const srv = await startServer(ok);
  try {
    const plain = client({ endpoint: `http://127.0.0.1:${srv.port}/`, compression: 'none' });
    await plain.request({ body: Buffer.from('abc') });
    assert.equal(srv.seen[0]!.headers['content-encoding'], undefined);
    assert.equal(srv.seen[0]!.body.toString(), 'abc');
    const zstd = client({ endpoint: `http://127.0.0.1:${srv.port}/`, compression: 'zstd' });
    await zstd.request({ body: Buffer.from('abc'), headers: { 'Content-Encoding': 'snappy' } });
    assert.equal(srv.seen[1]!.headers['content-encoding'], 'snappy');
    assert.equal(srv.seen[1]!.body.toString(), 'abc');
  } finally {
    await srv.close();
  }
});

test('URL user-info becomes Basic auth unless a header or authenticator sets Authorization', async () => {
  const srv = await startServer(ok);
  try {
    const base = `http://447801:glc%2Bsecret@127.0.0.1:${srv.port}/otlp`;
    await client({ endpoint: base, compression: 'none' }).request({ body: Buffer.from('x') });
    assert.equal(srv.seen[0]!.headers.authorization, `Basic ${Buffer.from('447801:glc+secret').toString('base64')}`);
    assert.equal(srv.seen[0]!.url, '/otlp');
    await client({ endpoint: base, headers: { Authorization: 'Bearer from-config' } }).request({ body: Buffer.from('x') });
    assert.equal(srv.seen[1]!.headers.authorization, 'Bearer from-config');
    const ext = {
      start: async () => undefined,
      shutdown: async () => undefined,
      clientAuth: { authHeaders: () => ({ Authorization: 'Bearer from-ext' }) },
    };
    const host = testHost({ bearertokenauth: ext as unknown as Extension });
    await client({ endpoint: base, headers: { Authorization: 'Bearer from-config' }, auth: { authenticator: 'bearertokenauth' } }, host).request({
      body: Buffer.from('x'),
    });
    assert.equal(srv.seen[2]!.headers.authorization, 'Bearer from-ext');
    assert.throws(() => client({ endpoint: base, auth: { authenticator: 'basicauth/missing' } }, host), {
      message: 'failed to resolve authenticator "basicauth/missing": authenticator not found',
    });
  } finally {
    await srv.close();
  }
});

test('timeouts and refused connections are retryable errors in Go’s words, without credentials', async () => {
  const srv = await startServer((_req, res) => setTimeout(() => res.end('late'), 500));
  try {
    const c = client({ endpoint: `http://u:topsecret@127.0.0.1:${srv.port}/v1/traces`, timeout: '50ms' });
    await assert.rejects(c.request({ body: Buffer.from('x') }), (e: ConsumerError) => {
      assert.equal(e.kind, 'retryable');
      assert.equal(
        e.message,
        `failed to make an HTTP request: Post "http://127.0.0.1:${srv.port}/v1/traces": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
      return true;
    });
    const caller = new AbortController();
    const p = client({ endpoint: `http://127.0.0.1:${srv.port}/` }).request({ body: Buffer.from('x'), signal: caller.signal });
    caller.abort();
    await assert.rejects(p, (e: ConsumerError) => e.kind === 'retryable');
  } finally {
    await srv.close();
  }
  const gone = client({ endpoint: `http://user:topsecret@127.0.0.1:${srv.port}/v1/traces` });
  await assert.rejects(gone.request({ body: Buffer.from('x') }), (e: ConsumerError) => {
    assert.equal(
      e.message,
      `failed to make an HTTP request: Post "http://127.0.0.1:${srv.port}/v1/traces": dial tcp 127.0.0.1:${srv.port}: connect: connection refused`,
    );
    return e.kind === 'retryable';
  });
});

test('responses are read up to the limit and classified', async () => {
  const srv = await startServer((req, res) => {
    if (req.url === '/big') return res.end(Buffer.alloc(200_000, 'a'));
    res.writeHead(429, { 'Retry-After': '2' }).end('slow down');
  });
  try {
    const c = client({ endpoint: `http://127.0.0.1:${srv.port}/big` });
    const big = await c.request({ body: Buffer.from('x'), maxResponseBytes: 1_000 });
    assert.equal(big.body.length, 1_000);
    assert.equal(big.truncated, true);
    const res = await c.request({ url: `http://127.0.0.1:${srv.port}/v1/metrics`, body: Buffer.from('x') });
    const err = httpResponseError({ url: res.url, statusCode: res.statusCode, headers: res.headers })!;
    assert.equal(err.kind, 'throttled');
    assert.equal(err.retryAfterMs, 2_000);
    assert.equal(res.body.toString(), 'slow down');
  } finally {
    await srv.close();
  }
});

let certs: TestCerts | null = null;
before(() => {
  certs = makeTestCerts();
});
after(() => certs?.cleanup());

test('https with a CA from tls.ca_file; without it the self-signed server is refused', async (t) => {
  if (!certs) {
    t.skip('openssl CLI not installed: cannot make test certificates');
    return;
  }
  const srv = await startServer(ok, { cert: certs.pem(certs.serverCert), key: certs.pem(certs.serverKey) });
  try {
    const url = `https://localhost:${srv.port}/v1/logs`;
    const trusted = client({ endpoint: url, tls: { ca_file: certs.caFile } });
    assert.equal((await trusted.request({ body: Buffer.from('x') })).statusCode, 200);
    const untrusted = client({ endpoint: url });
    await assert.rejects(
      untrusted.request({ body: Buffer.from('x') }),
      (e: ConsumerError) => e.kind === 'retryable' && /failed to make an HTTP request/.test(e.message),
    );
    const skipVerify = client({ endpoint: url, tls: { insecure_skip_verify: true } });
    assert.equal((await skipVerify.request({ body: Buffer.from('x') })).statusCode, 200);
    assert.throws(
      () => client({ endpoint: url, tls: { ca_file: '/nonexistent/ca.crt' } }),
      /failed to load CA CertPool File: failed to load cert \/nonexistent\/ca.crt/,
    );
  } finally {
    await srv.close();
  }
});
