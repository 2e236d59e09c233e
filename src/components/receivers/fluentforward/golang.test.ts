// dockerd's own client library, fluent-logger-golang (Debian golang-github-fluent-fluent-logger-
// golang-dev, built with the machine's Go in GOPATH mode and cached under ~/.cache/otelcol-ts), sends
// the docker log driver's record shape with RequestAck: every Post must be acked, and every record
// must arrive mapped as the Go receiver maps it. Skipped, with the reason, without Go or the package.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Logs } from '../../../pdata/logs.js';
import { buildReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { fluentForwardReceiverFactory } from './factory.js';
import type { FluentForwardReceiver } from './fluentforward.js';

const SRC = fileURLToPath(new URL('../../../../src/components/receivers/fluentforward/testdata/golang-sender/main.go', import.meta.url));
const GOPATH = '/usr/share/gocode';
const PKG = join(GOPATH, 'src/github.com/fluent/fluent-logger-golang/fluent');

function senderBinary(): string | { skip: string } {
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goVersion.status !== 0) return { skip: 'Go is not installed (needed to build the fluent-logger-golang sender)' };
  if (!existsSync(PKG)) return { skip: `Debian package golang-github-fluent-fluent-logger-golang-dev is not installed (${PKG} missing)` };
  const key = createHash('sha256').update(readFileSync(SRC)).update(goVersion.stdout).digest('hex').slice(0, 16);
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'otelcol-ts', 'fluent-logger-golang', key);
  const bin = join(dir, 'sender');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const build = spawnSync('go', ['build', '-o', bin, SRC], {
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '' },
    timeout: 300_000,
  });
  if (build.status !== 0) throw new Error(`building the fluent-logger-golang sender failed:\n${build.stderr}`);
  return bin;
}

function run(bin: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as NodeJS.ErrnoException & { code?: number }).code as unknown as number) ?? 1 : 0, stdout, stderr }),
    );
  });
}

for (const subsecond of [false, true]) {
  test(`fluent-logger-golang (dockerd's library), RequestAck, ${subsecond ? 'EventTime' : 'whole seconds'}: every post acked, docker records mapped`, async (t) => {
    const bin = senderBinary();
    if (typeof bin !== 'string') return t.skip(bin.skip);
    const b = buildReceiver(fluentForwardReceiverFactory, { endpoint: '127.0.0.1:0' });
    await b.receiver.start(testHost());
    try {
      const addr = (b.receiver as FluentForwardReceiver).address!;
      const port = addr.slice(addr.lastIndexOf(':') + 1);
      const res = await run(bin, ['-port', port, '-count', '20', ...(subsecond ? ['-subsecond'] : [])]);
      assert.equal(res.code, 0, `sender failed: ${res.stderr}`);
      assert.match(res.stdout, /sent 20/);
      const got: Array<{ body: unknown; attrs: Map<string, unknown>; time: bigint }> = [];
      for (const p of b.consumers.logs!.payloads) {
        (p as Logs).forEachLogRecord((r) => got.push({ body: r.body, attrs: new Map(r.attributes.map((a) => [a.key, a.value])), time: r.timeUnixNano }));
      }
      assert.equal(got.length, 20);
      got.forEach((r, i) => {
        assert.equal(r.body, `line ${i}`);
        assert.equal(r.attrs.get('fluent.tag'), 'ce13c9c828f4');
        assert.equal(r.attrs.get('container_name'), '/prometheus');
        assert.equal(r.attrs.get('container_id'), 'ce13c9c828f4b7a3d3c1e0f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f');
        assert.equal(r.attrs.get('source'), i % 2 ? 'stderr' : 'stdout');
        assert.equal(r.attrs.has('log'), false);
        const sec = 1_700_000_000n + BigInt(i);
        assert.equal(r.time, sec * 1_000_000_000n + (subsecond ? 123_456_789n : 0n));
      });
      assert.equal(got[0]!.attrs.get('partial_message'), 'true');
      assert.equal(got[0]!.attrs.get('partial_id'), 'b2f7e0a1c3d4');
      assert.equal(got[0]!.attrs.get('partial_ordinal'), '1');
      assert.equal(got[0]!.attrs.get('partial_last'), 'false');
      assert.equal(got[0]!.attrs.size, 8);
    } finally {
      await b.receiver.shutdown();
    }
  });
}
