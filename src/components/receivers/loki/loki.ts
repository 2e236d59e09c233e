// The loki receiver: Loki's push API over HTTP and gRPC into a logs pipeline (contrib
// `receiver/lokireceiver/loki.go`). One instance per receiver ID; each transport counts its own
// accepted/refused log records (`transport` label http / grpc), as Go's two ObsReports do.

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import type { LokiReceiverConfig } from './config.js';
import { startLokiGrpc } from './grpc.js';
import { startLokiHttp } from './http.js';
import { LokiIngest, type RunningTransport } from './ingest.js';

export class LokiReceiver implements Receiver {
  private readonly running: RunningTransport[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: LokiReceiverConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {}

  /** The bound addresses, HTTP first (tests and logs). */
  get addresses(): string[] {
    return this.running.map((t) => t.address);
  }

  async start(host: Host): Promise<void> {
    const consumer = this.consumers.logs;
    if (!consumer) throw new Error(`${this.ctx.id}: the loki receiver feeds logs pipelines only`);
    const { http, grpc } = this.cfg.protocols;
    const { id, logger, telemetry } = this.ctx;
    const ingest = (transport: 'http' | 'grpc') => new LokiIngest(id, telemetry, logger, transport, consumer, this.cfg.use_incoming_timestamp);
    try {
      if (http) this.running.push(await startLokiHttp(host, id, http, ingest('http'), logger));
      if (grpc) this.running.push(await startLokiGrpc(host, id, grpc, ingest('grpc'), logger));
    } catch (err) {
      await this.shutdown();
      throw err;
    }
  }

  shutdown(): Promise<void> {
    this.stopping ??= Promise.all(this.running.map((t) => t.shutdown())).then(() => undefined);
    return this.stopping;
  }
}
