// A worker process: the collector's worker share of the config (share.ts), run by the same
// Collector as one process, driven by its leader over IPC instead of by signals: `reload` and
// `stop` come from the leader (which validated the config first), metrics go to the leader every
// 2 s and on every scrape, and a worker whose leader is gone drains and exits.

import cluster from 'node:cluster';
import type { Registry } from '../components/registry.js';
import { ConfigError, formatProblems } from '../config/load.js';
import { GraphError } from '../graph/plan.js';
import { Collector, type CollectorOptions } from '../service/collector.js';
import { describeError } from '../service/errors.js';
import { buildInfo } from '../service/version.js';
import { LeaderLink } from './forward.js';
import { workerShare } from './share.js';
import { isOurs, type LeaderMessage, type WorkerMessage } from './wire.js';

const SNAPSHOT_EVERY_MS = 2000;

/**
 * Series the leader must not sum: uptime is the leader's own, and a reload is counted once by
 * the leader however many processes apply it.
 */
const LEADER_ONLY = new Set(['otelcol_process_uptime', 'otelcol_config_reloads', 'otelcol_config_reload_failures']);

/** The worker number (1…N) when this process was forked by a leader, else undefined. */
export function workerSlot(): number | undefined {
  if (!cluster.isWorker) return undefined;
  const n = Number(process.env.OTELCOL_TS_WORKER);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function send(msg: WorkerMessage, done?: () => void): void {
  if (!process.connected || !process.send) {
    done?.();
    return;
  }
  try {
    process.send(msg, undefined, {}, () => done?.());
  } catch {
    done?.();
  }
}

function startError(err: unknown): string {
  if (err instanceof ConfigError) return `invalid configuration:\n${formatProblems(err)}`;
  if (err instanceof GraphError) return `invalid configuration:\n${err.message}`;
  return describeError(err);
}

export async function runWorker(args: Pick<CollectorOptions, 'configs' | 'sets'>, registry: Registry, slot: number): Promise<number> {
  const link = new LeaderLink((msg) => {
    if (!process.connected || !process.send) throw new Error('IPC channel closed');
    process.send(msg);
  });
  const collector = new Collector({
    configs: args.configs,
    sets: args.sets,
    registry,
    build: buildInfo(),
    role: { adapt: (cfg) => workerShare(cfg, link, slot), readyMessage: `Worker ${slot} ready` },
  });
  const snapshot = (req?: number, done?: () => void) => {
    // Before its registry exists a worker answers with nothing, so a scrape does not wait for it.
    const snap = collector.metrics?.snapshot((name) => LEADER_ONLY.has(name)) ?? { families: [] };
    send({ otelcol: 'snapshot', req, snapshot: snap }, done);
  };

  let stop: () => void = () => undefined;
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    stop = () => {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      collector.stop().then(
        () => snapshot(undefined, () => resolve(0)),
        (err: unknown) => {
          process.stderr.write(`Error during shutdown: ${describeError(err)}\n`);
          resolve(1);
        },
      );
    };
  });
  const timer = setInterval(() => snapshot(), SNAPSHOT_EVERY_MS);
  timer.unref();

  process.on('message', (msg: unknown) => {
    if (!isOurs<LeaderMessage>(msg)) return;
    switch (msg.otelcol) {
      case 'forwarded':
        return link.answer(msg);
      case 'snapshot-request':
        return snapshot(msg.req);
      case 'reload':
        void collector.reload().then((ok) => send({ otelcol: 'reloaded', req: msg.req, ok }));
        return;
      case 'stop':
        return stop();
    }
  });
  process.on('disconnect', () => {
    link.close('the leader process exited');
    stop();
  });
  // The leader coordinates: a group-wide SIGINT (Ctrl-C) or SIGTERM drains this worker as the
  // leader's `stop` would, and SIGHUP waits for the leader, which validates the config first.
  process.on('SIGTERM', () => stop());
  process.on('SIGINT', () => stop());
  process.on('SIGHUP', () => undefined);

  try {
    await collector.start();
  } catch (err) {
    clearInterval(timer);
    await collector.stop().catch(() => undefined);
    await new Promise<void>((resolve) => send({ otelcol: 'start-failed', message: startError(err) }, resolve));
    return 1;
  }
  send({ otelcol: 'ready' });
  return stopped;
}
