// What a component is: the factory a registry row points at, and the instances it creates.

import type { Logger } from 'pino';
import type { ConfigIssue, ObjectNode, Shape } from './schema.js';
import type { Signal } from './payload.js';
import type { Consumer } from './consumer.js';
import type { Telemetry } from './telemetry.js';

export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';
export type Stability = 'development' | 'alpha' | 'beta' | 'stable' | 'deprecated' | 'unmaintained';

/** Another name that resolves to the same component (Go's deprecated_type). */
interface TypeAlias {
  name: string;
  /** A deprecated alias logs one warning at startup and keeps working. */
  deprecated: boolean;
  message?: string;
}

/** What running components can reach: extensions by ID (authenticators, storage), and status. */
export interface Host {
  getExtension(id: string): Extension | undefined;
  readonly service: ServiceInfo;
}

export type ServiceStatus = 'starting' | 'running' | 'stopping' | 'stopped';

export interface PipelineInfo {
  id: string;
  receivers: string[];
  processors: string[];
  exporters: string[];
  /** True when some consumer in the pipeline mutates data (fan-out clones for it). */
  mutatesData: boolean;
}

/** A read-only view of the running service, for health_check and zpages. */
export interface ServiceInfo {
  readonly status: ServiceStatus;
  /** When the current pipelines became ready (undefined until then). */
  readonly upSince: Date | undefined;
  readonly startedAt: Date;
  pipelines(): PipelineInfo[];
  extensions(): string[];
  readonly build: { command: string; description: string; version: string };
  /** The effective config with secrets redacted, as print-config shows it. */
  redactedConfig(): unknown;
}

export interface CreateContext {
  /** The full component ID, `type[/name]`. */
  id: string;
  kind: ComponentKind;
  /** Set for processors, which exist once per pipeline. */
  pipeline?: string;
  logger: Logger;
  telemetry: Telemetry;
}

export interface Lifecycle {
  start(host: Host): Promise<void>;
  /** Stop accepting, flush what is held, release ports. Must be idempotent. */
  shutdown(): Promise<void>;
}

export type Receiver = Lifecycle;
export type Extension = Lifecycle & Record<string, unknown>;
export interface Processor extends Lifecycle, Consumer {}
export interface Exporter extends Lifecycle, Consumer {}
export interface Connector extends Lifecycle, Consumer {}

interface FactoryBase<C> {
  type: string;
  aliases?: TypeAlias[];
  description: string;
  config: ObjectNode<Shape>;
  /** Cross-field checks after decoding; paths are relative to the component. */
  validate?(cfg: C): ConfigIssue[];
  /** Set by test-only components so they stay out of README and `components` output. */
  testOnly?: boolean;
}

/**
 * Where a component runs when one collector runs as a leader and N worker processes
 * (`--workers`, see src/workers/README.md): `workers` — in every worker, behind the sockets they
 * share; `every` — in each process that needs it; `leader` — once, in the leader, with workers
 * forwarding data to it. Each factory kind allows the values that make sense for it and has a
 * safe default (see placementOf).
 */
export type Placement = 'leader' | 'workers' | 'every';

export interface ReceiverFactory<C = unknown> extends FactoryBase<C> {
  kind: 'receiver';
  stability: Partial<Record<Signal, Stability>>;
  /**
   * `workers` when every request is independent and clients push to a socket (OTLP, Jaeger,
   * fluent forward, Loki push): the kernel spreads connections and datagrams over the workers.
   * Default `leader`: a receiver that scrapes, tails or keeps state across requests runs once.
   */
  placement?: 'workers' | 'leader';
  /** One instance per receiver ID, whatever the number of pipelines and signals it feeds. */
  create(ctx: CreateContext, cfg: C, consumers: Partial<Record<Signal, Consumer>>): Receiver;
}

export interface ProcessorFactory<C = unknown> extends FactoryBase<C> {
  kind: 'processor';
  stability: Partial<Record<Signal, Stability>>;
  mutatesData: boolean;
  /** One instance per pipeline that lists the processor. */
  create(ctx: CreateContext, cfg: C, signal: Signal, next: Consumer): Processor;
}

export interface ExporterFactory<C = unknown> extends FactoryBase<C> {
  kind: 'exporter';
  stability: Partial<Record<Signal, Stability>>;
  /**
   * Default `every`: each process sends its own data (queues are per process). `leader` for an
   * exporter that must exist once: it aggregates what it receives and serves it (`prometheus`),
   * or writes one thing (`file`); workers forward their data to it.
   */
  placement?: 'every' | 'leader';
  /** One instance per exporter ID, shared by every pipeline and signal that lists it. */
  create(ctx: CreateContext, cfg: C, signals: ReadonlySet<Signal>): Exporter;
}

export interface ConnectorFactory<C = unknown> extends FactoryBase<C> {
  kind: 'connector';
  /** Supported (exporter-side signal → receiver-side signal) pairs, with their stability. */
  pairs: Array<{ from: Signal; to: Signal; stability: Stability }>;
  /**
   * `every` for a connector that keeps nothing between calls, so a copy per process gives the
   * same output (`forward`, `routing`, `count`, which emits each batch's counts at once). Default
   * `leader`: a connector that keeps state across calls (`spanmetrics`) runs once.
   */
  placement?: 'every' | 'leader';
  create(ctx: CreateContext, cfg: C, from: Signal, to: Signal, next: Consumer): Connector;
}

export interface ExtensionFactory<C = unknown> extends FactoryBase<C> {
  kind: 'extension';
  stability: Stability;
  /**
   * Default `every` (authenticators are needed where the components using them run). `leader`
   * for an extension that serves the collector's own endpoints once for the whole (health_check,
   * zpages, pprof).
   */
  placement?: 'every' | 'leader';
  create(ctx: CreateContext, cfg: C): Extension;
}

export type AnyFactory = ReceiverFactory | ProcessorFactory | ExporterFactory | ConnectorFactory | ExtensionFactory;

/** A factory's placement with its kind's default applied. Processors run once per pipeline per process. */
export function placementOf(factory: AnyFactory): Placement {
  switch (factory.kind) {
    case 'receiver':
      return factory.placement ?? 'leader';
    case 'connector':
      return factory.placement ?? 'leader';
    case 'exporter':
      return factory.placement ?? 'every';
    case 'extension':
      return factory.placement ?? 'every';
    case 'processor':
      return 'every';
  }
}

/** A connector or exporter whose one instance lives in the leader, fed by forwarders in workers. */
export function isSingleOwner(factory: AnyFactory): boolean {
  return (factory.kind === 'connector' || factory.kind === 'exporter') && placementOf(factory) === 'leader';
}
