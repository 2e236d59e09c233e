// What a component is: the factory a registry row points at, and the instances it creates.

import type { Logger } from 'pino';
import type { ConfigIssue, ObjectNode, Shape } from './schema.js';
import type { Signal } from './payload.js';
import type { Consumer } from './consumer.js';
import type { Telemetry } from './telemetry.js';

export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';
export type Stability = 'development' | 'alpha' | 'beta' | 'stable' | 'deprecated' | 'unmaintained';

/** Another name that resolves to the same component (Go's deprecated_type). */
export interface TypeAlias {
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

export interface ReceiverFactory<C = any> extends FactoryBase<C> {
  kind: 'receiver';
  stability: Partial<Record<Signal, Stability>>;
  /** One instance per receiver ID, whatever the number of pipelines and signals it feeds. */
  create(ctx: CreateContext, cfg: C, consumers: Partial<Record<Signal, Consumer>>): Receiver;
}

export interface ProcessorFactory<C = any> extends FactoryBase<C> {
  kind: 'processor';
  stability: Partial<Record<Signal, Stability>>;
  mutatesData: boolean;
  /** One instance per pipeline that lists the processor. */
  create(ctx: CreateContext, cfg: C, signal: Signal, next: Consumer): Processor;
}

export interface ExporterFactory<C = any> extends FactoryBase<C> {
  kind: 'exporter';
  stability: Partial<Record<Signal, Stability>>;
  /** One instance per exporter ID, shared by every pipeline and signal that lists it. */
  create(ctx: CreateContext, cfg: C, signals: ReadonlySet<Signal>): Exporter;
}

export interface ConnectorFactory<C = any> extends FactoryBase<C> {
  kind: 'connector';
  /** Supported (exporter-side signal → receiver-side signal) pairs, with their stability. */
  pairs: Array<{ from: Signal; to: Signal; stability: Stability }>;
  create(ctx: CreateContext, cfg: C, from: Signal, to: Signal, next: Consumer): Connector;
}

export interface ExtensionFactory<C = any> extends FactoryBase<C> {
  kind: 'extension';
  stability: Stability;
  create(ctx: CreateContext, cfg: C): Extension;
}

export type AnyFactory = ReceiverFactory | ProcessorFactory | ExporterFactory | ConnectorFactory | ExtensionFactory;
