// The TCP listener for stream protocols (fluent forward today): one handler per connection fed
// the bytes as they arrive, reading paused while the handler's pipeline push is pending (so a
// slow pipeline slows the sender through TCP flow control instead of growing our memory), a cap
// on concurrent connections, an idle timeout, optional TLS, and a shutdown that lets pending
// pushes settle before closing. A bad frame closes only its own connection.

import dgram from 'node:dgram';
import net, { type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import type { Counter, Telemetry } from '../../core/telemetry.js';
import { listenServer, watchServerTls } from '../httpserver/listen.js';
import { loadServerTls, type TlsServerConfig } from '../tls/index.js';
import { parseTcpEndpoint, removeStaleSocket } from './endpoint.js';
import { bindUdp } from '../udpserver/bind.js';

/** Thrown (or rejected) by a handler for bytes that are not a valid frame: only that connection closes. */
export class TcpFrameError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TcpFrameError';
  }
}

/** One accepted connection as its handler sees it. */
export interface TcpConnection {
  /** Increasing per server, for logs. */
  readonly id: number;
  /** `ip:port` of the peer (`unix` for a socket-file client). */
  readonly remoteAddress: string;
  /** Writes a reply (e.g. a fluent forward ack); resolves false if the connection is gone. */
  write(data: Uint8Array | string): Promise<boolean>;
  /** Ends the connection after pending writes (no error logged). */
  close(): void;
}

export interface TcpConnectionHandler {
  /**
   * Bytes as they arrive, in order; never called again before a returned promise settles, and the
   * socket is not read meanwhile (backpressure). Throwing TcpFrameError closes the connection as a
   * bad frame; any other error closes it as a handler error.
   */
  onData(chunk: Buffer): void | Promise<void>;
  /** The peer finished sending (FIN); our side ends once this settles. */
  onEnd?(): void | Promise<void>;
  /** The connection is gone, for whatever reason (free per-connection state here). */
  onClose?(): void;
}

export interface TcpServerOptions {
  /** `host:port`, `:port`, `[v6]:port` or `unix:///path/to.sock`. */
  endpoint: string;
  /** Concurrent connections beyond this are refused (closed at once, counted, logged); 0 = no limit (Go has none). */
  maxConnections?: number;
  /** A connection with no bytes in either direction and no push pending for this long is closed; 0 = never. */
  idleTimeoutMs?: number;
  /** Serve TLS (src/shared/tls); `tls.reload_interval` picks up renewed certificates. */
  tls?: TlsServerConfig;
  /** How long shutdown waits for pending pushes before closing sockets (default 5 s). */
  shutdownGraceMs?: number;
  /**
   * Also answer UDP datagrams on the same host and port (fluent forward's heartbeat): the reply
   * returned is sent back to the sender; undefined sends nothing. Not available on unix endpoints.
   */
  udpResponder?: (datagram: Buffer, from: dgram.RemoteInfo) => Uint8Array | undefined;
}

export interface TcpServerSettings {
  /** The owning component's ID: log field and the `receiver` label of the counters. */
  id: string;
  logger: Logger;
  /** When given, refusals and closes are counted as `otelcol_receiver_tcp_*` series. */
  telemetry?: Telemetry;
  /** Called once per accepted connection. */
  onConnection(conn: TcpConnection): TcpConnectionHandler;
}

type TcpCloseReason = 'peer' | 'bad_frame' | 'handler_error' | 'idle_timeout' | 'socket_error' | 'shutdown';

interface TcpServerStats {
  /** Connections open now. */
  open: number;
  accepted: number;
  /** Refused because maxConnections were open. */
  refused: number;
  closed: Record<TcpCloseReason, number>;
}

const DEFAULT_GRACE_MS = 5_000;
// After shutdown ends a socket, how long the peer has to read the last acks and close its side.
const END_LINGER_MS = 1_000;

interface Conn {
  socket: Socket;
  handler: TcpConnectionHandler;
  pending: Promise<void> | undefined;
  lastActivity: number;
  ended: boolean;
  closeReason: TcpCloseReason | undefined;
}

export class TcpServer {
  private server: Server | undefined;
  private udp: dgram.Socket | undefined;
  private readonly conns = new Set<Conn>();
  private nextId = 1;
  private closing = false;
  private stopping: Promise<void> | undefined;
  private idleSweep: NodeJS.Timeout | undefined;
  private stopTlsReload: () => void = () => undefined;
  private boundAddress: string | undefined;
  private readonly counts: TcpServerStats = {
    open: 0,
    accepted: 0,
    refused: 0,
    closed: { peer: 0, bad_frame: 0, handler_error: 0, idle_timeout: 0, socket_error: 0, shutdown: 0 },
  };
  private readonly refusedCounter: Counter | undefined;
  private readonly closedCounter: Counter | undefined;

