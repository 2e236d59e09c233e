// The leader's workers: forked with node:cluster (listening sockets are shared, so every worker
// accepts on the receivers' ports), answered when they forward to a single-owner component,
// asked for their metrics on every scrape, told to reload and to stop, and restarted with
// backoff when one exits on its own.

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../telemetry/metrics.js';
import { cumulativePart, sumSnapshots, type MetricsSnapshot } from '../telemetry/snapshot.js';
import type { OwnedComponents } from './owned.js';
import { encodeError, isOurs, type LeaderMessage, type WorkerMessage } from './wire.js';

/** How long a scrape waits for a worker's snapshot before using the one it sent last. */
const SNAPSHOT_WAIT_MS = 500;
const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 10_000;
/** A worker that ran this long before dying restarts after the minimum delay again. */
const HEALTHY_RUN_MS = 10_000;

type State = 'starting' | 'ready' | 'stopping' | 'down';

interface Slot {
  id: number;
  worker: Worker | undefined;
  state: State;
  startedAt: number;
  startError: string | undefined;
  latest: MetricsSnapshot | undefined;
  failures: number;
  restartTimer: NodeJS.Timeout | undefined;
}

/** A question to one worker, answered by its reply, by the timeout, or by its exit. */
type Waiter<T> = { slot: number; resolve: (v: T) => void; timer: NodeJS.Timeout; fallback: T };

interface PoolOptions {
  size: number;
  logger: Logger;
  metrics: MetricsRegistry;
  owned: OwnedComponents;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private nextReq = 1;
  private readonly snapshotWaits = new Map<number, Waiter<void>>();
  private readonly reloadWaits = new Map<number, Waiter<boolean>>();
  /** Counters and histograms of workers that exited, so totals never go back. */
  private retired: MetricsSnapshot = { families: [] };
  private startup: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private readonly restarts;
  /** When every worker last became ready; undefined while one is not. */
  readySince: Date | undefined;

  constructor(private readonly opts: PoolOptions) {
    for (let id = 1; id <= opts.size; id++) {
      this.slots.push({
        id,
        worker: undefined,
        state: 'down',
        startedAt: 0,
        startError: undefined,
        latest: undefined,
        failures: 0,
        restartTimer: undefined,
      });
    }
    this.restarts = opts.metrics.counter('otelcol_worker_restarts', { help: 'Worker processes restarted after exiting on their own' });
    opts.metrics.observe('otelcol_worker_ready', { help: 'Whether each worker process is running its pipelines (1) or not (0)' }, () =>
      this.slots.map((s) => [{ worker: String(s.id) }, s.state === 'ready' ? 1 : 0] as const),
    );
    opts.metrics.observe(
      'otelcol_worker_accepted_items',
      { help: 'Items (spans, metric points, log records) accepted by the receivers of each worker process since it started', kind: 'counter' },
      () => this.slots.map((s) => [{ worker: String(s.id) }, acceptedItems(s.latest)] as const),
    );
  }

  /** Forks every worker; resolves when all are ready, rejects with the first one's start error. */
  start(): Promise<void> {
    // The kernel hands each connection to a worker blocked in accept(); the leader passes no
    // sockets. NODE_CLUSTER_SCHED_POLICY=rr (Node's own variable) makes the leader deal them out.
    if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
    cluster.setupPrimary({ serialization: 'advanced' });
    return new Promise<void>((resolve, reject) => {
      this.startup = { resolve, reject };
      for (const slot of this.slots) this.fork(slot);
    });
  }

  allReady(): boolean {
    return this.slots.every((s) => s.state === 'ready');
  }

  private fork(slot: Slot): void {
    slot.restartTimer = undefined;
    slot.state = 'starting';
    slot.startError = undefined;
    slot.latest = undefined;
    slot.startedAt = performance.now();
    const worker = cluster.fork({ OTELCOL_TS_WORKER: String(slot.id) });
    slot.worker = worker;
    worker.on('message', (msg: unknown) => {
      if (isOurs<WorkerMessage>(msg)) this.onMessage(slot, worker, msg);
    });
    // A send to a worker that just died fails here, not in the caller; its exit is handled below.
    worker.on('error', (err) => this.opts.logger.debug({ worker: slot.id, error: err.message }, 'worker channel error'));
    worker.once('exit', (code, signal) => this.onExit(slot, worker, code, signal));
  }

  private send(worker: Worker, msg: LeaderMessage): void {
    if (!worker.isConnected()) return;
    try {
      worker.send(msg);
    } catch {
      // the worker is going away; its exit handler runs next
    }
  }

  private onMessage(slot: Slot, worker: Worker, msg: WorkerMessage): void {
    switch (msg.otelcol) {
      case 'forward':
        this.opts.owned.dispatch(msg.target, msg.payload, msg.ctx).then(
          () => this.send(worker, { otelcol: 'forwarded', id: msg.id }),
          (err: unknown) => this.send(worker, { otelcol: 'forwarded', id: msg.id, error: encodeError(err) }),
        );
        return;
      case 'merge':
        this.opts.owned.merge(msg.target, msg.partial).then(
          () => this.send(worker, { otelcol: 'forwarded', id: msg.id }),
          (err: unknown) => this.send(worker, { otelcol: 'forwarded', id: msg.id, error: encodeError(err) }),
        );
        return;
      case 'snapshot':
        // One read after the exit would be counted twice: the exit already retired the last one.
        if (slot.worker === worker && slot.state !== 'down') slot.latest = msg.snapshot;
        if (msg.req !== undefined) settle(this.snapshotWaits, msg.req, undefined);
        return;
      case 'ready':
        this.onReady(slot);
        return;
      case 'start-failed':
        slot.startError = msg.message;
        return;
      case 'reloaded':
        settle(this.reloadWaits, msg.req, msg.ok);
        return;
    }
  }

