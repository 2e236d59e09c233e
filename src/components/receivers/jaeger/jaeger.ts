// The Jaeger receiver: a Jaeger collector (thrift_http, grpc) and agent (thrift_compact,
// thrift_binary UDP) in one, feeding one traces pipeline set (contrib
// receiver/jaegerreceiver/trace_receiver.go). Each transport has its own ReceiverHelper, counting
// under Go's obsreport transport name.

/** Go's obsreport transport names (contrib receiver/jaegerreceiver/trace_receiver.go). */
type JaegerTransport = 'collector_http' | 'udp_thrift_compact' | 'udp_thrift_binary' | 'grpc';

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Signal } from '../../../core/payload.js';
import type { Consumer } from '../../../core/consumer.js';
import { ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { UdpServer } from '../../../shared/udpserver/index.js';
import type { JaegerConfig } from './config.js';
import { startJaegerGrpc } from './grpc.js';
import { startThriftHttp } from './thrift-http.js';
import { startThriftUdp } from './thrift-udp.js';

/** A started transport: how to stop it (and, for UDP, its counters). */
export interface RunningTransport {
  address: string;
  shutdown(): Promise<void>;
  udp?: UdpServer;
}

export class JaegerReceiver implements Receiver {
  private readonly running = new Map<string, RunningTransport>();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: JaegerConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {
    if (cfg.remote_sampling !== undefined) {
      ctx.logger.warn(
        'You are using a deprecated no-op `remote_sampling` option which will be removed soon; use a `jaegerremotesampling` extension instead',
      );
    }
  }

  /** Bound addresses by protocol key (`thrift_http`, `thrift_compact`, `thrift_binary`, `grpc`). */
  get addresses(): Record<string, string> {
    return Object.fromEntries([...this.running].map(([k, t]) => [k, t.address]));
  }

  transport(protocol: string): RunningTransport | undefined {
    return this.running.get(protocol);
  }

  async start(host: Host): Promise<void> {
    const consumer = this.consumers.traces;
    if (!consumer) return;
    const { id, logger, telemetry } = this.ctx;
    // Go hands a batch on even when its process carries no spans (the translators do not skip
    // it), hence forwardEmpty.
    const helper = (transport: JaegerTransport) =>
      new ReceiverHelper({ id, transport, telemetry, logger, consumers: { traces: consumer }, format: 'Jaeger', forwardEmpty: true });
    const { grpc, thrift_http, thrift_compact, thrift_binary } = this.cfg.protocols;
    try {
      // Agent (UDP) first, then collector, as Go starts them.
      if (thrift_binary)
        this.running.set('thrift_binary', await startThriftUdp('binary', id, thrift_binary, helper('udp_thrift_binary'), logger, telemetry));
      if (thrift_compact)
        this.running.set('thrift_compact', await startThriftUdp('compact', id, thrift_compact, helper('udp_thrift_compact'), logger, telemetry));
      if (thrift_http) this.running.set('thrift_http', await startThriftHttp(host, id, thrift_http, helper('collector_http'), logger));
      if (grpc) this.running.set('grpc', await startJaegerGrpc(host, id, grpc, helper('grpc'), logger));
    } catch (err) {
      await this.shutdown();
      throw err;
    }
  }

  shutdown(): Promise<void> {
    this.stopping ??= Promise.all([...this.running.values()].map((t) => t.shutdown())).then(() => undefined);
    return this.stopping;
  }
}