  constructor(
    private readonly opts: TcpServerOptions,
    private readonly settings: TcpServerSettings,
  ) {
    const t = settings.telemetry;
    this.refusedCounter = t?.counter('otelcol_receiver_tcp_connections_refused', {
      help: 'TCP connections refused because the receiver had max_connections open.',
      unit: '{connection}',
    });
    this.closedCounter = t?.counter('otelcol_receiver_tcp_connections_closed', {
      help: 'TCP connections closed, by reason (peer, bad_frame, handler_error, idle_timeout, socket_error, shutdown).',
      unit: '{connection}',
    });
  }

  /** The bound address once started: `host:port` (real port when 0 was asked) or the socket path. */
  get address(): string | undefined {
    return this.boundAddress;
  }

  get stats(): TcpServerStats {
    return { ...this.counts, open: this.conns.size, closed: { ...this.counts.closed } };
  }

  async start(): Promise<string> {
    if (this.server || this.stopping) throw new Error(`${this.settings.id}: TCP server already started`);
    const ep = parseTcpEndpoint(this.opts.endpoint);
    const tlsOpts = loadServerTls(this.opts.tls);
    const server = tlsOpts
      ? tls.createServer({ ...tlsOpts, allowHalfOpen: true }, (s) => this.onSocket(s))
      : net.createServer({ allowHalfOpen: true }, (s) => this.onSocket(s));
    if (tlsOpts) {
      // A failed handshake is the client's problem, not a crash or a log flood.
      server.on('tlsClientError', (err: Error) => this.settings.logger.debug({ err: err.message }, 'TLS handshake failed'));
      if (this.opts.tls) this.stopTlsReload = watchServerTls(server as tls.Server, this.opts.tls, this.settings.logger);
    }
    const max = this.opts.maxConnections ?? 0;
    if (max > 0) {
      server.maxConnections = max;
      server.on('drop', (info?: net.DropArgument) => this.onRefused(info));
    }
    this.server = server;
    try {
      if (ep.kind === 'unix') await removeStaleSocket(ep.path);
      this.boundAddress = await listenServer(server, ep.kind === 'unix' ? ep.path : ep.text, ep.kind === 'unix' ? 'unix' : 'tcp');
      if (this.opts.udpResponder && ep.kind === 'tcp') {
        const port = (server.address() as net.AddressInfo).port;
        const host = this.boundAddress.slice(0, this.boundAddress.lastIndexOf(':'));
        this.udp = await bindUdp(host === '' ? `:${port}` : `${host}:${port}`);
        this.udp.on('message', (msg, from) => this.onDatagram(msg, from));
        this.udp.on('error', (err) => this.settings.logger.warn({ err: err.message }, 'UDP responder socket error'));
      }
    } catch (err) {
      this.server = undefined;
      this.stopTlsReload();
      server.close();
      throw err;
    }
    const idle = this.opts.idleTimeoutMs ?? 0;
    if (idle > 0) {
      this.idleSweep = setInterval(() => this.sweepIdle(idle), Math.max(10, Math.min(1_000, Math.floor(idle / 4))));
      this.idleSweep.unref();
    }
    return this.boundAddress;
  }

  private onRefused(info: net.DropArgument | undefined): void {
    this.counts.refused++;
    this.refusedCounter?.add(1, { receiver: this.settings.id });
    this.settings.logger.warn(
      { receiver: this.settings.id, remote: info?.remoteAddress, max_connections: this.opts.maxConnections },
      'TCP connection refused: max_connections reached',
    );
  }

  private onDatagram(msg: Buffer, from: dgram.RemoteInfo): void {
    let reply: Uint8Array | undefined;
    try {
      reply = this.opts.udpResponder?.(msg, from);
    } catch (err) {
      this.settings.logger.warn({ err: (err as Error).message }, 'UDP responder failed');
      return;
    }
    if (reply && this.udp) this.udp.send(reply, from.port, from.address, () => undefined);
  }

