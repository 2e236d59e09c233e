// The leader of a multi-process collector (`--workers=N`, N > 1). To the CLI it is a Collector
// (start, stop, reload, logger); inside, it runs the leader share of the config (share.ts) and
// a pool of N workers running the worker share:
//   start   the config is loaded and validated here first (every error before anything forks),
//           then the leader's components and endpoints start, then the workers; the collector
//           is ready (health_check 200, the ready line) once every worker is.
//   reload  validated here; a valid config is applied by every worker (each drains into the
//           leader's components, still the old ones), then by the leader. An invalid one is
//           rejected by the leader alone, with the same log line and counter as one process.
//   stop    workers drain and exit (receivers stop, batches flush, forwards are answered), then
//           the leader stops its own components, which are the last to receive data.

import pino from 'pino';
import type { Logger } from 'pino';
import type { PipelineInfo, ServiceInfo } from '../core/component.js';
import { loadConfig, type PipelineConfig } from '../config/load.js';
import { buildGraph, type BuiltGraph } from '../graph/build.js';
import { Service, type BuildInfo } from '../graph/service.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { Collector, type CollectorOptions } from '../service/collector.js';
import { OwnedComponents } from './owned.js';
import { WorkerPool } from './pool.js';
import { layoutOf, leaderShare } from './share.js';

const DEFAULT_DRAIN_MS = 30_000;

/** The leader's Service, as health_check and zpages see it: ready only while every worker is. */
class LeaderService extends Service {
  constructor(
    graph: BuiltGraph,
    logger: Logger,
    build: BuildInfo,
    configView: () => unknown,
    private readonly workersReadySince: () => Date | undefined,
    private readonly wholePipelines: PipelineInfo[],
  ) {
    super(graph, logger, build, configView);
  }

  override get service(): ServiceInfo {
    const self = this;
    return {
      get status() {
        return self.status === 'running' && !self.workersReadySince() ? 'starting' : self.status;
      },
      get upSince() {
        const workers = self.workersReadySince();
        if (self.status !== 'running' || !workers || !self.upSince) return undefined;
        return workers > self.upSince ? workers : self.upSince;
      },
      startedAt: self.startedAt,
      pipelines: () => self.wholePipelines,
      extensions: () => self.extensions(),
      build: self.build,
      redactedConfig: () => self.redactedConfig(),
    };
  }
}

export class Leader {
  private readonly owned = new OwnedComponents();
  private readonly collector: Collector;
  private pool: WorkerPool | undefined;
  /** The whole config's pipelines for each leader share's (zpages lists every receiver). */
  private readonly wholeOf = new WeakMap<PipelineConfig[], PipelineConfig[]>();
  private reloading: Promise<boolean> | undefined;
  private layout: ReturnType<typeof layoutOf> = { workers: [], leader: [] };

  constructor(
    private readonly opts: CollectorOptions,
    private readonly workers: number,
  ) {
    this.collector = new Collector({
      ...opts,
      role: {
        adapt: (cfg) => {
          const share = leaderShare(cfg, this.owned);
          this.layout = layoutOf(cfg);
          this.wholeOf.set(share.service.pipelines, cfg.service.pipelines);
          return share;
        },
        telemetry: { gather: async () => (this.pool ? this.pool.gather() : []) },
        createService: (graph, logger, build, view) =>
          new LeaderService(graph, logger, build, view, () => (this.pool?.allReady() ? this.pool.readySince : undefined), this.pipelinesOf(graph)),
        readyMessage: null,
      },
    });
  }

  get logger(): Logger | undefined {
    return this.collector.logger;
  }

  private pipelinesOf(graph: BuiltGraph): PipelineInfo[] {
    const whole = this.wholeOf.get(graph.plan.pipelines);
    return graph.pipelines.map((p) => ({ ...p, receivers: whole?.find((w) => w.id === p.id)?.receivers ?? p.receivers }));
  }

  async start(): Promise<void> {
    await this.collector.start();
    const log = this.collector.logger!;
    this.pool = new WorkerPool({ size: this.workers, logger: log, metrics: this.collector.metrics!, owned: this.owned });
    // A leader that exits on a second signal or a crash takes its workers with it.
    process.once('exit', () => this.pool?.killAll());
    const { workers: shared, leader: once } = this.layout;
    log.info({ workers: this.workers, in_workers: shared, in_leader: once }, `Starting ${this.workers} worker processes`);
    if (shared.length === 0) {
      log.warn(
        `--workers=${this.workers}: no receiver of this configuration can be shared by worker processes; every pipeline is fed in the leader, so the workers add nothing`,
      );
    }
    await this.pool.start();
    log.info({ startup_ms: Math.round(performance.now()), workers: this.workers }, 'Everything is ready. Begin running and processing data.');
  }

  reload(): Promise<boolean> {
    this.reloading ??= this.doReload().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async doReload(): Promise<boolean> {
    // An invalid config is rejected by the leader alone, exactly as in one process (log, counter).
    if (!(await this.validate())) {
      if (!(await this.collector.reload())) return false;
      // The files changed between the check and the leader's own load: the workers follow.
      return this.reloadWorkers();
    }
    if (!(await this.reloadWorkers())) return false;
    return this.collector.reload();
  }

  /** Rolls the config over the workers; false (logged and counted) when one could not apply it. */
  private async reloadWorkers(): Promise<boolean> {
    const outcome = await this.pool?.reload((this.opts.shutdownTimeoutMs ?? DEFAULT_DRAIN_MS) + 30_000);
    if (!outcome) return true;
    // The leader keeps its config: counted and logged as the one-process failure is.
    this.collector.metrics?.counter('otelcol_config_reload_failures', { help: '' }).add(1);
    const state = outcome.applied.length
      ? `worker(s) ${outcome.applied.join(', ')} run the new configuration, the other processes the previous one`
      : 'every process keeps running the previous configuration';
    this.collector.logger?.error(
      { worker: outcome.refused },
      `Configuration reload FAILED: worker ${outcome.refused} could not start the new configuration; ${state}`,
    );
    return false;
  }

  /** Whether the config on disk now loads and builds (nothing is started, nothing is logged). */
  private async validate(): Promise<boolean> {
    try {
      const cfg = await loadConfig({
        configs: this.opts.configs,
        sets: this.opts.sets,
        env: this.opts.env ?? process.env,
        registry: this.opts.registry,
      });
      buildGraph(cfg, { logger: pino({ level: 'silent' }), telemetry: new MetricsRegistry() });
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await this.reloading?.catch(() => undefined);
    if (this.pool) {
      this.collector.logger?.info('Shutdown requested: draining worker processes');
      await this.pool.stop((this.opts.shutdownTimeoutMs ?? DEFAULT_DRAIN_MS) + 5_000);
    }
    await this.collector.stop();
  }
}
