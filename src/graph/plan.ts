// The pure part of building pipelines: which connector instances exist, which pipelines feed
// which, cycles, and the topological order of nodes. No component is created here, so
// `validate` can run it (Go: service.Validate builds the graph without starting anything).

import type { ComponentConfig, PipelineConfig, ResolvedConfig } from '../config/load.js';
import type { ConnectorFactory } from '../core/component.js';
import type { Signal } from '../core/payload.js';

export class GraphError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `failed to build pipelines: ${p}`).join('\n'));
    this.name = 'GraphError';
  }
}

export interface ConnectorUse {
  id: string;
  from: Signal;
  to: Signal;
  /** Pipelines (of signal `from`) that export into this connector instance. */
  exporterPipelines: string[];
  /** Pipelines (of signal `to`) that this connector instance feeds. */
  receiverPipelines: string[];
}

export interface GraphPlan {
  pipelines: PipelineConfig[];
  /** Receiver IDs (not connectors) that feed at least one pipeline, in config order. */
  receivers: string[];
  /** Exporter IDs (not connectors) used by some pipeline, with the signals they carry. */
  exporters: Map<string, Set<Signal>>;
  connectors: ConnectorUse[];
  /** Pipeline IDs, upstream before downstream (connectors impose the order). */
  pipelineOrder: string[];
}

function connectorKey(c: ConnectorUse): string {
  return `${c.id}|${c.from}|${c.to}`;
}

function supports(cc: ComponentConfig, from: Signal, to: Signal): boolean {
  return (cc.factory as ConnectorFactory).pairs.some((p) => p.from === from && p.to === to);
}

export function planGraph(cfg: ResolvedConfig): GraphPlan {
  const problems: string[] = [];
  const pipelines = cfg.service.pipelines;
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  const connectors: ConnectorUse[] = [];

  for (const [id, cc] of cfg.connectors) {
    const asExporter = pipelines.filter((p) => p.exporters.includes(id));
    const asReceiver = pipelines.filter((p) => p.receivers.includes(id));
    if (asExporter.length === 0 && asReceiver.length === 0) continue; // declared, unused: not built (as Go)
    for (const p of asReceiver) {
      if (!asExporter.some((e) => supports(cc, e.signal, p.signal))) {
        problems.push(`connector "${id}" used as receiver in [${p.id}] pipeline but not used in any supported exporter pipeline`);
      }
    }
    for (const p of asExporter) {
      if (!asReceiver.some((r) => supports(cc, p.signal, r.signal))) {
        problems.push(`connector "${id}" used as exporter in [${p.id}] pipeline but not used in any supported receiver pipeline`);
      }
    }
    const signalsFrom = [...new Set(asExporter.map((p) => p.signal))];
    const signalsTo = [...new Set(asReceiver.map((p) => p.signal))];
    for (const from of signalsFrom) {
      for (const to of signalsTo) {
        if (!supports(cc, from, to)) continue;
        connectors.push({
          id,
          from,
          to,
          exporterPipelines: asExporter.filter((p) => p.signal === from).map((p) => p.id),
          receiverPipelines: asReceiver.filter((p) => p.signal === to).map((p) => p.id),
        });
      }
    }
  }

  // Pipeline P feeds pipeline Q through connector instance C when P exports into C and C feeds Q.
  const edges = new Map<string, Array<{ via: ConnectorUse; to: string }>>();
  for (const c of connectors) {
    for (const from of c.exporterPipelines) {
      const list = edges.get(from) ?? [];
      for (const to of c.receiverPipelines) list.push({ via: c, to });
      edges.set(from, list);
    }
  }

  const cycle = findCycle(
    pipelines.map((p) => p.id),
    edges,
  );
  if (cycle) problems.push(`cycle detected: ${describeCycle(cycle, byId)}`);
  if (problems.length) throw new GraphError(problems);

  const receivers: string[] = [];
  for (const id of cfg.receivers.keys()) if (pipelines.some((p) => p.receivers.includes(id))) receivers.push(id);
  const exporters = new Map<string, Set<Signal>>();
  for (const id of cfg.exporters.keys()) {
    const signals = new Set(pipelines.filter((p) => p.exporters.includes(id)).map((p) => p.signal));
    if (signals.size) exporters.set(id, signals);
  }
  return {
    pipelines,
    receivers,
    exporters,
    connectors,
    pipelineOrder: topoOrder(
      pipelines.map((p) => p.id),
      edges,
    ),
  };
}

type Edge = { via: ConnectorUse; to: string };

function findCycle(nodes: string[], edges: Map<string, Edge[]>): Edge[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: Edge[] = [];
  const visit = (n: string): Edge[] | undefined => {
    state.set(n, 'active');
    for (const e of edges.get(n) ?? []) {
      const st = state.get(e.to);
      if (st === 'active') {
        const start = stack.findIndex((x) => x.to === e.to);
        return [...stack.slice(start + 1), e];
      }
      if (st === undefined) {
        stack.push(e);
        const found = visit(e.to);
        if (found) return found;
        stack.pop();
      }
    }
    state.set(n, 'done');
    return undefined;
  };
  for (const n of nodes) {
    if (state.has(n)) continue;
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}

/** Go's wording: each connector, then the processors of the pipeline it feeds, back to the start. */
function describeCycle(cycle: Edge[], byId: Map<string, PipelineConfig>): string {
  const parts: string[] = [];
  for (const e of cycle) {
    parts.push(`connector "${e.via.id}" (${e.via.from} to ${e.via.to})`);
    for (const proc of byId.get(e.to)?.processors ?? []) parts.push(`processor "${proc}" in pipeline "${e.to}"`);
  }
  parts.push(parts[0]!);
  return parts.join(' -> ');
}

function topoOrder(nodes: string[], edges: Map<string, Edge[]>): string[] {
  const indeg = new Map(nodes.map((n) => [n, 0]));
  for (const list of edges.values()) for (const e of list) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const ready = nodes.filter((n) => indeg.get(n) === 0);
  const out: string[] = [];
  while (ready.length) {
    const n = ready.shift()!;
    out.push(n);
    for (const e of edges.get(n) ?? []) {
      const d = indeg.get(e.to)! - 1;
      indeg.set(e.to, d);
      if (d === 0) ready.push(e.to);
    }
  }
  return out;
}

export { connectorKey };
