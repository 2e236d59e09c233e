// The OTLP receiver: one instance per receiver ID serving every signal that has a pipeline, over
// gRPC, HTTP or both (core `receiver/otlpreceiver/otlp.go`). A request is validated but not
// decoded (pass-through: the bytes travel on untouched), counted, and pushed into the pipeline.

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import type { OtlpConfig } from './config.js';
import { startOtlpGrpc } from './grpc.js';
import { startOtlpHttp } from './http.js';
import { ReceiverHelper } from '../../../shared/receiverhelper/index.js';

/** A started transport: where it listens and how to stop it. */
export interface RunningTransport {
  address: string;
  shutdown(): Promise<void>;
}

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
    const { id, logger } = this.ctx;
    try {
      if (grpc) {
        const receiver = this.helper('grpc');
        this.running.push(await startOtlpGrpc(host, id, grpc, receiver, logger));
      }
      if (http) {
        const receiver = this.helper('http');
        this.running.push(await startOtlpHttp(host, id, http, receiver, logger));
      }
    } catch (err) {
      await this.shutdown();
      throw err;
    }
  }

  private helper(transport: 'grpc' | 'http'): ReceiverHelper {
    const { id, logger, telemetry } = this.ctx;
    return new ReceiverHelper({ id, transport, telemetry, logger, consumers: this.consumers, format: 'OTLP' });
  }

  shutdown(): Promise<void> {
    this.stopping ??= Promise.all(this.running.map((t) => t.shutdown())).then(() => undefined);
    return this.stopping;
  }
}