  private onReady(slot: Slot): void {
    if (slot.state !== 'starting') return;
    const restarted = slot.failures > 0;
    slot.state = 'ready';
    if (restarted) this.opts.logger.warn({ worker: slot.id, pid: slot.worker?.process.pid }, `Worker ${slot.id} restarted and ready`);
    if (this.allReady()) {
      this.readySince = new Date();
      this.startup?.resolve();
      this.startup = undefined;
    }
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    const wasReady = slot.state === 'ready';
    const expected = slot.state === 'stopping' || this.stopping;
    slot.state = 'down';
    this.readySince = undefined;
    abandon(this.snapshotWaits, slot.id);
    abandon(this.reloadWaits, slot.id);
    if (slot.latest) this.retired = sumSnapshots([this.retired, cumulativePart(slot.latest)]);
    slot.latest = undefined;
    if (expected) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.startup) {
      // A worker that cannot start is a startup failure of the collector, as in one process.
      const why = slot.startError ?? `worker ${slot.id} exited (${how}) before it was ready`;
      this.startup.reject(new Error(why));
      this.startup = undefined;
      return;
    }
    const ranMs = performance.now() - slot.startedAt;
    if (wasReady && ranMs >= HEALTHY_RUN_MS) slot.failures = 0;
    const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** slot.failures);
    slot.failures++;
    this.restarts.add(1, { worker: String(slot.id) });
    this.opts.logger.error(
      { worker: slot.id, pid: worker.process.pid, exit_code: code, signal, restart_in_ms: delay, error: slot.startError },
      `Worker ${slot.id} exited unexpectedly (${how}); restarting it in ${delay} ms`,
    );
    slot.restartTimer = setTimeout(() => this.fork(slot), delay);
  }

  /** Snapshots of every worker (asked now, or the last one sent) and of the workers gone. */
  async gather(): Promise<MetricsSnapshot[]> {
    const asks: Promise<void>[] = [];
    for (const slot of this.slots) {
      const w = slot.worker;
      if (!w || slot.state === 'down' || !w.isConnected()) continue;
      const req = this.nextReq++;
      asks.push(wait(this.snapshotWaits, slot.id, req, SNAPSHOT_WAIT_MS, undefined));
      this.send(w, { otelcol: 'snapshot-request', req });
    }
    await Promise.all(asks);
    const out = this.slots.flatMap((s) => (s.latest ? [s.latest] : []));
    if (this.retired.families.length) out.push(this.retired);
    return out;
  }

  /**
   * Reloads the running workers one after the other; resolves with the first that refused and those
   * that applied it before (the ones after it are not asked), or undefined when all did. One at a time because a worker reopening a
   * listener while no other worker holds it races the leader's close of the shared socket
   * (EADDRINUSE); with another worker holding it, the socket stays open and keeps accepting, so
   * clients see no gap.
   */
  async reload(timeoutMs: number): Promise<{ refused: number; applied: number[] } | undefined> {
    const applied: number[] = [];
    for (const slot of this.slots) {
      if (slot.state !== 'ready' || !slot.worker?.isConnected()) continue;
      const req = this.nextReq++;
      const answer = wait(this.reloadWaits, slot.id, req, timeoutMs, false);
      this.send(slot.worker, { otelcol: 'reload', req });
      if (!(await answer)) return { refused: slot.id, applied };
      applied.push(slot.id);
    }
    return undefined;
  }

  /** Drains and stops every worker; one still running after `deadlineMs` is killed. */
  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.startup = undefined;
    const exits: Promise<void>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.restartTimer);
      const w = slot.worker;
      if (!w || slot.state === 'down') continue;
      slot.state = 'stopping';
      exits.push(
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.opts.logger.error({ worker: slot.id }, `Worker ${slot.id} did not stop before the shutdown deadline; killing it`);
            w.process.kill('SIGKILL');
          }, deadlineMs);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (w.isConnected()) this.send(w, { otelcol: 'stop' });
          else w.process.kill('SIGTERM');
        }),
      );
    }
    await Promise.all(exits);
    abandon(this.snapshotWaits);
    abandon(this.reloadWaits);
  }

  /** Last resort when the leader exits without stopping: no worker outlives it. */
  killAll(): void {
    for (const slot of this.slots) {
      clearTimeout(slot.restartTimer);
      if (slot.state !== 'down') slot.worker?.process.kill('SIGKILL');
    }
  }
}

function wait<T>(waits: Map<number, Waiter<T>>, slot: number, req: number, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => settle(waits, req, fallback), ms);
    waits.set(req, { slot, resolve, timer, fallback });
  });
}

function settle<T>(waits: Map<number, Waiter<T>>, req: number, value: T): void {
  const w = waits.get(req);
  if (!w) return;
  waits.delete(req);
  clearTimeout(w.timer);
  w.resolve(value);
}

/** Answers every question still waiting on `slot` (or on any worker) with its fallback. */
function abandon<T>(waits: Map<number, Waiter<T>>, slot?: number): void {
  for (const [req, w] of [...waits]) if (slot === undefined || w.slot === slot) settle(waits, req, w.fallback);
}

function acceptedItems(snap: MetricsSnapshot | undefined): number {
  let n = 0;
  for (const f of snap?.families ?? []) {
    if (f.type === 'counter' && f.name.startsWith('otelcol_receiver_accepted_')) for (const s of f.samples) n += s.value;
  }
  return n;
}
