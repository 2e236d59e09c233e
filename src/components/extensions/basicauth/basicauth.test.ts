import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { parse } from 'yaml';
import { DecodeContext } from '../../../core/schema.js';
import type { Extension } from '../../../core/component.js';
import { testHost } from '../../../testing/host.js';
import { AuthError, resolveClientAuth, resolveServerAuth, type ServerAuthenticator } from '../../../shared/auth/index.js';
import { captureLogger } from '../../../testing/logger.js';
import { createHttpClient, httpClientSchema } from '../../../shared/httpclient/index.js';
import { basicAuthFactory } from './factory.js';
import { createBasicAuth } from './extension.js';
import type { BasicAuthConfig } from './config.js';
import { md5Crypt, shaCrypt } from './crypt.js';

function decode(yamlText: string): { cfg: BasicAuthConfig; issues: string[] } {
  const ctx = new DecodeContext();
  const cfg = basicAuthFactory.config.decode(parse(yamlText), [], ctx) as BasicAuthConfig;
  const issues = [...ctx.issues, ...(basicAuthFactory.validate?.(cfg) ?? [])].map((i) => i.message);
  return { cfg, issues };
}

function make(cfg: BasicAuthConfig, opts = {}): Extension {
  return createBasicAuth(cfg, captureLogger().logger, opts);
}

const host = testHost;

test('a YAML int username is sent as its decimal text (Grafana Cloud instance IDs)', async () => {
  const { cfg, issues } = decode('client_auth:\n  username: 447801\n  password: glc_abc\n');
  assert.deepEqual(issues, []);
  const ext = make(cfg);
  await ext.start(host({}));
  const headers = await resolveClientAuth(host({ basicauth: ext }), 'basicauth').authHeaders();
  const decoded = Buffer.from(headers.Authorization!.replace(/^Basic /, ''), 'base64').toString();
  assert.equal(decoded, '447801:glc_abc');
  await ext.shutdown();
});

test('configuration errors are Go’s', () => {
  assert.deepEqual(decode('client_auth: {username: a}\nhtpasswd: {inline: "a:b"}\n').issues, [
    'only one of `htpasswd` or `client_auth` can be specified',
  ]);
  assert.deepEqual(decode('{}').issues, ['no credential source provided']);
  assert.deepEqual(decode('htpasswd: {}').issues, ['no credential source provided']);
  assert.match(decode('client_auth: {aws_secrets_manager: {secret_arn: x}}').issues[0]!, /aws_secrets_manager is not supported/);
  const ctx = new DecodeContext();
  basicAuthFactory.config.decode({ client_auth: { password: 'p' }, htpasswd: undefined }, ['extensions', 'basicauth'], ctx);
  assert.ok(ctx.secrets.has('extensions::basicauth::client_auth::password'));
});

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

test('htpasswd: every hash format go-htpasswd accepts, with bad credentials refused', async () => {
  const sha = createHash('sha1').update('sha-pw').digest('base64');
  const salt = Buffer.from('NaCl');
  const ssha = Buffer.concat([
    createHash('sha1')
      .update(Buffer.concat([Buffer.from('ssha-pw'), salt]))
      .digest(),
    salt,
  ]).toString('base64');
  const bcryptHash = bcrypt.hashSync('bcrypt-pw', 4).replace(/^\$2b\$/, '$2y$');
  const inline = [
    '# comment',
    'plain:plain-pw',
    'nginx:{PLAIN}nginx-pw',
    `sha:{SHA}${sha}`,
    `ssha:{SSHA}${ssha}`,
    `apr:$apr1$abcdefgh$${md5Crypt('apr-pw', 'abcdefgh', '$apr1$')}`,
    'md5:$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1', // openssl passwd -1 -salt abcdefgh secret
    `bcrypt:${bcryptHash}`,
    'sha256:$5$saltsalt$0IyaXrmV7.sGNS6tirgqHLqX/G.FBvgkYA.lpPdS5sA', // openssl passwd -5 -salt saltsalt secret
    `sha512:${shaCrypt('sha512-pw', '$6$rounds=2000$pepper')}`,
  ].join('\n');
  const ext = make(decode(`htpasswd:\n  inline: ${JSON.stringify(inline)}\n`).cfg);
  await ext.start(host({}));
  const srv = resolveServerAuth(host({ b: ext }), 'b');
  const ok: Array<[string, string]> = [
    ['plain', 'plain-pw'],
    ['nginx', 'nginx-pw'],
    ['sha', 'sha-pw'],
    ['ssha', 'ssha-pw'],
    ['apr', 'apr-pw'],
    ['md5', 'secret'],
    ['bcrypt', 'bcrypt-pw'],
    ['bcrypt', 'bcrypt-pw'], // second time served from the verified cache
    ['sha256', 'secret'],
    ['sha512', 'sha512-pw'],
  ];
  for (const [u, p] of ok) {
    const raw = basic(u, p).slice(6);
    assert.deepEqual(await srv.authenticate({ authorization: basic(u, p) }), { username: u, raw }, `${u} should pass`);
  }
  for (const [u] of ok) {
    await assert.rejects(srv.authenticate({ authorization: basic(u, 'wrong') }), { name: 'AuthError', message: 'invalid credentials' });
  }
  await assert.rejects(srv.authenticate({ authorization: basic('nobody', 'plain-pw') }), { message: 'invalid credentials' });
});

