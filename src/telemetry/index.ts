// The collector's self-telemetry, tied together: one logger and one metrics registry for the life
// of the process, and the /metrics server(s) opened by start() and closed by shutdown().
//
// Config reloads: keep the instance and call reconfigure(newCfg), running or not. Counters keep
// counting across the reload because components re-register the same names; the /metrics server
// is reopened only when its addresses change. The logger's level and sampling follow the new
// config; `encoding`, `output_paths` and `initial_fields` are fixed when the logger is created (a
// changed value is reported with a warning and applies after a restart).

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TelemetryConfig } from './config.js';
import { createLogger, flushLogSampling, reconfigureLogger, type LoggerOptions } from './logger.js';
import { MetricsRegistry } from './metrics.js';
import { registerProcessMetrics } from './process-metrics.js';
import { metricsEndpoints, startMetricsServer, type Exposer, type MetricsServer } from './server.js';
import { mergeFamilies, type MetricsSnapshot } from './snapshot.js';
import { renderExposition } from './exposition.js';

export { MetricsRegistry } from './metrics.js';
export { type MetricsSnapshot } from './snapshot.js';

export interface TelemetryOptions extends LoggerOptions {
  /** `service.version` (the collector's version). */
  version?: string;
  /** `service.name`, default `otelcol-ts`. */
  serviceName?: string;
  /**
   * Snapshots of the other processes of this collector (`--workers`), summed into every scrape
   * of /metrics; a scrape waits for them.
   */
  gather?: () => Promise<readonly MetricsSnapshot[]>;
}

export interface CollectorTelemetry {
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** Addresses the self-metrics server(s) are bound to while started; empty otherwise. */
  readonly metricsAddresses: readonly string[];
  /** Registers the process metrics and opens the /metrics endpoint(s). Rejects on a bind error. */
  start(): Promise<void>;
  /** Closes the endpoint(s) and writes pending log-sampling summaries. Idempotent. */
  shutdown(): Promise<void>;
  /**
   * Applies a reloaded `service::telemetry`. While started, reopens the /metrics server(s) when
   * their addresses change, and rejects like start() when a new address cannot be bound (no
   * server runs then; reconfiguring back to the previous config reopens it).
   */
  reconfigure(cfg: TelemetryConfig): Promise<void>;
}

/** The name the CLI uses for the runtime. */
export type TelemetryRuntime = CollectorTelemetry;

/**
 * Resource attributes as Go builds them (service/telemetry resource.go): service.name,
 * service.version and a random service.instance.id, overridden by `resource`, where a null
 * value removes the attribute.
 */
function resourceOf(cfg: TelemetryConfig, defaults: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const [k, v] of Object.entries(cfg.resource ?? {})) {
    if (v === null || v === undefined) delete out[k];
    else out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

export function createTelemetry(initial: TelemetryConfig, opts: TelemetryOptions = {}): CollectorTelemetry {
  let cfg = initial;
  const logger = createLogger(cfg.logs, opts);
  const defaults = {
    'service.instance.id': randomUUID(),
    'service.name': opts.serviceName ?? 'otelcol-ts',
    'service.version': opts.version ?? '',
  };
  const metrics = new MetricsRegistry(cfg.metrics.level, resourceOf(cfg, defaults));
  let server: MetricsServer | null = null;
  let unregisterProcess: (() => void) | undefined;
  let started = false;
  /** The endpoints `server` was opened for, to tell whether a reload must reopen it. */
  let served = '';

  const gather = opts.gather;
  // The other processes are asked first, so this process's observers (which may read what they
  // answered) are read after them.
  const source: Exposer = gather
    ? {
        expose: async () => {
          const remote = await gather();
          return renderExposition(mergeFamilies(metrics.collect(), remote, metrics.level), metrics.resourceLabels);
        },
      }
    : metrics;
  const openServer = async () => {
    served = JSON.stringify(metricsEndpoints(cfg.metrics));
    server = await startMetricsServer(source, cfg.metrics, logger);
  };
  const closeServer = async () => {
    const s = server;
    server = null;
    served = '';
    await s?.close();
  };

  return {
    logger,
    metrics,
    get metricsAddresses() {
      return server?.addresses ?? [];
    },
    async start() {
      if (started) return;
      started = true;
      unregisterProcess = registerProcessMetrics(metrics);
      try {
        await openServer();
      } catch (err) {
        started = false;
        unregisterProcess();
        unregisterProcess = undefined;
        throw err;
      }
    },
    async shutdown() {
      started = false;
      unregisterProcess?.();
      unregisterProcess = undefined;
      await closeServer();
      flushLogSampling(logger);
    },
    async reconfigure(next) {
      const fixed = (c: TelemetryConfig) => JSON.stringify([c.logs.encoding, c.logs.output_paths, c.logs.initial_fields]);
      if (fixed(next) !== fixed(cfg)) {
        logger.warn('service::telemetry::logs encoding, output_paths and initial_fields changes apply after a restart');
      }
      cfg = next;
      reconfigureLogger(logger, cfg.logs);
      metrics.setLevel(cfg.metrics.level);
      metrics.setResource(resourceOf(cfg, defaults));
      if (!started) return;
      const wanted = JSON.stringify(metricsEndpoints(cfg.metrics));
      if (server && wanted === served) return;
      await closeServer();
      await openServer();
    },
  };
}
