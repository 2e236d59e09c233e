// A unary gRPC client over node:http2 (Go: configgrpc ClientConfig.ToClientConn + grpc-go's
// ClientConn): one connection per endpoint shared by every call and replaced when it dies or
// goes away; TLS with the system roots unless `tls.insecure` (h2c); request compression with
// grpc-encoding; config headers, per-call metadata and authenticator metadata; the call
// deadline sent as grpc-timeout. A call that cannot connect fails at once with UNAVAILABLE, or
// with wait_for_ready keeps dialling (grpc-go's connection backoff: 1s × 1.6, at most 120s)
// until its deadline.

import type { OutgoingHttpHeaders } from 'node:http2';
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from 'pino';
import type { Host } from '../../core/component.js';
import { resolveClientAuth, type ClientAuthenticator } from '../auth/auth.js';
import { compress, isIdentity } from '../compression/index.js';
import { ExponentialBackoff, sleep } from '../exporterhelper/backoff.js';
import { GrpcStatus } from '../grpcserver/status.js';
import { loadClientTls, tlsFiles } from '../tls/loader.js';
import { watchTlsFiles } from '../tls/reload.js';
import { exchange } from './call.js';
import type { GrpcClientConfig } from './config.js';
import { Connection, type KeepaliveParams } from './connection.js';
import { dialErrorText, lostConnectionText } from './dial-errors.js';
import { GrpcCallError } from './errors.js';
import { parseTarget, type GrpcTarget } from './target.js';

/** grpc-go's default limit on a received message (defaultClientMaxReceiveMessageSize). */
const DEFAULT_MAX_RECV_BYTES = 4 * 1024 * 1024;
// grpc-go raises keepalive.time below this to it (internal.KeepaliveMinPingTime).
const MIN_KEEPALIVE_TIME_MS = 10_000;
// grpc-go: a zero keepalive.timeout means 20s (defaultClientKeepaliveTimeout).
const DEFAULT_KEEPALIVE_TIMEOUT_MS = 20_000;
const ACCEPT_ENCODING = 'gzip,zstd,snappy';
// grpc-go refuses these as user metadata (internal/transport isReservedHeader).
const RESERVED = new Set([
  'content-type',
  'user-agent',
  'grpc-message-type',
  'grpc-encoding',
  'grpc-message',
  'grpc-status',
  'grpc-timeout',
  'grpc-status-details-bin',
  'grpc-accept-encoding',
  'te',
]);

export interface GrpcClientOptions {
  logger?: Logger;
  /** Sent as User-Agent unless `user_agent` is configured. */
  userAgent?: string;
  /** Largest response message accepted, after decompression. */
  maxRecvBytes?: number;
  /** Floor for keepalive.time (grpc-go: 10s); tests lower it. */
  minKeepaliveTimeMs?: number;
}

interface UnaryCallOptions {
  /** The call deadline in ms, sent as grpc-timeout; 0 or absent = none. */
  timeoutMs?: number;
  /** Cancels the call (CANCELLED). */
  signal?: AbortSignal;
  /** Extra metadata for this call; it wins over configured headers. */
  metadata?: Record<string, string>;
}