  private onSocket(socket: Socket): void {
    if (this.closing) return void socket.destroy();
    const id = this.nextId++;
    const remoteAddress = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'unix';
    const conn: Conn = {
      socket,
      handler: undefined as unknown as TcpConnectionHandler,
      pending: undefined,
      lastActivity: Date.now(),
      ended: false,
      closeReason: undefined,
    };
    const api: TcpConnection = {
      id,
      remoteAddress,
      write: (data) =>
        new Promise<boolean>((resolve) => {
          if (socket.destroyed || !socket.writable) return resolve(false);
          conn.lastActivity = Date.now();
          socket.write(data, (err) => resolve(!err));
        }),
      close: () => this.endConn(conn, 'peer'),
    };
    this.counts.accepted++;
    this.conns.add(conn);
    socket.setNoDelay(true);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // ECONNRESET and friends: the peer went away; nothing to report beyond the close count.
      conn.closeReason ??= 'socket_error';
      this.settings.logger.debug({ receiver: this.settings.id, remote: remoteAddress, err: err.message }, 'TCP connection error');
    });
    socket.once('close', () => {
      this.conns.delete(conn);
      const reason = conn.closeReason ?? 'peer';
      this.counts.closed[reason]++;
      this.closedCounter?.add(1, { receiver: this.settings.id, reason });
      try {
        conn.handler?.onClose?.();
      } catch (err) {
        this.settings.logger.warn({ err: (err as Error).message }, 'TCP connection close hook failed');
      }
    });
    try {
      conn.handler = this.settings.onConnection(api);
    } catch (err) {
      return this.fail(conn, err);
    }
    socket.on('data', (chunk: Buffer) => this.onChunk(conn, chunk));
    socket.on('end', () => this.onPeerEnd(conn));
  }

  private onChunk(conn: Conn, chunk: Buffer): void {
    conn.lastActivity = Date.now();
    let result: void | Promise<void>;
    try {
      result = conn.handler.onData(chunk);
    } catch (err) {
      return this.fail(conn, err);
    }
    if (result && typeof (result as Promise<void>).then === 'function') this.awaitPush(conn, result);
  }

  /** Stops reading until the handler's promise settles: TCP flow control then slows the sender. */
  private awaitPush(conn: Conn, result: Promise<void>): void {
    conn.socket.pause();
    const settled = result.then(
      () => {
        conn.pending = undefined;
        conn.lastActivity = Date.now();
        if (conn.socket.destroyed) return;
        if (conn.ended) return void this.finishEnd(conn);
        if (!this.closing) conn.socket.resume();
      },
      (err: unknown) => {
        conn.pending = undefined;
        this.fail(conn, err);
      },
    );
    conn.pending = settled;
  }

  private onPeerEnd(conn: Conn): void {
    conn.ended = true;
    if (!conn.pending) this.finishEnd(conn);
  }

  private finishEnd(conn: Conn): void {
    let result: void | Promise<void>;
    try {
      result = conn.handler.onEnd?.();
    } catch (err) {
      return this.fail(conn, err);
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      result.then(
        () => this.endConn(conn, 'peer'),
        (err: unknown) => this.fail(conn, err),
      );
    } else this.endConn(conn, 'peer');
  }

  /** A handler error: this connection only is closed, with the reason logged (sampled by message). */
  private fail(conn: Conn, err: unknown): void {
    if (conn.socket.destroyed) return;
    const badFrame = err instanceof TcpFrameError;
    conn.closeReason = badFrame ? 'bad_frame' : 'handler_error';
    const remote = conn.socket.remoteAddress ? `${conn.socket.remoteAddress}:${conn.socket.remotePort}` : 'unix';
    this.settings.logger.warn(
      { receiver: this.settings.id, remote, reason: err instanceof Error ? err.message : String(err) },
      badFrame ? 'TCP connection closed: bad frame' : 'TCP connection closed: handler failed',
    );
    conn.socket.destroy();
  }

  private endConn(conn: Conn, reason: TcpCloseReason): void {
    if (conn.socket.destroyed) return;
    conn.closeReason ??= reason;
    conn.socket.end();
    const linger = setTimeout(() => conn.socket.destroy(), END_LINGER_MS);
    linger.unref();
    conn.socket.once('close', () => clearTimeout(linger));
  }

  private sweepIdle(idleMs: number): void {
    const now = Date.now();
    for (const conn of this.conns) {
      if (conn.pending || now - conn.lastActivity < idleMs) continue;
      conn.closeReason = 'idle_timeout';
      this.settings.logger.debug({ receiver: this.settings.id, idle_ms: now - conn.lastActivity }, 'TCP connection closed: idle');
      conn.socket.destroy();
    }
  }

  /** Stops accepting, lets pending pushes settle (up to shutdownGraceMs), then closes every connection. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    this.closing = true;
    clearInterval(this.idleSweep);
    this.stopTlsReload();
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const udp = this.udp;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    for (const conn of this.conns) conn.socket.pause();
    const pending = [...this.conns].map((c) => c.pending).filter((p): p is Promise<void> => p !== undefined);
    if (pending.length) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.opts.shutdownGraceMs ?? DEFAULT_GRACE_MS);
      });
      await Promise.race([Promise.allSettled(pending), deadline]);
      clearTimeout(timer);
    }
    for (const conn of this.conns) this.endConn(conn, 'shutdown');
    await closed;
    this.server = undefined;
  }
}
