import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { DecodeContext } from '../../core/schema.js';
import {
  loadClientTls,
  loadServerTls,
  tlsClientSchema,
  tlsServerSchema,
  validateTlsClient,
  validateTlsServer,
  watchTlsFiles,
  type TlsClientConfig,
  type TlsServerConfig,
} from './index.js';
import { makeTestCerts, type TestCerts } from '../../testing/certs.js';

const client = (over: Record<string, unknown> = {}): TlsClientConfig => tlsClientSchema.decode(over, [], new DecodeContext());
const server = (over: Record<string, unknown> = {}): TlsServerConfig => tlsServerSchema.decode(over, [], new DecodeContext());

let certs: TestCerts | null = null;
before(() => {
  certs = makeTestCerts();
});
after(() => certs?.cleanup());
const needCerts = () => (certs ? false : 'openssl CLI not installed: cannot make test certificates');

test('schema: defaults, and PEM fields are secrets', () => {
  const ctx = new DecodeContext();
  const cfg = tlsClientSchema.decode({ key_pem: 'x', cert_pem: 'y', ca_pem: 'z' }, ['tls'], ctx);
  assert.equal(cfg.min_version, '1.2');
  assert.equal(cfg.insecure, false);
  assert.deepEqual([...ctx.secrets].sort(), ['tls::ca_pem', 'tls::cert_pem', 'tls::key_pem']);
  assert.deepEqual(tlsClientSchema.encode(cfg, true), {
    ...(tlsClientSchema.encode(cfg, false) as object),
    ca_pem: '[REDACTED]',
    cert_pem: '[REDACTED]',
    key_pem: '[REDACTED]',
  });
});

test('validation messages are configtls’s', () => {
  const msg = (c: TlsClientConfig) => validateTlsClient(c).map((i) => i.message);
  assert.deepEqual(msg(client({ ca_file: 'a', ca_pem: 'b' })), ['provide either a CA file or the PEM-encoded string, but not both']);
  assert.deepEqual(msg(client({ cert_file: 'a' })), [
    'TLS configuration must include both certificate and key (CertFile/CertPem and KeyFile/KeyPem)',
  ]);
  assert.deepEqual(msg(client({ min_version: '1.5' })), ['invalid TLS min_version: unsupported TLS version: "1.5"']);
  assert.deepEqual(msg(client({ min_version: '1.3', max_version: '1.2' })), [
    'invalid TLS configuration: min_version cannot be greater than max_version',
  ]);
  assert.deepEqual(msg(client({})), []);
  assert.deepEqual(
    validateTlsServer(server({})).map((i) => i.message),
    ['TLS configuration must include both certificate and key for server connections'],
  );
});

test('insecure without a CA means plaintext; no server tls section means plaintext', () => {
  assert.equal(loadClientTls(client({ insecure: true })), null);
  assert.equal(loadServerTls(undefined), null);
  const opts = loadClientTls(client({}));
  assert.equal(opts?.rejectUnauthorized, true);
  assert.equal(opts?.minVersion, 'TLSv1.2');
});

test('load errors name the file and read like Go’s', () => {
  assert.throws(() => loadClientTls(client({ ca_file: '/nonexistent/ca.pem' })), {
    message:
      'failed to load TLS config: failed to load CA CertPool File: failed to load cert /nonexistent/ca.pem: open /nonexistent/ca.pem: no such file or directory',
  });
  assert.throws(() => loadClientTls(client({ ca_pem: 'not a pem' })), {
    message: 'failed to load TLS config: failed to load CA CertPool PEM: failed to parse cert',
  });
  assert.throws(() => loadClientTls(client({ cert_file: '/nonexistent/c.crt', key_file: '/nonexistent/c.key' })), {
    message: 'failed to load TLS config: failed to load TLS cert and key: open /nonexistent/c.crt: no such file or directory',
  });
  assert.throws(() => loadClientTls(client({ cert_pem: 'x' })), /for auth via TLS, provide both certificate and key, or neither/);
  assert.throws(
    () => loadClientTls(client({ cert_pem: 'x', key_pem: 'y' })),
    /^TlsConfigError: failed to load TLS config: failed to load TLS cert and key: failed to load TLS cert and key PEMs: /,
  );
  assert.throws(() => loadClientTls(client({ max_version: '2.0' })), {
    message: 'failed to load TLS config: invalid TLS max_version: unsupported TLS version: "2.0"',
  });
  assert.throws(() => loadClientTls(client({ cipher_suites: ['TLS_FOO'] })), {
    message: 'failed to load TLS config: invalid TLS cipher suite: "TLS_FOO"',
  });
  assert.throws(() => loadClientTls(client({ cipher_suites: ['TLS_RSA_WITH_RC4_128_SHA'] })), /invalid TLS cipher suite/);
  assert.throws(() => loadClientTls(client({ curve_preferences: ['P999'] })), /invalid curve type: P999/);
  assert.throws(() => loadServerTls(server({ cert_file: '/x.crt', key_file: '/x.key' })), /open \/x.crt: no such file or directory/);
});

