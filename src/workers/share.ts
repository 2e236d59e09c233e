// One validated config, split into the share each process runs (each factory's `placement` decides who runs
// what). Both shares keep every pipeline, so the graph code builds them unchanged:
//   leader:  receivers that run once; every single-owner connector and exporter (listed in
//            OwnedComponents so forwards reach them); all extensions; the /metrics server.
//   worker:  receivers shared through sockets; single-owner connectors and exporters replaced by
//            forwarders to the leader; extensions other than the leader's endpoints (authenticators
//            are used where the receivers and exporters are); no /metrics server; a `worker`
//            field on every log line.
// A pipeline whose sources all live in the other process is built idle. What print-config and
// zpages show is the whole config, not a share.

import type { ConnectorFactory, ExporterFactory } from '../core/component.js';
import { ResolvedConfig, type ComponentConfig, type PipelineConfig } from '../config/load.js';
import type { LeaderLink } from './forward.js';
import { forwardingConnectorFactory, forwardingExporterFactory } from './forward.js';
import type { OwnedComponents } from './owned.js';
import { isSingleOwner, placementOf, type Placement } from '../core/component.js';
import { partialAggregationOf } from '../core/partial.js';
import { partialConnectorFactory } from './partial.js';

/** A share of a config that prints as the whole (print-config, zpages, `redactedConfig`). */
class ConfigShare extends ResolvedConfig {
  constructor(
    readonly whole: ResolvedConfig,
    parts: {
      exporters: Map<string, ComponentConfig>;
      connectors: Map<string, ComponentConfig>;
      service: ResolvedConfig['service'];
      warnings: string[];
    },
  ) {
    super(
      whole.receivers,
      whole.processors,
      parts.exporters,
      parts.connectors,
      whole.extensions,
      parts.service,
      whole.secrets,
      parts.warnings,
      whole.sources,
    );
  }

  override printable(redact: boolean): Record<string, unknown> {
    return this.whole.printable(redact);
  }
}

/** Receivers a pipeline keeps in a process: its connectors, and its receivers placed there. */
function pipelinesFor(cfg: ResolvedConfig, where: Exclude<Placement, 'every'>): PipelineConfig[] {
  return cfg.service.pipelines.map((p) => ({
    ...p,
    receivers: p.receivers.filter((id) => cfg.connectors.has(id) || placementOf(cfg.receivers.get(id)!.factory) === where),
  }));
}

function substitute(map: Map<string, ComponentConfig>, swap: (cc: ComponentConfig) => ComponentConfig['factory']): Map<string, ComponentConfig> {
  const out = new Map<string, ComponentConfig>();
  for (const [id, cc] of map) out.set(id, isSingleOwner(cc.factory) ? { ...cc, factory: swap(cc) } : cc);
  return out;
}

export function leaderShare(cfg: ResolvedConfig, owned: OwnedComponents): ConfigShare {
  return new ConfigShare(cfg, {
    exporters: substitute(cfg.exporters, (cc) => owned.wrapExporter(cc.factory as ExporterFactory)),
    connectors: substitute(cfg.connectors, (cc) => owned.wrapConnector(cc.factory as ConnectorFactory)),
    service: { ...cfg.service, pipelines: pipelinesFor(cfg, 'leader') },
    warnings: cfg.warnings,
  });
}

export function workerShare(cfg: ResolvedConfig, link: LeaderLink, worker: number): ConfigShare {
  const t = cfg.service.telemetry;
  return new ConfigShare(cfg, {
    exporters: substitute(cfg.exporters, (cc) => forwardingExporterFactory(cc.factory as ExporterFactory, link)),
    connectors: substitute(cfg.connectors, (cc) => {
      const real = cc.factory as ConnectorFactory;
      return partialAggregationOf(real) ? partialConnectorFactory(real, link) : forwardingConnectorFactory(real, link);
    }),
    service: {
      extensions: cfg.service.extensions.filter((id) => placementOf(cfg.extensions.get(id)!.factory) !== 'leader'),
      pipelines: pipelinesFor(cfg, 'workers'),
      telemetry: {
        ...t,
        // The leader serves /metrics for the whole collector, with this worker's series summed in.
        metrics: { ...t.metrics, address: '', readers: [] },
        logs: { ...t.logs, initial_fields: { ...t.logs.initial_fields, worker } },
      },
    },
    // The leader has logged them once.
    warnings: [],
  });
}

/** Which used components run where, for the startup log line: workers' receivers, the leader's own. */
export function layoutOf(cfg: ResolvedConfig): { workers: string[]; leader: string[] } {
  const used = new Set(cfg.service.pipelines.flatMap((p) => [...p.receivers, ...p.exporters]));
  const workers: string[] = [];
  const leader: string[] = [];
  for (const [id, cc] of cfg.receivers) if (used.has(id)) (placementOf(cc.factory) === 'workers' ? workers : leader).push(`receiver/${id}`);
  for (const [id, cc] of cfg.connectors) if (used.has(id) && isSingleOwner(cc.factory)) leader.push(`connector/${id}`);
  for (const [id, cc] of cfg.exporters) if (used.has(id) && isSingleOwner(cc.factory)) leader.push(`exporter/${id}`);
  return { workers, leader };
}
