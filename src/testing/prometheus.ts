// A real Prometheus server for tests (Debian's /usr/bin/prometheus, 2.42 in CI: it sends Remote-Write
// 1.0 only and accepts it with --web.enable-remote-write-receiver). Each instance gets its own temp
// config and TSDB directory and a loopback port, never the packaged service; `stop()` kills it and
// removes the directory. Tests skip when the binary is absent (`prometheusPath()` returns null).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/** The binary: $PROMETHEUS_BIN, else /usr/bin/prometheus; null when neither exists. */
export function prometheusPath(): string | null {
  const env = process.env.PROMETHEUS_BIN;
  if (env && existsSync(env)) return env;
  return existsSync('/usr/bin/prometheus') ? '/usr/bin/prometheus' : null;
}

interface PrometheusOptions {
  /**
   * prometheus.yml as YAML text, or built from the server's own `host:port` (to scrape itself).
   * Default: an empty config (no scrapes).
   */
  config?: string | ((self: string) => string);
  /** Extra flags, e.g. ['--web.enable-remote-write-receiver', '--enable-feature=native-histograms']. */
  flags?: readonly string[];
  /** How long to wait for /-/ready (default 20 s: the 2-core CI box is shared). */
  readyTimeoutMs?: number;
}

/** One element of an instant-query vector. */
interface VectorSample {
  metric: Record<string, string>;
  /** Seconds since the epoch. */
  time: number;
  value: number;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** host:port */
  readonly address: string;
  /** Temp directory holding prometheus.yml and data/. */
  readonly dir: string;
  /** Its stdout+stderr so far (capped to the last 256 KiB). */
  log(): string;
  /** GET /api/v1/query → the vector (throws on a non-vector result or an API error). */
  query(expr: string, timeSeconds?: number): Promise<VectorSample[]>;
  /** Polls `query(expr)` until `accept(vector)` holds; returns that vector or throws with the last one and the log tail. */
  waitForQuery(expr: string, accept?: (v: VectorSample[]) => boolean, ms?: number): Promise<VectorSample[]>;
  /** GET an API path (e.g. /api/v1/targets) → parsed `data`. */
  api<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

const LOG_CAP = 256 * 1024;

export async function startPrometheus(opts: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const bin = prometheusPath();
  if (!bin) throw new Error('prometheus binary not found (apt-get install prometheus, or set PROMETHEUS_BIN)');
  const dir = await mkdtemp(join(tmpdir(), 'otelcol-ts-prom-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const url = `http://${address}`;
  const config = typeof opts.config === 'function' ? opts.config(address) : (opts.config ?? 'global: {}\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  let logText = '';
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      ...(opts.flags ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const onData = (b: Buffer) => {
    logText += b.toString();
    if (logText.length > LOG_CAP) logText = logText.slice(-LOG_CAP);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(t);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(url + path);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${res.status} ${body.error ?? ''}`);
    return body.data;
  };

  const query = async (expr: string, timeSeconds?: number): Promise<VectorSample[]> => {
    const q = new URLSearchParams({ query: expr });
    if (timeSeconds !== undefined) q.set('time', String(timeSeconds));
    const data = await api<{ resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?${q}`);
    if (data.resultType !== 'vector') throw new Error(`prometheus query ${expr}: result is a ${data.resultType}, not a vector`);
    return data.result.map((r) => ({ metric: r.metric, time: r.value[0], value: Number(r.value[1]) }));
  };

  const waitForQuery = async (expr: string, accept = (v: VectorSample[]) => v.length > 0, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const last = await query(expr);
      if (accept(last)) return last;
      if (Date.now() > end) {
        throw new Error(`prometheus query ${expr} not satisfied within ${ms} ms; last: ${JSON.stringify(last)}\n${logText.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  try {
    const end = Date.now() + (opts.readyTimeoutMs ?? 20_000);
    for (;;) {
      if (exited) throw new Error(`prometheus exited before it was ready:\n${logText.slice(-4000)}`);
      const ok = await fetch(`${url}/-/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > end) throw new Error(`prometheus not ready within ${opts.readyTimeoutMs ?? 20_000} ms:\n${logText.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { url, address, dir, log: () => logText, query, waitForQuery, api, stop };
}
