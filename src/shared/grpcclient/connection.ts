// One HTTP/2 connection to a gRPC server: dialled once, shared by every call, replaced when it
// dies or the server sends GOAWAY (calls already running finish on the old one). The receive
// windows are raised (4 MiB per stream, 16 MiB per connection) as on our server side
// (shared/reference/node-limits.md §3: Node's 64 KiB default costs about 3x in throughput).
// Keepalive follows grpc-go's client (internal/transport/http2_client.go keepalive()): after
// `time` without reading anything, ping; no answer within `timeout` closes the connection; with
// no call open and permit_without_stream off, the pinger sleeps until the next call.

import http2, { type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { GrpcTarget } from './target.js';

const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;
// grpc-go's minimum connect timeout (dialoptions.go minConnectTimeout).
const CONNECT_TIMEOUT_MS = 20_000;
const CLOSE_GRACE_MS = 2_000;

export interface KeepaliveParams {
  timeMs: number;
  timeoutMs: number;
  permitWithoutStream: boolean;
}

interface ConnectionSettings {
  target: GrpcTarget;
  /** Node TLS options, or null for h2c. */
  tls: tls.ConnectionOptions | null;
  keepalive?: KeepaliveParams;
}

export class KeepaliveTimeoutError extends Error {
  constructor() {
    super('keepalive ping failed to receive ACK within timeout');
    this.name = 'KeepaliveTimeoutError';
  }
}

export class Connection {
  readonly session: ClientHttp2Session;
  /** Settles once the HTTP/2 preface is exchanged (or the dial failed). */
  readonly ready: Promise<void>;
  /** False once the connection must not take new calls (GOAWAY, error, close). */
  usable = true;
  /** Why the connection ended, when it did not end by our own close(). */
  failure: Error | undefined;
  private connected = false;
  private streams = 0;
  private lastRead = performance.now();
  private kaTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private dormant = false;

  constructor(private readonly settings: ConnectionSettings) {
    const t = settings.target;
    const secure = settings.tls !== null || t.forceTls;
    const authority = `${secure ? 'https' : 'http'}://${t.kind === 'tcp' ? (t.host.includes(':') ? `[${t.host}]` : t.host) : 'localhost'}${t.kind === 'tcp' ? `:${t.port}` : ''}`;
    const options: http2.SecureClientSessionOptions = {
      settings: { initialWindowSize: STREAM_WINDOW_BYTES, enablePush: false },
      // Outgoing data waiting on the peer's window counts against this; Node's 10 MB default
      // would refuse new calls while a few large requests are in flight.
      maxSessionMemory: 256,
      ...(settings.tls ?? {}),
    };
    if (t.kind === 'unix') {
      const path = t.path;
      const tlsOpts = settings.tls;
      options.createConnection = () =>
        tlsOpts !== null || t.forceTls ? tls.connect({ ...(tlsOpts ?? {}), path, ALPNProtocols: ['h2'] }) : net.connect({ path });
    }
    this.session = http2.connect(authority, options);
    let connectTimer: NodeJS.Timeout | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      connectTimer = setTimeout(() => {
        const err = Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' });
        this.session.destroy(err);
      }, CONNECT_TIMEOUT_MS);
      connectTimer.unref();
      this.session.once('connect', () => {
        clearTimeout(connectTimer);
        this.connected = true;
        this.lastRead = performance.now();
        try {
          this.session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
        } catch {
          // Only fails on a session already closing; the call on it will report why.
        }
        if (this.streams === 0) this.session.unref();
        this.startKeepalive();
        resolve();
      });
      this.session.once('close', () => {
        clearTimeout(connectTimer);
        if (!this.connected) reject(this.failure ?? new Error('connection closed before server preface received'));
      });
    });
    // Nobody may be waiting when a dial fails; the rejection is observed by the next call instead.
    this.ready.catch(() => undefined);
    this.session.on('error', (err) => {
      this.failure ??= err;
      this.usable = false;
    });
    this.session.on('goaway', () => {
      this.usable = false;
    });
    this.session.on('close', () => {
      this.usable = false;
      this.stopKeepalive();
    });
    this.session.on('frameError', () => undefined);
  }

  /** Opens a call's stream; throws when the session refuses new streams. */
  request(headers: OutgoingHttpHeaders): ClientHttp2Stream {
    const stream = this.session.request(headers, { endStream: false });
    if (this.streams++ === 0) this.session.ref();
    if (this.dormant) {
      this.dormant = false;
      this.scheduleKeepalive(this.settings.keepalive!.timeMs);
    }
    stream.once('close', () => {
      if (--this.streams === 0 && this.connected && !this.session.destroyed) this.session.unref();
    });
    return stream;
  }

  /** Anything read from the server proves the connection alive (grpc-go: lastRead). */
  touch(): void {
    this.lastRead = performance.now();
  }

  get activeStreams(): number {
    return this.streams;
  }

  /** Graceful: running calls finish (cut after a short grace), then the socket closes. */
  async close(): Promise<void> {
    this.usable = false;
    this.stopKeepalive();
    if (this.session.destroyed) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.session.destroy();
        resolve();
      }, CLOSE_GRACE_MS);
      this.session.close(() => resolve());
    });
    clearTimeout(timer);
  }

  private startKeepalive(): void {
    const ka = this.settings.keepalive;
    if (ka) this.scheduleKeepalive(ka.timeMs);
  }

  private stopKeepalive(): void {
    clearTimeout(this.kaTimer);
    clearTimeout(this.pingTimer);
    this.kaTimer = undefined;
    this.pingTimer = undefined;
  }

  private scheduleKeepalive(delayMs: number): void {
    clearTimeout(this.kaTimer);
    this.kaTimer = setTimeout(() => this.keepaliveTick(), Math.max(1, delayMs));
    this.kaTimer.unref();
  }

  private keepaliveTick(): void {
    const ka = this.settings.keepalive!;
    if (this.session.destroyed || this.session.closed) return;
    const idle = performance.now() - this.lastRead;
    if (idle < ka.timeMs) return this.scheduleKeepalive(ka.timeMs - idle);
    if (this.streams === 0 && !ka.permitWithoutStream) {
      this.dormant = true;
      return;
    }
    const sentAt = performance.now();
    try {
      this.session.ping((err) => {
        if (!err) this.touch();
      });
    } catch {
      // Too many unacknowledged pings: the timeout below decides.
    }
    this.pingTimer = setTimeout(() => {
      if (this.lastRead > sentAt) return this.keepaliveTick();
      this.failure ??= new KeepaliveTimeoutError();
      this.usable = false;
      this.session.destroy(this.failure);
    }, ka.timeoutMs);
    this.pingTimer.unref();
  }
}
