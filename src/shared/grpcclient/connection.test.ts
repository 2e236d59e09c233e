import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Extension } from '../../core/component.js';
import { testHost } from '../../testing/host.js';
import { makeTestCerts } from '../../testing/certs.js';
import { GrpcStatus } from '../grpcserver/status.js';
import { GrpcCallError } from './index.js';
import { freePort } from '../../testing/ports.js';
import { ECHO_PATH, grpcJsServer } from '../../testing/grpc-server.js';
import { testGrpcClient } from '../../testing/grpc-client.js';

test('a closed port fails fast with UNAVAILABLE in grpc-go words; wait_for_ready waits for the server', async () => {
  const port = await freePort();
  const c = testGrpcClient({ endpoint: `127.0.0.1:${port}`, tls: { insecure: true } });
  await assert.rejects(c.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 5_000 }), (err: GrpcCallError) => {
    assert.equal(err.code, GrpcStatus.UNAVAILABLE);
    assert.equal(
      err.message,
      `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:${port}: connect: connection refused"`,
    );
    return true;
  });

  const waiting = testGrpcClient({ endpoint: `127.0.0.1:${port}`, tls: { insecure: true }, wait_for_ready: true });
  const call = waiting.unary(ECHO_PATH, Buffer.from('late'), { timeoutMs: 8_000 });
  await new Promise((r) => setTimeout(r, 200));
  const server = await grpcJsServer(() => ({ reply: Buffer.from('ready') }), { port });
  try {
    assert.equal((await call).toString(), 'ready');
  } finally {
    await server.close();
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
    const c = testGrpcClient({ endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, tls: { insecure: true } });
    await c.unary(ECHO_PATH, Buffer.from('1'), { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 50));
    await c.unary(ECHO_PATH, Buffer.from('2'), { timeoutMs: 5_000 });
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
  const creds = grpc.ServerCredentials.createSsl(null, [
    { cert_chain: Buffer.from(certs.pem(certs.serverCert)), private_key: Buffer.from(certs.pem(certs.serverKey)) },
  ]);
  const srv = await grpcJsServer(() => ({ reply: Buffer.from('secure') }), { credentials: creds });
  try {
    const good = testGrpcClient({ endpoint: `localhost:${srv.port}`, tls: { ca_file: certs.caFile } });
    assert.equal((await good.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 5_000 })).toString(), 'secure');
    assert.equal(good.secure, true);
    const roots = testGrpcClient({ endpoint: `localhost:${srv.port}` });
    await assert.rejects(roots.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 5_000 }), (err: GrpcCallError) => {
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
    const c = testGrpcClient({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, auth: { authenticator: 'bearertokenauth/a' } });
    c.start(host);
    await c.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 5_000 });
    assert.deepEqual(srv.seen[0]!.metadata.get('authorization'), ['Bearer t0k3n']);
    const strict = testGrpcClient({ endpoint: `127.0.0.1:${srv.port}`, tls: { insecure: true }, auth: { authenticator: 'bearertokenauth/tls' } });
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
    const c = testGrpcClient(
      { endpoint: `127.0.0.1:${port}`, tls: { insecure: true }, keepalive: { time: '50ms', timeout: '100ms', permit_without_stream: true } },
      { minKeepaliveTimeMs: 50 },
    );
    assert.equal((await c.unary(ECHO_PATH, Buffer.from('1'), { timeoutMs: 2_000 })).toString(), 'pong');
    frozen = true;
    const hung = c.unary(ECHO_PATH, Buffer.from('2'), { timeoutMs: 5_000 });
    await assert.rejects(hung, {
      code: GrpcStatus.UNAVAILABLE,
      message: 'rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout',
    });
    frozen = false;
    assert.equal((await c.unary(ECHO_PATH, Buffer.from('3'), { timeoutMs: 2_000 })).toString(), 'pong');
    assert.equal(accepted, 2);
  } finally {
    for (const s of sockets) s.destroy();
    relay.close();
    await backend.close();
  }
});

test('unix:///path endpoints dial a Unix socket', async () => {
  const sock = join(tmpdir(), `otelcol-ts-grpc-${process.pid}.sock`);
  const srv = await new Promise<grpc.Server>((resolve, reject) => {
    const server = new grpc.Server();
    const raw = (b: Buffer) => b;
    server.addService(
      {
        Say: {
          path: ECHO_PATH,
          requestStream: false,
          responseStream: false,
          requestSerialize: raw,
          requestDeserialize: raw,
          responseSerialize: raw,
          responseDeserialize: raw,
        },
      },
      { Say: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from('via unix')) },
    );
    server.bindAsync(`unix://${sock}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve(server)));
  });
  try {
    const c = testGrpcClient({ endpoint: `unix://${sock}`, tls: { insecure: true } });
    assert.equal((await c.unary(ECHO_PATH, Buffer.from('x'), { timeoutMs: 5_000 })).toString(), 'via unix');
  } finally {
    srv.forceShutdown();
    rmSync(sock, { force: true });
  }
});
