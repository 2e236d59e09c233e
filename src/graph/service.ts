// Starts and stops one built graph in Go's order: extensions → exporters → processors and
// connectors (downstream first) → receivers; shutdown in reverse, draining: receivers stop
// accepting, processors flush (upstream first, so a batch still reaches live exporters),
// exporters drain their queues, extensions go last. All under one deadline.

import type { Logger } from 'pino';
import type { Extension, Host, Lifecycle, PipelineInfo, ServiceInfo, ServiceStatus } from '../core/component.js';
import type { BuiltGraph, Node } from './build.js';

export interface BuildInfo {
  command: string;
  description: string;
  version: string;
}

export class Service implements ServiceInfo, Host {
  status: ServiceStatus = 'starting';
  upSince: Date | undefined;
  readonly startedAt = new Date();
  private readonly started: Node<Lifecycle>[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly graph: BuiltGraph,
    private readonly logger: Logger,
    readonly build: BuildInfo,
    private readonly configView: () => unknown,
  ) {}

  get service(): ServiceInfo {
    return this;
  }

  getExtension(id: string): Extension | undefined {
    return this.graph.extensions.find((e) => e.id === id)?.instance;
  }

  pipelines(): PipelineInfo[] {
    return this.graph.pipelines;
  }

  extensions(): string[] {
    return this.graph.extensions.map((e) => e.id);
  }

  redactedConfig(): unknown {
    return this.configView();
  }

  /** Start order; on a failure, what started is shut down again and the error is rethrown. */
  async start(): Promise<void> {
    const order: Node<Lifecycle>[] = [
      ...this.graph.extensions,
      ...this.graph.exporters,
      ...[...this.graph.middle].reverse(),
      ...this.graph.receivers,
    ];
    for (const node of order) {
      try {
        await node.instance.start(this);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        this.logger.error({ kind: node.kind, name: node.id }, `failed to start ${node.kind} "${node.id}": ${msg}`);
        await this.shutdown(10_000);
        throw new Error(`failed to start ${node.kind} "${node.id}": ${msg}`, { cause: err });
      }
      this.started.push(node);
    }
    this.status = 'running';
    this.upSince = new Date();
  }

  /** Idempotent; resolves when every started component has stopped or the deadline passed. */
  shutdown(deadlineMs = 30_000): Promise<void> {
    this.stopping ??= this.stopAll(deadlineMs);
    return this.stopping;
  }

  private async stopAll(deadlineMs: number): Promise<void> {
    this.status = 'stopping';
    const deadline = Date.now() + deadlineMs;
    const isStarted = (n: Node<Lifecycle>) => this.started.includes(n);
    const order: Node<Lifecycle>[][] = [
      this.graph.receivers.filter(isStarted),
      ...this.graph.middle.filter(isStarted).map((n) => [n]),
      this.graph.exporters.filter(isStarted),
      [...this.graph.extensions].reverse().filter(isStarted),
    ];
    for (const group of order) {
      // Siblings (all receivers, all exporters) stop in parallel; stages in sequence.
      await Promise.all(group.map((n) => this.stopOne(n, deadline)));
    }
    this.started.length = 0;
    this.status = 'stopped';
  }

  private async stopOne(node: Node<Lifecycle>, deadline: number): Promise<void> {
    const left = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), left);
      timer.unref();
    });
    try {
      const result = await Promise.race([node.instance.shutdown().then(() => 'ok' as const), timeout]);
      if (result === 'timeout') {
        this.logger.error({ kind: node.kind, name: node.id }, `${node.kind} "${node.id}" did not stop before the shutdown deadline`);
      }
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.logger.error({ kind: node.kind, name: node.id }, `error stopping ${node.kind} "${node.id}": ${msg}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