async function handshake(serverOpts: tls.TlsOptions, clientOpts: tls.ConnectionOptions): Promise<{ ok: boolean; error?: string; peerCN?: string }> {
  let peerCN: string | undefined;
  const srv = tls.createServer(serverOpts, (sock) => {
    const cn = (sock.getPeerCertificate() as tls.PeerCertificate | undefined)?.subject?.CN;
    peerCN = Array.isArray(cn) ? cn[0] : cn;
    sock.end('hi');
  });
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  try {
    return await new Promise((resolve) => {
      const sock = tls.connect({ host: '127.0.0.1', port, ...clientOpts });
      let data = '';
      sock.on('data', (d) => (data += d));
      sock.on('end', () => resolve({ ok: data === 'hi', peerCN }));
      sock.on('error', (e) => resolve({ ok: false, error: e.message }));
    });
  } finally {
    await new Promise((r) => srv.close(r));
  }
}

test('a real handshake: CA verification, server_name_override, mutual TLS', { skip: needCerts() }, async () => {
  const c = certs!;
  const srvOpts = loadServerTls(server({ cert_file: c.serverCert, key_file: c.serverKey }))!;
  const ok = await handshake(srvOpts, loadClientTls(client({ ca_file: c.caFile, server_name_override: 'localhost' }))!);
  assert.deepEqual(ok, { ok: true, peerCN: undefined });
  const noCa = await handshake(srvOpts, loadClientTls(client({ server_name_override: 'localhost' }))!);
  assert.equal(noCa.ok, false);
  const wrongName = await handshake(srvOpts, loadClientTls(client({ ca_pem: c.pem(c.caFile), server_name_override: 'example.com' }))!);
  assert.match(wrongName.error ?? '', /example\.com/);
  const skip = await handshake(srvOpts, loadClientTls(client({ insecure_skip_verify: true }))!);
  assert.equal(skip.ok, true);

  const mtls = loadServerTls(server({ cert_pem: c.pem(c.serverCert), key_pem: c.pem(c.serverKey), client_ca_file: c.caFile }))!;
  const withClientCert = await handshake(
    mtls,
    loadClientTls(client({ ca_file: c.caFile, cert_file: c.clientCert, key_file: c.clientKey, server_name_override: 'localhost' }))!,
  );
  assert.deepEqual(withClientCert, { ok: true, peerCN: 'otelcol-ts client' });
  const withoutClientCert = await handshake(mtls, loadClientTls(client({ ca_file: c.caFile, server_name_override: 'localhost' }))!);
  assert.equal(withoutClientCert.ok, false);
});

test('TLS versions and cipher suites reach the handshake', { skip: needCerts() }, async () => {
  const c = certs!;
  const only13 = loadServerTls(server({ cert_file: c.serverCert, key_file: c.serverKey, min_version: '1.3' }))!;
  const max12 = await handshake(only13, loadClientTls(client({ ca_file: c.caFile, server_name_override: 'localhost', max_version: '1.2' }))!);
  assert.equal(max12.ok, false);
  const suites = loadServerTls(
    server({ cert_file: c.serverCert, key_file: c.serverKey, max_version: '1.2', cipher_suites: ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'] }),
  )!;
  const r = await handshake(
    suites,
    loadClientTls(client({ ca_file: c.caFile, server_name_override: 'localhost', curve_preferences: ['X25519', 'P256'] }))!,
  );
  assert.equal(r.ok, true);
});

test('reload_interval: changed files are re-read and applied; a broken file keeps the old options', { skip: needCerts() }, async () => {
  const c = certs!;
  const cert = join(c.dir, 'reload.crt');
  const key = join(c.dir, 'reload.key');
  copyFileSync(c.serverCert, cert);
  copyFileSync(c.serverKey, key);
  const cfg = server({ cert_file: cert, key_file: key, reload_interval: '20ms' });
  const applied: tls.TlsOptions[] = [];
  const errors: Error[] = [];
  const stop = watchTlsFiles(
    [cert, key],
    cfg.reload_interval,
    () => loadServerTls(cfg)!,
    (o) => applied.push(o),
    (e) => errors.push(e),
  );
  try {
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(applied.length, 0);
    copyFileSync(c.clientCert, cert);
    copyFileSync(c.clientKey, key);
    const t0 = Date.now();
    while (applied.length === 0 && Date.now() - t0 < 2_000) await new Promise((r) => setTimeout(r, 10));
    assert.equal(applied.length, 1);
    assert.equal(String(applied[0]!.cert), c.pem(c.clientCert));
    writeFileSync(key, 'garbage');
    while (errors.length === 0 && Date.now() - t0 < 4_000) await new Promise((r) => setTimeout(r, 10));
    assert.match(errors[0]!.message, /failed to load TLS cert and key PEMs/);
    assert.equal(applied.length, 1);
  } finally {
    stop();
  }
});
