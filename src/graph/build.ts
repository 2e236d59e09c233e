// Turns a validated config and its plan into component instances wired together: one receiver
// per ID (whatever the signals and pipelines it feeds), one exporter per ID, processors per
// pipeline, one connector per (ID, from-signal, to-signal).

import type { Logger } from 'pino';
import type { ComponentConfig, ResolvedConfig } from '../config/load.js';
import type { Consumer, RequestContext } from '../core/consumer.js';
import type {
  ComponentKind,
  Connector,
  ConnectorFactory,
  Exporter,
  ExporterFactory,
  Extension,
  ExtensionFactory,
  PipelineInfo,
  Processor,
  ProcessorFactory,
  Receiver,
  ReceiverFactory,
  CreateContext,
} from '../core/component.js';
import type { Telemetry } from '../core/telemetry.js';
import type { Payload, Signal } from '../core/payload.js';
import { fanout } from './fanout.js';
import { connectorKey, planGraph, type GraphPlan } from './plan.js';

export interface Node<T> {
  id: string;
  kind: ComponentKind;
  pipeline?: string;
  instance: T;
}

export interface BuiltGraph {
  plan: GraphPlan;
  extensions: Node<Extension>[];
  receivers: Node<Receiver>[];
  /** Processors and connectors, upstream pipelines first (the order they are shut down in). */
  middle: Node<Processor | Connector>[];
  exporters: Node<Exporter>[];
  pipelines: PipelineInfo[];
}

interface BuildDeps {
  logger: Logger;
  telemetry: Telemetry;
}

export function buildGraph(cfg: ResolvedConfig, deps: BuildDeps): BuiltGraph {
  const plan = planGraph(cfg);
  const ctx = (cc: ComponentConfig, pipeline?: string): CreateContext => ({
    id: cc.id,
    kind: cc.kind,
    pipeline,
    logger: deps.logger.child(pipeline ? { kind: cc.kind, name: cc.id, pipeline } : { kind: cc.kind, name: cc.id }),
    telemetry: deps.telemetry,
  });

  const extensions: Node<Extension>[] = cfg.service.extensions.map((id) => {
    const cc = cfg.extensions.get(id)!;
    return { id, kind: 'extension', instance: (cc.factory as ExtensionFactory).create(ctx(cc), cc.cfg) };
  });

  const exporters: Node<Exporter>[] = [];
  const exporterById = new Map<string, Exporter>();
  for (const [id, signals] of plan.exporters) {
    const cc = cfg.exporters.get(id)!;
    const instance = (cc.factory as ExporterFactory).create(ctx(cc), cc.cfg, signals);
    exporters.push({ id, kind: 'exporter', instance });
    exporterById.set(id, instance);
  }

  const pipelineById = new Map(plan.pipelines.map((p) => [p.id, p]));
  const heads = new Map<string, Consumer>();
  const connectorInstances = new Map<string, Connector>();
  const procsByPipeline = new Map<string, Node<Processor>[]>();
  const connectorNodes: Array<{ use: GraphPlan['connectors'][number]; node: Node<Connector> }> = [];

  const connectorFor = (key: string): Connector => {
    const existing = connectorInstances.get(key);
    if (existing) return existing;
    const use = plan.connectors.find((c) => connectorKey(c) === key)!;
    const cc = cfg.connectors.get(use.id)!;
    const next = fanout(use.receiverPipelines.map(headOf));
    const instance = (cc.factory as ConnectorFactory).create(ctx(cc), cc.cfg, use.from, use.to, next);
    connectorInstances.set(key, instance);
    connectorNodes.push({ use, node: { id: use.id, kind: 'connector', instance } });
    return instance;
  };

  // Memoised and recursive: a pipeline's head needs the connectors it exports to, which need the
  // heads of the pipelines they feed. planGraph has already rejected cycles.
  function headOf(pipelineId: string): Consumer {
    const done = heads.get(pipelineId);
    if (done) return done;
    const p = pipelineById.get(pipelineId)!;
    const tails: Consumer[] = [];
    for (const id of p.exporters) {
      const exp = exporterById.get(id);
      if (exp) tails.push(exp);
      else
        for (const c of plan.connectors)
          if (c.id === id && c.from === p.signal && c.exporterPipelines.includes(p.id)) tails.push(connectorFor(connectorKey(c)));
    }
    let next: Consumer = fanout(tails);
    const procs: Node<Processor>[] = [];
    for (let i = p.processors.length - 1; i >= 0; i--) {
      const id = p.processors[i]!;
      const cc = cfg.processors.get(id)!;
      const metrics = deps.telemetry.processor(id, p.id);
      const counted = countingConsumer(next, (n) => metrics.outgoing(p.signal, n));
      const instance = (cc.factory as ProcessorFactory).create(ctx(cc, p.id), cc.cfg, p.signal, counted);
      procs.unshift({ id, kind: 'processor', pipeline: p.id, instance });
      next = countingProcessor(instance, (n) => metrics.incoming(p.signal, n));
    }
    procsByPipeline.set(p.id, procs);
    // Fan-out asks the pipeline, not its first processor, whether it mutates (Go: pipeline capabilities).
    const mutates = procs.some((n) => n.instance.mutatesData);
    if (mutates !== next.mutatesData) next = withMutates(next, mutates);
    heads.set(pipelineId, next);
    return next;
  }

  for (const p of plan.pipelines) headOf(p.id);

  const receivers: Node<Receiver>[] = plan.receivers.map((id) => {
    const cc = cfg.receivers.get(id)!;
    const consumers: Partial<Record<Signal, Consumer>> = {};
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const fed = plan.pipelines.filter((p) => p.signal === signal && p.receivers.includes(id));
      if (fed.length) consumers[signal] = fanout(fed.map((p) => headOf(p.id)));
    }
    return { id, kind: 'receiver', instance: (cc.factory as ReceiverFactory).create(ctx(cc), cc.cfg, consumers) };
  });

  // A connector stops after every pipeline that exports into it has flushed its processors.
  const middle: Node<Processor | Connector>[] = [];
  const flushed = new Set<string>();
  for (const pid of plan.pipelineOrder) {
    middle.push(...(procsByPipeline.get(pid) ?? []));
    flushed.add(pid);
    for (const c of connectorNodes)
      if (c.use.exporterPipelines.at(-1) !== undefined && c.use.exporterPipelines.every((e) => flushed.has(e)) && !middle.includes(c.node))
        middle.push(c.node);
  }
  const pipelines: PipelineInfo[] = plan.pipelines.map((p) => ({
    id: p.id,
    receivers: p.receivers,
    processors: p.processors,
    exporters: p.exporters,
    mutatesData: p.processors.some((id) => (cfg.processors.get(id)!.factory as ProcessorFactory).mutatesData),
  }));
  return { plan, extensions, receivers, middle, exporters, pipelines };
}

function countingConsumer(next: Consumer, count: (n: number) => void): Consumer {
  return {
    mutatesData: next.mutatesData,
    consume(data: Payload, ctx: RequestContext): Promise<void> {
      count(data.itemCount());
      return next.consume(data, ctx);
    },
  };
}

function countingProcessor(proc: Processor, count: (n: number) => void): Consumer {
  return {
    mutatesData: proc.mutatesData,
    consume(data: Payload, ctx: RequestContext): Promise<void> {
      count(data.itemCount());
      return proc.consume(data, ctx);
    },
  };
}

function withMutates(inner: Consumer, mutatesData: boolean): Consumer {
  return { mutatesData, consume: (data, ctx) => inner.consume(data, ctx) };
}