/** grpc-go's encodeTimeout: the smallest unit whose value fits in 8 digits, rounded up. */
export function encodeGrpcTimeout(ms: number): string {
  if (ms <= 0) return '0n';
  const ns = ms * 1e6;
  const units: Array<[string, number]> = [
    ['n', 1],
    ['u', 1e3],
    ['m', 1e6],
    ['S', 1e9],
    ['M', 60e9],
    ['H', 3600e9],
  ];
  for (const [unit, size] of units) {
    const v = Math.ceil(ns / size);
    if (v <= 99_999_999) return `${v}${unit}`;
  }
  return '99999999H';
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export class GrpcClient {
  readonly target: GrpcTarget;
  private tls: ConnectionOptions | null = null;
  private auth: ClientAuthenticator | undefined;
  private conn: Connection | undefined;
  private readonly all = new Set<Connection>();
  private readonly keepalive: KeepaliveParams | undefined;
  private readonly maxRecvBytes: number;
  private readonly compression: string | undefined;
  private stopReload: () => void = () => undefined;
  private started = false;
  private closed = false;

  constructor(
    readonly config: GrpcClientConfig,
    private readonly opts: GrpcClientOptions = {},
  ) {
    this.target = parseTarget(config.endpoint);
    this.maxRecvBytes = opts.maxRecvBytes ?? DEFAULT_MAX_RECV_BYTES;
    this.compression = isIdentity(config.compression) ? undefined : config.compression;
    const ka = config.keepalive;
    if (ka) {
      const floor = opts.minKeepaliveTimeMs ?? MIN_KEEPALIVE_TIME_MS;
      this.keepalive = {
        timeMs: Math.max(ka.time, floor),
        timeoutMs: ka.timeout > 0 ? ka.timeout : DEFAULT_KEEPALIVE_TIMEOUT_MS,
        permitWithoutStream: ka.permit_without_stream,
      };
    }
  }

  /** True when calls go over TLS. */
  get secure(): boolean {
    return this.tls !== null;
  }

  /** Loads TLS and resolves the authenticator; throws Go-worded errors for either. */
  start(host?: Host): void {
    if (this.started) return;
    this.tls = this.loadTls();
    if (this.config.auth) {
      if (!host) throw new Error('authentication was configured but this component or its host does not support extensions');
      this.auth = resolveClientAuth(host, this.config.auth.authenticator, 'gRPC');
      if (this.auth.requiresTransportSecurity && this.tls === null) {
        throw new Error('grpc: the credentials require transport level security (use grpc.WithTransportCredentials() to set)');
      }
    }
    this.started = true;
    const tls = this.config.tls;
    this.stopReload = watchTlsFiles(
      tlsFiles(tls),
      tls.reload_interval,
      () => this.loadTls(),
      (fresh) => {
        this.tls = fresh;
        // New calls dial with the new certificates; running ones finish on the old connection.
        const old = this.conn;
        this.conn = undefined;
        void old?.close();
      },
      (err) => this.opts.logger?.error({ error: err.message }, 'Failed to reload TLS certificates; keeping the previous ones.'),
    );
  }

  private loadTls(): ConnectionOptions | null {
    const tls = loadClientTls(this.config.tls);
    // Go: an https:// endpoint uses TLS (default settings, system roots) even with insecure: true.
    if (tls === null && this.target.forceTls) return {};
    return tls;
  }

  /** Calls `path` (`/package.Service/Method`) with one serialized request; resolves with the serialized response. */
  async unary(path: string, message: Uint8Array, call: UnaryCallOptions = {}): Promise<Buffer> {
    if (this.closed) throw new GrpcCallError(GrpcStatus.CANCELLED, 'grpc: the client connection is closing');
    if (!this.started) this.start();
    const ctl = new AbortController();
    let deadlineHit = false;
    const timeoutMs = call.timeoutMs ?? 0;
    const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            deadlineHit = true;
            ctl.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = () => ctl.abort();
    if (call.signal?.aborted) ctl.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const abortError = () =>
      deadlineHit
        ? new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, 'context deadline exceeded')
        : new GrpcCallError(GrpcStatus.CANCELLED, 'context canceled');
    try {
      const [body, extra] = await Promise.all([
        this.compression ? compress(this.compression === 'snappy' ? 'x-snappy-framed' : this.compression, message) : message,
        this.auth ? this.auth.authHeaders() : undefined,
      ]);
      for (let attempt = 0; ; attempt++) {
        const conn = await this.connection(ctl.signal, abortError);
        const headers = this.headers(path, call.metadata, extra);
        if (deadline !== Infinity) headers['grpc-timeout'] = encodeGrpcTimeout(deadline - performance.now());
        let stream;
        try {
          stream = conn.request(headers);
        } catch (err) {
          const code = (err as { code?: string }).code ?? '';
          if (code.startsWith('ERR_HTTP2_INVALID_HEADER') || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') {
            throw new GrpcCallError(GrpcStatus.INTERNAL, `grpc: invalid metadata: ${(err as Error).message}`, undefined, { cause: err });
          }
          // The session went away between the check and the call (or ran out of stream IDs):
          // retire it and try once more on a fresh connection.
          void conn.close();
          if (attempt === 0) continue;
          throw new GrpcCallError(GrpcStatus.UNAVAILABLE, lostConnectionText(err), undefined, { cause: err });
        }
        return await exchange(conn, stream, body, this.compression !== undefined, this.maxRecvBytes, ctl.signal, abortError);
      }
    } catch (err) {
      if (err instanceof GrpcCallError) throw err;
      if (ctl.signal.aborted) throw abortError();
      throw err;
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  private headers(path: string, metadata: Record<string, string> | undefined, authHeaders: Record<string, string> | undefined): OutgoingHttpHeaders {
    const h: OutgoingHttpHeaders = {};
    const add = (src: Record<string, string> | undefined) => {
      for (const [k, v] of Object.entries(src ?? {})) {
        const key = k.toLowerCase();
        if (key.startsWith(':') || RESERVED.has(key)) continue;
        // Binary metadata travels base64-encoded (gRPC over HTTP/2 spec, "-bin" suffix).
        h[key] = key.endsWith('-bin') ? Buffer.from(v).toString('base64') : v;
      }
    };
    add(this.config.headers);
    add(metadata);
    add(authHeaders);
    const secure = this.tls !== null;
    h[':method'] = 'POST';
    h[':scheme'] = secure ? 'https' : 'http';
    h[':path'] = path;
    h[':authority'] = this.config.authority || this.target.hostPort;
    h['content-type'] = 'application/grpc';
    h['te'] = 'trailers';
    const ua = this.config.user_agent || this.opts.userAgent;
    if (ua) h['user-agent'] = ua;
    h['grpc-accept-encoding'] = ACCEPT_ENCODING;
    if (this.compression) h['grpc-encoding'] = this.compression;
    return h;
  }

  private dial(): Connection {
    const c = new Connection({ target: this.target, tls: this.tls, keepalive: this.keepalive });
    this.all.add(c);
    c.session.once('close', () => {
      this.all.delete(c);
      if (this.conn === c) this.conn = undefined;
    });
    return c;
  }

  private async connection(signal: AbortSignal, abortError: () => GrpcCallError): Promise<Connection> {
    let backoff: ExponentialBackoff | undefined;
    for (;;) {
      if (this.closed) throw new GrpcCallError(GrpcStatus.CANCELLED, 'grpc: the client connection is closing');
      if (!this.conn || !this.conn.usable) this.conn = this.dial();
      const c = this.conn;
      try {
        await abortable(c.ready, signal);
        if (c.usable) return c;
        if (this.conn === c) this.conn = undefined;
        continue;
      } catch (err) {
        if (signal.aborted) throw abortError();
        if (this.conn === c) this.conn = undefined;
        const failure = new GrpcCallError(GrpcStatus.UNAVAILABLE, dialErrorText(c.failure ?? err, this.target), undefined, { cause: err });
        if (!this.config.wait_for_ready) throw failure;
        this.opts.logger?.debug({ error: failure.message }, 'gRPC connection failed; waiting for ready');
        backoff ??= new ExponentialBackoff({ initial_interval: 1_000, max_interval: 120_000, multiplier: 1.6, randomization_factor: 0.2 });
        try {
          await sleep(backoff.next(), signal);
        } catch {
          throw abortError();
        }
      }
    }
  }

  /** Closes every connection (running calls get a short grace) and stops certificate reloading. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopReload();
    this.conn = undefined;
    await Promise.all([...this.all].map((c) => c.close()));
    this.all.clear();
  }
}

export function createGrpcClient(config: GrpcClientConfig, opts: GrpcClientOptions = {}): GrpcClient {
  return new GrpcClient(config, opts);
}