test('server: the Authorization header is parsed as Go does', async () => {
  const ext = make(decode('htpasswd: {inline: "u:p"}').cfg);
  await ext.start(host({}));
  const srv = ext.serverAuth as ServerAuthenticator;
  assert.deepEqual(await srv.authenticate({ Authorization: ['bAsIc ' + Buffer.from('u:p').toString('base64')] }), { username: 'u', raw: 'dTpw' });
  const cases: Array<[Record<string, string | undefined>, string]> = [
    [{}, 'no basic auth provided'],
    [{ authorization: 'Bearer abc' }, 'invalid authorization scheme prefix'],
    [{ authorization: 'Basic !!!!' }, 'invalid authorization format'],
    [{ authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }, 'invalid authorization format'],
  ];
  for (const [headers, message] of cases) {
    await assert.rejects(srv.authenticate(headers), (e: unknown) => e instanceof AuthError && e.message === message);
  }
});

test('htpasswd file and inline: inline overrides the file; load errors are reported at start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'basicauth-'));
  try {
    const file = join(dir, '.htpasswd');
    writeFileSync(file, 'alice:from-file\nbob:bob-pw\n');
    const ext = make(decode(`htpasswd:\n  file: ${file}\n  inline: "alice:from-inline"\n`).cfg);
    await ext.start(host({}));
    const srv = ext.serverAuth as ServerAuthenticator;
    await srv.authenticate({ authorization: basic('alice', 'from-inline') });
    await srv.authenticate({ authorization: basic('bob', 'bob-pw') });
    await assert.rejects(srv.authenticate({ authorization: basic('alice', 'from-file') }), /invalid credentials/);

    const missing = make(decode(`htpasswd: {file: ${join(dir, 'nope')}}`).cfg);
    await assert.rejects(missing.start(host({})), { message: `open htpasswd file: open ${join(dir, 'nope')}: no such file or directory` });
    const malformed = make(decode('htpasswd: {inline: "ok:pw\\nno-colon-here"}').cfg);
    await assert.rejects(malformed.start(host({})), { message: 'read htpasswd content: malformed line, no colon (line 2)' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('client: credentials from files are re-read when the files change; ":" in a username is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'basicauth-'));
  try {
    const userFile = join(dir, 'user');
    const passFile = join(dir, 'pass');
    writeFileSync(userFile, 'svc\n');
    writeFileSync(passFile, 'one\n');
    const ext = make(decode(`client_auth:\n  username: ignored\n  username_file: ${userFile}\n  password_file: ${passFile}\n`).cfg, {
      fileIntervalMs: 20,
    });
    await ext.start(host({}));
    const client = resolveClientAuth(host({ b: ext }), 'b');
    assert.equal((await client.authHeaders()).Authorization, basic('svc', 'one'));
    writeFileSync(passFile, 'rotated-two\n');
    const t0 = Date.now();
    while ((await client.authHeaders()).Authorization !== basic('svc', 'rotated-two') && Date.now() - t0 < 3_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal((await client.authHeaders()).Authorization, basic('svc', 'rotated-two'));
    await ext.shutdown();
    const colon = make(decode('client_auth: {username: "a:b", password: c}').cfg);
    await assert.rejects(colon.start(host({})), { message: 'invalid authorization format' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('end to end: an HTTP client with basicauth/client against a server checking basicauth/server', async () => {
  const server = make(decode('htpasswd: {inline: "447801:glc_token"}').cfg);
  const goodClient = make(decode('client_auth: {username: 447801, password: glc_token}').cfg);
  const badClient = make(decode('client_auth: {username: 447801, password: wrong}').cfg);
  const h = host({ 'basicauth/server': server, 'basicauth/good': goodClient, 'basicauth/bad': badClient });
  for (const e of [server, goodClient, badClient]) await e.start(h);
  const check = resolveServerAuth(h, 'basicauth/server');
  const srv = http.createServer((req, res) => {
    req.resume();
    check.authenticate(req.headers).then(
      () => res.writeHead(200).end(),
      () => res.writeHead(401).end(),
    );
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1/logs`;
  try {
    for (const [id, want] of [
      ['basicauth/good', 200],
      ['basicauth/bad', 401],
    ] as const) {
      const c = createHttpClient(httpClientSchema().decode({ endpoint, auth: { authenticator: id } }, [], new DecodeContext()));
      c.start(h);
      assert.equal((await c.request({ body: Buffer.from('{}') })).statusCode, want);
      await c.close();
    }
    assert.throws(() => resolveClientAuth(h, 'basicauth/server'), { message: 'requested authenticator is not a HTTP client authenticator' });
    assert.throws(() => resolveServerAuth(h, 'basicauth/good'), { message: 'requested authenticator is not a server authenticator' });
  } finally {
    await new Promise((r) => srv.close(r));
  }
});
