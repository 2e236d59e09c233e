// Runs the real collector (dist/cli.js) as a child process, the way a user or a container does,
// so tests can talk to it over real sockets and read its JSON log.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion (validate, print-config, components, --version). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 30_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export class CollectorProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private exited: Promise<number | null>;

  /** `argv` follows `command` (node by default), e.g. `[CLI, '--config=…']`. */
  constructor(argv: string[], env: NodeJS.ProcessEnv = {}, command: string = process.execPath) {
    this.child = spawn(command, argv, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Starts `dist/cli.js` with `args`. */
  static start(args: string[], env: NodeJS.ProcessEnv = {}): CollectorProcess {
    return new CollectorProcess([CLI, ...args], env);
  }

  /** Resolves when `pattern` appears in stderr (the JSON log), or rejects after `ms`. */
  async waitForLog(pattern: RegExp, ms = 15_000, from = 0): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.stderr.slice(from))) {
      if (this.child.exitCode !== null) throw new Error(`collector exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; stderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** SIGTERM, then SIGKILL after `ms`; resolves with the exit code. */
  async stop(ms = 15_000): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }
}
