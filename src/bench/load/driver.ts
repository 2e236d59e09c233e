// The load-generator loop shared by the HTTP and gRPC senders (each runs as its own process on
// the load core): flat-out with N requests in flight, or a fixed request rate, for a warm-up then
// a measured window. Progress goes to stdout as JSON lines: `measure-start` when the window
// opens, then one `done` line with the totals and the window's figures.

import { encodeTraces } from '../../pdata/wire/trace-encode.js';
import { buildShape, isShape, SHAPES, type Shape } from './shapes.js';

export interface LoadArgs {
  host: string;
  port: number;
  /** Requests per second; 0 = flat-out. */
  rate: number;
  /** Requests in flight (flat-out), or the in-flight cap at a fixed rate. */
  inflight: number;
  connections: number;
  warmupSec: number;
  durationSec: number;
  spans: number;
  /** The spans' shape (shapes.ts); default heavy. */
  shape: Shape;
  path?: string;
}

export function parseLoadArgs(argv: readonly string[]): LoadArgs {
  const kv = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (!m) throw new Error(`bad argument ${a} (expected --name=value)`);
    kv.set(m[1]!, m[2]!);
  }
  const num = (k: string, d: number): number => {
    const v = kv.has(k) ? Number(kv.get(k)) : d;
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${k} must be a non-negative number`);
    return v;
  };
  const target = kv.get('target') ?? '127.0.0.1:4318';
  const i = target.lastIndexOf(':');
  return {
    host: target.slice(0, i),
    port: Number(target.slice(i + 1)),
    rate: num('rate', 0),
    inflight: Math.max(1, num('inflight', 10)),
    connections: Math.max(1, num('connections', 1)),
    warmupSec: num('warmup', 1),
    durationSec: num('duration', 5),
    spans: Math.max(1, num('spans', 100)),
    shape: shapeArg(kv.get('shape') ?? 'heavy'),
    path: kv.get('path'),
  };
}

function shapeArg(v: string): Shape {
  if (!isShape(v)) throw new Error(`--shape must be one of ${SHAPES.join(', ')}`);
  return v;
}

/** A trace request of `spans` spans of `shape` (default: node-limits.md §1's), protobuf-encoded. */
export function benchPayload(spans: number, shape: Shape = 'heavy'): Buffer {
  return Buffer.from(encodeTraces(buildShape(shape, spans)));
}

/** Sends one request; resolves true on success, false (or an Error) on failure. */
export type SendFn = (slot: number) => Promise<true | string>;

export interface WindowStats {
  seconds: number;
  requestsOk: number;
  requestsFailed: number;
  spansOk: number;
  spansFailed: number;
  /** Fixed rate only: requests due but not sent because the in-flight cap was reached. */
  notSent: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface LoadReport {
  event: 'done';
  totalRequestsOk: number;
  totalRequestsFailed: number;
  totalSpansOk: number;
  totalSpansFailed: number;
  window: WindowStats;
  errors: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function runLoad(args: LoadArgs, send: SendFn): Promise<LoadReport> {
  let measuring = false;
  let stopped = false;
  let inflight = 0;
  const total = { ok: 0, failed: 0 };
  const win = { ok: 0, failed: 0, notSent: 0 };
  const latencies: number[] = [];
  const errors = new Map<string, number>();

  const once = async (slot: number): Promise<boolean> => {
    inflight++;
    const t0 = performance.now();
    let res: true | string;
    try {
      res = await send(slot);
    } catch (err) {
      res = (err as Error).message;
    }
    inflight--;
    const counted = measuring;
    if (res === true) {
      total.ok++;
      if (counted) {
        win.ok++;
        if (latencies.length < 200_000) latencies.push(performance.now() - t0);
      }
    } else {
      total.failed++;
      if (counted) win.failed++;
      errors.set(res, (errors.get(res) ?? 0) + 1);
    }
    return res === true;
  };

  const workers: Promise<void>[] = [];
  let ticker: NodeJS.Timeout | undefined;
  if (args.rate === 0) {
    for (let w = 0; w < args.inflight; w++) {
      workers.push(
        (async () => {
          while (!stopped) {
            // A failing target (refused connection, 503) must not turn the loop into a spin.
            if (!(await once(w))) await new Promise((r) => setTimeout(r, 10));
          }
        })(),
      );
    }
  } else {
    // Requests are issued on a 5 ms tick by how many are due since the start, so a late tick
    // catches up instead of lowering the rate.
    const start = performance.now();
    let issued = 0;
    let slot = 0;
    const pending = new Set<Promise<boolean>>();
    ticker = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * args.rate);
      while (issued < due) {
        issued++;
        if (inflight >= args.inflight) {
          if (measuring) win.notSent++;
          continue;
        }
        const p = once(slot++ % args.connections);
        pending.add(p);
        void p.then(() => pending.delete(p));
      }
    }, 5);
    workers.push(
      (async () => {
        while (!stopped) await new Promise((r) => setTimeout(r, 50));
        await Promise.all([...pending]);
      })(),
    );
  }

  await new Promise((r) => setTimeout(r, args.warmupSec * 1000));
  measuring = true;
  const t0 = performance.now();
  process.stdout.write(`${JSON.stringify({ event: 'measure-start' })}\n`);
  await new Promise((r) => setTimeout(r, args.durationSec * 1000));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ event: 'measure-end' })}\n`);
  stopped = true;
  if (ticker) clearInterval(ticker);
  const drained = Promise.all(workers);
  await Promise.race([drained, new Promise((r) => setTimeout(r, 10_000))]);
  latencies.sort((a, b) => a - b);
  return {
    event: 'done',
    totalRequestsOk: total.ok,
    totalRequestsFailed: total.failed,
    totalSpansOk: total.ok * args.spans,
    totalSpansFailed: total.failed * args.spans,
    window: {
      seconds,
      requestsOk: win.ok,
      requestsFailed: win.failed,
      spansOk: win.ok * args.spans,
      spansFailed: win.failed * args.spans,
      notSent: win.notSent,
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP99Ms: percentile(latencies, 0.99),
    },
    errors: [...errors].slice(0, 5).map(([m, n]) => `${n}× ${m}`),
  };
}

/** Runs a sender as a process main: parse argv, run, print the report, exit. */
export function loadMain(setup: (args: LoadArgs, payload: Buffer) => Promise<{ send: SendFn; close: () => void | Promise<void> }>): void {
  const args = parseLoadArgs(process.argv.slice(2));
  const payload = benchPayload(args.spans, args.shape);
  setup(args, payload)
    .then(async ({ send, close }) => {
      const report = await runLoad(args, send);
      await close();
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`load generator failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
