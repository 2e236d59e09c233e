import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../testing/logger.js';
import { endpointServerConfig } from './config.js';
import { HttpServer } from './server.js';

test('fallback: unmatched paths and any method reach it; routes still win and keep their 405', async () => {
  const server = new HttpServer(endpointServerConfig('127.0.0.1:0'), { id: 'test', logger: silentLogger, shutdownGraceMs: 0 });
  server.route('/exact', ['POST'], (call) => void call.res.writeHead(201).end('route'));
  server.fallback((call) => void call.res.writeHead(200).end(`fallback ${call.req.method} ${call.path} ${call.query.get('q') ?? ''}`));
  const address = await server.start();
  try {
    const ask = async (method: string, path: string) => {
      const res = await fetch(`http://${address}${path}`, { method });
      return [res.status, await res.text()];
    };
    assert.deepEqual(await ask('GET', '/anything/below?q=1'), [200, 'fallback GET /anything/below 1']);
    assert.deepEqual(await ask('DELETE', '/'), [200, 'fallback DELETE / ']);
    assert.deepEqual(await ask('POST', '/exact'), [201, 'route']);
    assert.deepEqual(await ask('GET', '/exact'), [405, '405 method not allowed, supported: [POST]']);
  } finally {
    await server.shutdown();
  }
});

test('endpointServerConfig: confighttp defaults, with the timeouts a caller overrides', () => {
  const plain = endpointServerConfig('localhost:13133');
  assert.equal(plain.endpoint, 'localhost:13133');
  assert.equal(plain.write_timeout, 30_000);
  assert.equal(plain.read_header_timeout, 60_000);
  assert.equal(plain.auth, undefined);
  assert.equal(endpointServerConfig('localhost:1777', { write_timeout: 0 }).write_timeout, 0);
});

test('a server with auth refuses to start without a host to find the authenticator in', async () => {
  const cfg = { ...endpointServerConfig('127.0.0.1:0'), auth: { authenticator: 'basicauth', request_params: [] } };
  const server = new HttpServer(cfg, { id: 'test', logger: silentLogger });
  await assert.rejects(server.start(), /auth needs the host's extensions/);
});
