// The `fluentforward` receiver: the shared TCP listener (src/shared/tcpserver) with one
// ForwardConnection per client, and the UDP heartbeat responder on the same port (Go's
// heartbeat.go reads one byte and echoes it back).

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import { ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import { TcpServer } from '../../../shared/tcpserver/index.js';
import type { FluentForwardConfig } from './config.js';
import { ForwardConnection } from './connection.js';
import { fluentMetrics } from './metrics.js';

/** Go also takes a bare absolute path as a socket file (receiver.go: prefix "/" or "unix://"). */
function endpointOf(endpoint: string): string {
  const e = endpoint.trim();
  return e.startsWith('/') ? `unix://${e}` : e;
}

export class FluentForwardReceiver implements Receiver {
  private server: TcpServer | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: FluentForwardConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {}

  /** The bound address once started (`host:port` or the socket path). */
  get address(): string | undefined {
    return this.server?.address;
  }

  async start(_host: Host): Promise<void> {
    const { ctx, cfg } = this;
    // Go's obsreport for this receiver says transport "http" (receiver.go); it is TCP.
    const helper = new ReceiverHelper({
      id: ctx.id,
      transport: 'tcp',
      telemetry: ctx.telemetry,
      logger: ctx.logger,
      consumers: this.consumers,
      format: 'fluent forward',
    });
    const metrics = fluentMetrics(ctx.telemetry, ctx.id);
    const security = cfg.security ? { sharedKey: cfg.security.shared_key, selfHostname: cfg.security.self_hostname } : undefined;
    const settings = { helper, metrics, logger: ctx.logger, security, stopping: this.stopping.signal };
    this.server = new TcpServer(
      {
        endpoint: endpointOf(cfg.endpoint),
        maxConnections: cfg.max_connections,
        idleTimeoutMs: cfg.idle_timeout,
        tls: cfg.tls,
        udpResponder: (datagram) => (datagram.length > 0 ? datagram.subarray(0, 1) : undefined),
      },
      {
        id: ctx.id,
        logger: ctx.logger,
        telemetry: ctx.telemetry,
        onConnection: (conn) => new ForwardConnection(conn, settings),
      },
    );
    const addr = await this.server.start();
    ctx.logger.info({ endpoint: addr }, 'fluent forward receiver listening');
  }

  async shutdown(): Promise<void> {
    this.stopping.abort();
    await this.server?.shutdown();
  }
}
