// Running a collector binary with a generated config, for the fixture recorders that feed the
// reference Go collector (otelcol-ref, built by bench/reference/build.sh) and for harnesses that
// run the same inputs through ours: where the binary is, config written to a temp dir, start,
// ready, stop; and an HTTP sink for what its otlphttp exporter (encoding: json) posts.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * The reference collector: `given` (a recorder's argv), else $OTELCOL_REF, else the path
 * bench/reference/build.sh builds into ($OTELCOL_TS_CACHE, else $XDG_CACHE_HOME/otelcol-ts, else
 * ~/.cache/otelcol-ts). Throws naming the path when the binary is not there.
 */
export function referenceCollectorPath(given?: string): string {
  const cache = process.env.OTELCOL_TS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'otelcol-ts');
  const bin = given ?? process.env.OTELCOL_REF ?? join(cache, 'reference/otelcol-ref/otelcol-ref');
  if (!existsSync(bin)) throw new Error(`reference collector not found at ${bin}: run bench/reference/build.sh`);
  return bin;
}

export interface StartOptions {
  /** The executable (the reference binary, or node for ours). */
  command: string;
  /** Arguments before `--config=<file>`. */
  args?: string[];
  /** YAML text, or an object written as YAML. */
  config: string | object;
  env?: NodeJS.ProcessEnv;
  /**
   * Ready when these TCP ports on 127.0.0.1 accept connections; without them, when the log says
   * "Everything is ready" (the Go collector's line once every component has started).
   */
  readyPorts?: number[];
  readyMs?: number;
}

export interface RunningCollector {
  /** Its stderr so far (the collector's log). */
  log(): string;
  /** SIGTERM; resolves once it has exited and its temp config is gone. */
  stop(): Promise<void>;
}

/** Starts `command args… --config=<temp file>` and resolves once it is ready (or rejects with its log). */
export async function startCollector(opts: StartOptions): Promise<RunningCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'collector-run-'));
  const cfgPath = join(dir, 'config.yaml');
  writeFileSync(cfgPath, typeof opts.config === 'string' ? opts.config : stringify(opts.config));
  const proc = spawn(opts.command, [...(opts.args ?? []), `--config=${cfgPath}`], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let log = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const running: RunningCollector = {
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const ms = opts.readyMs ?? 20_000;
    if (opts.readyPorts) for (const p of opts.readyPorts) await waitForPort(p, ms, () => proc.exitCode !== null);
    else
      await until(
        () => log.includes('Everything is ready'),
        ms,
        () => proc.exitCode !== null,
      );
  } catch (err) {
    await running.stop();
    throw new Error(`${opts.command} did not become ready: ${(err as Error).message}\n${log.slice(-4000)}`);
  }
  return running;
}

async function until(cond: () => boolean, ms: number, died: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (died()) throw new Error('it exited');
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once 127.0.0.1:`port` accepts a TCP connection. */
export async function waitForPort(port: number, ms = 20_000, died: () => boolean = () => false): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) return;
    if (died()) throw new Error(`it exited before port ${port} opened`);
    if (Date.now() > end) throw new Error(`port ${port} did not open within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CapturedPost {
  path: string;
  body: string;
}

/** An HTTP server answering every POST `200 {}` and keeping its body (OTLP/JSON from otlphttp). */
export class OtlpJsonSink {
  readonly posts: CapturedPost[] = [];
  private server: Server | undefined;
  private waiters: Array<() => void> = [];

  /** Listens on 127.0.0.1 (an ephemeral port); resolves with the exporter's `endpoint`. */
  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      this.posts.push({ path: req.url ?? '/', body: (await readAll(req)).toString('utf8') });
      for (const w of this.waiters.splice(0)) w();
      res.setHeader('Content-Type', 'application/json');
      res.writeHead(200).end('{}');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * The otlphttp exporter config that sends here as JSON, one export a batch: no compression,
   * no queue, no retries (`endpoint` as start() returned it).
   */
  static exporter(endpoint: string): Record<string, unknown> {
    return { endpoint, encoding: 'json', compression: 'none', sending_queue: { enabled: false }, retry_on_failure: { enabled: false } };
  }

  /** Resolves with true once more than `count` posts have arrived, false after `ms`. */
  async waitBeyond(count: number, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (this.posts.length <= count) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
    return true;
  }

  /** The bodies posted to `path` so far, which leave the list. */
  take(path: string): string[] {
    const taken: string[] = [];
    for (let i = 0; i < this.posts.length;) {
      if (this.posts[i]!.path === path) taken.push(this.posts.splice(i, 1)[0]!.body);
      else i++;
    }
    return taken;
  }

  async close(): Promise<void> {
    // The exporter keeps its connection alive; close() alone would wait for it.
    this.server?.closeAllConnections();
    if (this.server) await new Promise((r) => this.server!.close(r));
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `json` re-indented the way the recorded fixtures are (one space), with a final newline. */
export function prettyJson(json: string): string {
  return `${JSON.stringify(JSON.parse(json), null, 1)}\n`;
}
