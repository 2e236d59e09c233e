import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DecodeContext } from '../../../core/schema.js';
import { testHost } from '../../../testing/host.js';
import { AuthError, resolveClientAuth, resolveServerAuth } from '../../../shared/auth/index.js';
import { captureLogger } from '../../../testing/logger.js';
import { bearerTokenAuthFactory } from './factory.js';
import { createBearerTokenAuth } from './extension.js';
import type { BearerTokenAuthConfig } from './config.js';

function decode(yamlText: string): { cfg: BearerTokenAuthConfig; issues: string[]; secrets: string[] } {
  const ctx = new DecodeContext();
  const cfg = bearerTokenAuthFactory.config.decode(parse(yamlText), [], ctx) as BearerTokenAuthConfig;
  const issues = [...ctx.issues, ...(bearerTokenAuthFactory.validate?.(cfg) ?? [])].map((i) => i.message);
  return { cfg, issues, secrets: [...ctx.secrets] };
}

const host = testHost;

test('defaults and validation', () => {
  const { cfg, issues, secrets } = decode('token: abc');
  assert.deepEqual(issues, []);
  assert.equal(cfg.header, 'Authorization');
  assert.equal(cfg.scheme, 'Bearer');
  assert.deepEqual(secrets, ['token']);
  assert.deepEqual(decode('scheme: Bearer').issues, ['no bearer token provided']);
  assert.deepEqual(decode('token: a\ntokens: [b]').issues, ['either tokens or token should be provided, not both']);
});

test('client sends "<scheme> <token>" in the configured header; server checks it', async () => {
  const { logger } = captureLogger();
  const ext = createBearerTokenAuth(decode('token: s3cr3t').cfg, logger);
  await ext.start(host({}));
  const h = host({ bearertokenauth: ext });
  assert.deepEqual(await resolveClientAuth(h, 'bearertokenauth').authHeaders(), { Authorization: 'Bearer s3cr3t' });
  const srv = resolveServerAuth(h, 'bearertokenauth');
  assert.deepEqual(await srv.authenticate({ authorization: 'Bearer s3cr3t' }), {});
  await assert.rejects(
    srv.authenticate({ authorization: 'Bearer nope' }),
    (e: unknown) => e instanceof AuthError && e.message === 'scheme or token does not match',
  );
  await assert.rejects(srv.authenticate({ authorization: 's3cr3t' }), /scheme or token does not match/);
  await assert.rejects(srv.authenticate({}), { message: 'missing or empty authorization header: Authorization' });

  const custom = createBearerTokenAuth(decode('header: X-Api-Key\nscheme: ""\ntokens: [first, second]').cfg, logger);
  await custom.start(host({}));
  assert.deepEqual(await resolveClientAuth(host({ c: custom }), 'c').authHeaders(), { 'X-Api-Key': 'first' });
  assert.deepEqual(await resolveServerAuth(host({ c: custom }), 'c').authenticate({ 'x-api-key': ['second'] }), {});
});

test('filename: tokens are the file’s lines, re-read when the file is replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bearer-'));
  const { logger, lines } = captureLogger();
  try {
    const file = join(dir, 'token');
    writeFileSync(file, 'one\n');
    const ext = createBearerTokenAuth(decode(`filename: ${file}\ntoken: ignored`).cfg, logger, { fileIntervalMs: 20 });
    assert.ok(lines.some((l) => l.msg === 'a filename is specified. Configured token(s) is ignored!'));
    await ext.start(host({}));
    const h = host({ b: ext });
    assert.deepEqual(await resolveClientAuth(h, 'b').authHeaders(), { Authorization: 'Bearer one' });
    // A trailing newline must not make an empty token acceptable.
    await assert.rejects(resolveServerAuth(h, 'b').authenticate({ authorization: 'Bearer ' }), AuthError);
    // Replace the file the way Kubernetes does: write elsewhere, rename over it.
    writeFileSync(join(dir, 'token.new'), 'two\nthree\n');
    renameSync(join(dir, 'token.new'), file);
    const t0 = Date.now();
    while ((await resolveClientAuth(h, 'b').authHeaders()).Authorization !== 'Bearer two' && Date.now() - t0 < 3_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(await resolveClientAuth(h, 'b').authHeaders(), { Authorization: 'Bearer two' });
    assert.deepEqual(await resolveServerAuth(h, 'b').authenticate({ authorization: 'Bearer three' }), {});
    await assert.rejects(resolveServerAuth(h, 'b').authenticate({ authorization: 'Bearer one' }), AuthError);
    await ext.shutdown();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing token file is logged and the extension still starts', async () => {
  const { logger, lines } = captureLogger();
  const ext = createBearerTokenAuth(decode('filename: /nonexistent/token').cfg, logger, { fileIntervalMs: 20 });
  await ext.start(host({}));
  assert.match(String(lines.find((l) => l.level === 50)?.error), /open \/nonexistent\/token: no such file or directory/);
  assert.deepEqual(await resolveClientAuth(host({ b: ext }), 'b').authHeaders(), {});
  await ext.shutdown();
});
