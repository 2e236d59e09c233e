// Child processes for the harness: spawned pinned to a core with taskset, each in its own process
// group so a kill reaches everything it started, tracked so nothing outlives the harness (exit,
// Ctrl-C, crash), with readiness checks and a CPU/RSS sampler.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { clockTicks, readSample, summarizeSamples, type Sample, type UsageSummary } from './procfs.js';

const live = new Set<Proc>();
let hooksInstalled = false;

function killAllNow(): void {
  for (const p of live) p.killGroup('SIGKILL');
  live.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

let tasksetOk: boolean | undefined;
export function hasTaskset(): boolean {
  tasksetOk ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return tasksetOk;
}

interface SpawnOptions {
  /** Label for messages. */
  name: string;
  /** taskset CPU list, e.g. "0"; omitted or taskset missing → unpinned. */
  cpus?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const TAIL_BYTES = 64 * 1024;

export class Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly spawnedAt = performance.now();
  readonly exited: Promise<ExitInfo>;
  private out = '';
  private partial = '';
  private readonly lineListeners = new Set<(line: string) => void>();
  private exitInfo: ExitInfo | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    opts: SpawnOptions,
  ) {
    installHooks();
    const pinned = opts.cpus !== undefined && hasTaskset();
    // taskset execs the command, so the pid we get is the measured process itself.
    const [cmd, argv] = pinned ? ['taskset', ['-c', opts.cpus!, command, ...args]] : [command, [...args]];
    this.child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: opts.env ?? process.env, cwd: opts.cwd });
    if (this.child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
    this.pid = this.child.pid;
    live.add(this);
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => this.onData(d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => this.onData(d));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.onData(`spawn error: ${err.message}\n`);
      });
      this.child.once('close', (code, signal) => {
        live.delete(this);
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The last 64 KiB of stdout and stderr together. */
  get output(): string {
    return this.out;
  }

  private onData(d: string): void {
    this.out += d;
    if (this.out.length > TAIL_BYTES * 2) this.out = this.out.slice(-TAIL_BYTES);
    const text = this.partial + d;
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) for (const l of this.lineListeners) l(line);
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Resolves with the first line matching `re`; rejects on exit or timeout. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        off();
        fn();
      };
      const off = this.onLine((line) => {
        if (re.test(line)) done(() => resolve(line));
      });
      const timer = setTimeout(
        () => done(() => reject(new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms\n${this.output.slice(-2000)}`))),
        timeoutMs,
      );
      void this.exited.then((e) =>
        done(() => reject(new Error(`${this.name} exited (${e.code ?? e.signal}) before ${re}\n${this.output.slice(-2000)}`))),
      );
    });
  }

  killGroup(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      try {
        process.kill(this.pid, signal);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5000): Promise<ExitInfo> {
    if (!this.running) return this.exitInfo!;
    this.killGroup('SIGTERM');
    const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    // Anything the process left in its group goes too.
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // group empty
    }
    return info;
  }
}

export function spawnPinned(command: string, args: readonly string[], opts: SpawnOptions): Proc {
  return new Proc(opts.name, command, args, opts);
}

/** Kills every child still running (the harness's finally-block). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(2000)));
}

/** One GET; resolves with the status code (0 on a connection error). */
function httpStatus(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Polls `url` until it answers 200; rejects if `proc` exits first or after `timeoutMs`. */
export async function waitHttpOk(url: string, proc: Proc | undefined, timeoutMs = 20_000, intervalMs = 20): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (proc && !proc.running) throw new Error(`${proc.name} exited before ${url} answered\n${proc.output.slice(-3000)}`);
    if ((await httpStatus(url, 500)) === 200) return performance.now();
    if (performance.now() - start > timeoutMs) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms${proc ? `\n${proc.output.slice(-3000)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Samples utime+stime and VmRSS of one process every `intervalMs` (250 ms by default). */
export class Sampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  readonly hz = clockTicks();

  constructor(
    readonly pid: number,
    readonly intervalMs = 250,
  ) {}

  start(): this {
    this.take();
    this.timer = setInterval(() => this.take(), this.intervalMs);
    return this;
  }

  /** Takes a sample now (also used to close a measuring window exactly). */
  take(): void {
    const s = readSample(this.pid);
    if (s) this.samples.push(s);
    else this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  summarize(from?: number, to?: number): UsageSummary {
    return summarizeSamples(this.samples, this.hz, from, to);
  }
}
