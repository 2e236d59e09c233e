// fluent-logger-golang, the library dockerd's fluentd log driver uses (Debian
// golang-github-fluent-fluent-logger-golang-dev), built with the machine's Go in GOPATH mode into a
// sender binary cached under ~/.cache/otelcol-ts, so tests send exactly what dockerd sends.
// The sender's source: src/components/receivers/fluentforward/testdata/golang-sender/main.go.

import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/components/receivers/fluentforward/testdata/golang-sender/main.go', import.meta.url));
const GOPATH = '/usr/share/gocode';
const PKG = join(GOPATH, 'src/github.com/fluent/fluent-logger-golang/fluent');

/** The sender binary's path, or why it can't be built here (the caller skips with that reason). */
export function fluentGoSender(): string | { skip: string } {
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

/** Runs the sender: `-port N -count N [-subsecond]`; records are docker's shape, logs `line <i>`. */
export function runFluentGoSender(bin: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
