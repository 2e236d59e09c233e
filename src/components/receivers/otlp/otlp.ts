// The OTLP receiver: one instance per receiver ID serving every signal that has a pipeline, over
// gRPC, HTTP or both (core `receiver/otlpreceiver/otlp.go`). A request is validated but not
// decoded (pass-through: the bytes travel on untouched), counted, and pushed into the pipeline.

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import type { OtlpConfig } from './config.js';
import { startOtlpGrpc } from './grpc.js';
import { startOtlpHttp } from './http.js';
import { OtlpIngest, type RunningTransport } from './ingest.js';

export class OtlpReceiver implements Receiver {
  private readonly running: RunningTransport[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: OtlpConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {}

  /** The bound addresses, gRPC first (tests and logs). */
  get addresses(): string[] {
    return this.running.map((t) => t.address);
  }

  async start(host: Host): Promise<void> {
    const { grpc, http } = this.cfg.protocols;
    const { id, logger, telemetry } = this.ctx;
    try {
      if (grpc) {
        const ingest = new OtlpIngest(this.consumers, telemetry.receiver(id, 'grpc'), logger, 'grpc');
        this.running.push(await startOtlpGrpc(host, id, grpc, ingest, logger));
      }
      if (http) {
        const ingest = new OtlpIngest(this.consumers, telemetry.receiver(id, 'http'), logger, 'http');
        this.running.push(await startOtlpHttp(host, id, http, ingest, logger));
      }
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
