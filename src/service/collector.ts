// The running collector: config → graph → service, plus reload. A reload validates the new
// config and builds its graph before touching the running one; an invalid config leaves the old
// pipelines running and is logged loudly and counted in otelcol_config_reload_failures.

import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { loadConfig, type ResolvedConfig } from '../config/load.js';
import type { Registry } from '../components/registry.js';
import { buildGraph, type BuiltGraph } from '../graph/build.js';
import { Service, type BuildInfo } from '../graph/service.js';
import { createTelemetry, type MetricsRegistry, type TelemetryOptions, type TelemetryRuntime } from '../telemetry/index.js';
import type { Counter } from '../core/telemetry.js';
import { describeError } from './errors.js';

export interface CollectorOptions {
  configs: string[];
  sets: string[];
  registry: Registry;
  build: BuildInfo;
  env?: NodeJS.ProcessEnv;
  /** Deadline for draining on stop and on reload. */
  shutdownTimeoutMs?: number;
  /** Set when this process is one part of a multi-process collector (`--workers`, src/workers/). */
  role?: CollectorRole;
}

/** How one process of a multi-process collector differs from the single-process collector. */
export interface CollectorRole {
  /** This process's share of a loaded, validated config (applied on start and on every reload). */
  adapt(cfg: ResolvedConfig): ResolvedConfig;
  /** Extra telemetry options: the other processes' metrics for /metrics. */
  telemetry?: Pick<TelemetryOptions, 'gather'>;
  /** The Service that runs a built graph (the leader's is ready only when its workers are). */
  createService?(graph: BuiltGraph, logger: Logger, build: BuildInfo, configView: () => unknown): Service;
  /** What to log once started, instead of the collector's ready line; null logs nothing. */
  readyMessage?: string | null;
}

export class Collector {
  private service: Service | undefined;
  private current: ResolvedConfig | undefined;
  private telemetry: TelemetryRuntime | undefined;
  private reloading: Promise<boolean> | undefined;
  private reloadFailures: Counter | undefined;
  private reloadSuccesses: Counter | undefined;

  constructor(private readonly opts: CollectorOptions) {}

  get logger(): Logger | undefined {
    return this.telemetry?.logger;
  }

  get metrics(): MetricsRegistry | undefined {
    return this.telemetry?.metrics;
  }

  get status(): string {
    return this.service?.status ?? 'stopped';
  }

  /** Loads, builds and starts; throws (with every config problem) if that fails. */
  async start(): Promise<void> {
    const cfg = await this.load();
    this.telemetry = createTelemetry(cfg.service.telemetry, { version: this.opts.build.version, ...this.opts.role?.telemetry });
    this.reloadFailures = this.telemetry.metrics.counter('otelcol_config_reload_failures', {
      help: 'Configuration reloads (SIGHUP) rejected because the new configuration was invalid or failed to start',
    });
    this.reloadSuccesses = this.telemetry.metrics.counter('otelcol_config_reloads', {
      help: 'Configuration reloads (SIGHUP) applied',
    });
    await this.telemetry.start();
    const log = this.telemetry.logger;
    for (const w of cfg.warnings) log.warn(w);
    log.info({ version: this.opts.build.version, configs: cfg.sources }, 'Starting otelcol-ts...');
    this.current = cfg;
    this.service = this.makeService(cfg);
    await this.service.start();
    const ready = this.opts.role?.readyMessage;
    if (ready === undefined) log.info({ startup_ms: Math.round(performance.now()) }, 'Everything is ready. Begin running and processing data.');
    else if (ready !== null) log.info({ startup_ms: Math.round(performance.now()) }, ready);
  }

  private async load(): Promise<ResolvedConfig> {
    const cfg = await loadConfig({
      configs: this.opts.configs,
      sets: this.opts.sets,
      env: this.opts.env ?? process.env,
      registry: this.opts.registry,
    });
    return this.opts.role ? this.opts.role.adapt(cfg) : cfg;
  }

  private makeService(cfg: ResolvedConfig): Service {
    const t = this.telemetry!;
    const graph = buildGraph(cfg, { logger: t.logger, telemetry: t.metrics });
    const view = () => cfg.printable(true);
    const create = this.opts.role?.createService;
    return create ? create(graph, t.logger, this.opts.build, view) : new Service(graph, t.logger, this.opts.build, view);
  }

  /**
   * SIGHUP. Resolves true when the new config runs, false when it was rejected (the old one
   * keeps running, or is restored if the new one failed to start).
   */
  reload(): Promise<boolean> {
    this.reloading ??= this.doReload().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async doReload(): Promise<boolean> {
    const log = this.telemetry!.logger;
    log.info('Received SIGHUP: reloading configuration');
    let cfg: ResolvedConfig;
    let next: Service;
    try {
      cfg = await this.load();
      next = this.makeService(cfg);
    } catch (err) {
      this.reloadFailures!.add(1);
      log.error(
        { error: describeError(err) },
        'Configuration reload FAILED: the new configuration is invalid; the previous configuration keeps running',
      );
      return false;
    }
    const previous = this.current!;
    await this.service!.shutdown(this.opts.shutdownTimeoutMs);
    try {
      await this.telemetry!.reconfigure(cfg.service.telemetry);
      this.service = next;
      await next.start();
    } catch (err) {
      this.reloadFailures!.add(1);
      log.error(
        { error: describeError(err) },
        'Configuration reload FAILED: the new configuration did not start; restoring the previous configuration',
      );
      await this.telemetry!.reconfigure(previous.service.telemetry);
      this.service = this.makeService(previous);
      await this.service.start();
      return false;
    }
    this.current = cfg;
    for (const w of cfg.warnings) log.warn(w);
    this.reloadSuccesses!.add(1);
    log.info('Configuration reloaded. Everything is ready. Begin running and processing data.');
    return true;
  }

  async stop(): Promise<void> {
    await this.reloading?.catch(() => undefined);
    const log = this.telemetry?.logger;
    log?.info('Shutdown requested: draining pipelines');
    await this.service?.shutdown(this.opts.shutdownTimeoutMs);
    log?.info('Shutdown complete.');
    await this.telemetry?.shutdown();
  }
}
