// gRPC unary server on node:http2 with hand-written framing, measured 1.26–1.55x @grpc/grpc-js
// (shared/reference/node-limits.md §3). The receive windows are raised (4 MiB per stream,
// 16 MiB per connection): at Node's 64 KiB default a 77 KB OTLP message waits on WINDOW_UPDATEs
// and throughput drops ~3x. Errors before a response are "trailers-only" answers, as grpc-go sends.

import http2, { type Http2Server, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from 'pino';
import type { Host } from '../../core/component.js';
import type { RequestContext } from '../../core/consumer.js';
import { decompress, BodyTooLargeError, isIdentity, normalizeEncoding } from '../compression/index.js';
import { resolveServerAuth, type ServerAuthenticator } from '../auth/index.js';
import { loadServerTls } from '../tls/index.js';
import { listenServer, watchServerTls } from '../httpserver/listen.js';
import { DEFAULT_MAX_RECV_MSG_SIZE_MIB, type GrpcServerConfig } from './config.js';
import { frameMessage, parseGrpcTimeout, UnaryMessageReader } from './framing.js';
import { encodeGrpcMessage, GrpcError, GrpcStatus } from './status.js';
import { keepaliveSettings, SessionKeepalive, type KeepaliveSettings } from './keepalive.js';

export interface GrpcCall {
  /** `/package.Service/Method`. */
  readonly path: string;
  /** Request metadata: the HTTP/2 headers without pseudo-headers, names lower-case. */
  readonly metadata: Readonly<Record<string, string | string[] | undefined>>;
  readonly ctx: RequestContext;
}

/** Answers one request message with the encoded response, or throws a GrpcError. */
type UnaryHandler = (request: Buffer, call: GrpcCall) => Promise<Uint8Array>;

interface GrpcServerSettings {
  id: string;
  logger: Logger;
  /** How long shutdown waits for in-flight calls before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
}

const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;
const MIB = 1024 * 1024;
// Decoders this build has for grpc-encoding (core builds register gzip, zstd and snappy).
const DECODERS = new Set(['gzip', 'deflate', 'zstd', 'snappy']);
const ACCEPT_ENCODING = 'gzip,zstd,snappy,deflate,identity';

// Per-request constants (issue 13: per-request cost at small requests): node:http2 copies the
// header objects it is given, so one object serves every response. No `date` header: grpc-go
// sends none, and Node's costs a cached-date lookup and 30-odd bytes per response.
const OK_HEADERS = Object.freeze({ ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': ACCEPT_ENCODING });
const OK_RESPOND_OPTIONS = Object.freeze({ waitForTrailers: true, sendDate: false });
const OK_TRAILERS = Object.freeze({ 'grpc-status': '0' });
function sendOkTrailers(this: ServerHttp2Stream): void {
  this.sendTrailers(OK_TRAILERS);
}
const ignore = (): void => undefined;

/** The request's metadata: its HTTP/2 headers without pseudo-headers (built only when something reads it). */
function requestMetadata(headers: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const metadata: Record<string, string | string[] | undefined> = {};
  for (const k in headers) if (k.charCodeAt(0) !== 58 /* ':' */) metadata[k] = headers[k];
  return metadata;
}

function isGrpcContentType(ct: string | undefined): boolean {
  if (!ct || !ct.startsWith('application/grpc')) return false;
  const rest = ct.charAt('application/grpc'.length);
  return rest === '' || rest === '+' || rest === ';';
}

export class GrpcServer {
  private readonly handlers = new Map<string, UnaryHandler>();
  private readonly services = new Set<string>();
  private readonly sessions = new Map<ServerHttp2Session, SessionKeepalive>();
  private readonly keepalive: KeepaliveSettings;
  private readonly maxRecvBytes: number;
  private server: Http2Server | undefined;
  private authenticator: ServerAuthenticator | undefined;
  private stopping: Promise<void> | undefined;
  private stopTlsReload: () => void = () => undefined;
  private boundAddress: string | undefined;

  constructor(
    private readonly cfg: GrpcServerConfig,
    private readonly settings: GrpcServerSettings,
  ) {
    this.keepalive = keepaliveSettings(cfg.keepalive?.server_parameters, cfg.keepalive?.enforcement_policy);
    this.maxRecvBytes = (cfg.max_recv_msg_size_mib || DEFAULT_MAX_RECV_MSG_SIZE_MIB) * MIB;
  }

  /** Registers a unary method by its full path, `/package.Service/Method`. */
  unary(path: string, handler: UnaryHandler): this {
    this.handlers.set(path, handler);
    this.services.add(path.slice(1, path.lastIndexOf('/')));
    return this;
  }

  get address(): string | undefined {
    return this.boundAddress;
  }

  async start(host: Host): Promise<string> {
    if (this.server || this.stopping) throw new Error(`${this.settings.id}: gRPC server already started`);
    if (this.cfg.auth) this.authenticator = resolveServerAuth(host, this.cfg.auth.authenticator);
    const tls = loadServerTls(this.cfg.tls);
    const options: http2.SecureServerOptions = {
      settings: {
        initialWindowSize: STREAM_WINDOW_BYTES,
        ...(this.cfg.max_concurrent_streams > 0 ? { maxConcurrentStreams: this.cfg.max_concurrent_streams } : {}),
      },
      // grpc-js does the same: the windows above, not this cap, bound what a session buffers.
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
    };
    const server: Http2Server = tls
      ? http2.createSecureServer({ ...options, ...tls, ALPNProtocols: ['h2'], allowHTTP1: false })
      : http2.createServer(options);
    server.on('session', (session) => this.onSession(session));
    server.on('stream', (stream, headers) => this.onStream(stream, headers));
    server.on('sessionError', (err) => this.settings.logger.debug({ err: err.message }, 'gRPC connection error'));
    this.server = server;
    if (tls && this.cfg.tls) this.stopTlsReload = watchServerTls(server as unknown as TlsServer, this.cfg.tls, this.settings.logger);
    try {
      this.boundAddress = await listenServer(server, this.cfg.endpoint, this.cfg.transport);
    } catch (err) {
      this.server = undefined;
      this.stopTlsReload();
      throw err;
    }
    return this.boundAddress;
  }

  private onSession(session: ServerHttp2Session): void {
    try {
      session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
    } catch {
      // The session died before its settings could be sent; nothing to tune.
    }
    const ka = new SessionKeepalive(session, this.keepalive);
    this.sessions.set(session, ka);
    session.on('error', (err) => this.settings.logger.debug({ err: err.message }, 'gRPC session error'));
    session.once('close', () => {
      ka.dispose();
      this.sessions.delete(session);
    });
  }

  private onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    const ka = this.sessions.get(stream.session as ServerHttp2Session);
    ka?.streamStarted(stream.id ?? 0);
    stream.once('close', () => ka?.streamEnded());
    // A client reset or a dropped connection: nothing is left to answer.
    stream.on('error', ignore);
    this.serve(stream, headers, ka).catch((err: unknown) => {
      const e = err instanceof GrpcError ? err : new GrpcError(GrpcStatus.INTERNAL, (err as Error).message);
      if (!(err instanceof GrpcError)) this.settings.logger.error({ err, path: headers[':path'] }, 'gRPC handler failed');
      this.fail(stream, e);
    });
  }

  private async serve(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, ka: SessionKeepalive | undefined): Promise<void> {
    const method = headers[':method'];
    if (method !== 'POST') return this.fail(stream, new GrpcError(GrpcStatus.INTERNAL, `invalid gRPC request method ${JSON.stringify(method)}`), 405);
    const contentType = headers['content-type'];
    if (!isGrpcContentType(contentType)) {
      const message = `invalid gRPC request content-type ${JSON.stringify(contentType ?? '')}`;
      return this.fail(stream, new GrpcError(GrpcStatus.INVALID_ARGUMENT, message), 415);
    }
    const path = headers[':path'] ?? '';
    const handler = this.handlers.get(path);
    if (!handler) return this.fail(stream, this.unknownMethod(path));

    const timeoutMs = parseGrpcTimeout(headers['grpc-timeout'] as string | undefined);
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => this.fail(stream, new GrpcError(GrpcStatus.DEADLINE_EXCEEDED, 'context deadline exceeded')), timeoutMs);
      timer.unref();
      stream.once('close', () => clearTimeout(timer));
    }
    let metadata: Record<string, string | string[] | undefined> | undefined;
    const md = (): Record<string, string | string[] | undefined> => (metadata ??= requestMetadata(headers));

    let auth: Record<string, unknown> | undefined;
    if (this.authenticator) {
      try {
        auth = await this.authenticator.authenticate(md());
      } catch (err) {
        throw new GrpcError(GrpcStatus.UNAUTHENTICATED, (err as Error).message);
      }
    }
    const request = await this.readRequest(stream, headers['grpc-encoding'] as string | undefined);
    if (stream.destroyed || stream.headersSent) return;
    const ctx: RequestContext = { clientAddress: stream.session?.socket?.remoteAddress };
    if (auth) ctx.auth = auth;
    if (this.cfg.include_metadata) ctx.metadata = metadataMap(md());
    const response = await handler(request, {
      path,
      get metadata() {
        return md();
      },
      ctx,
    });
    if (stream.destroyed || stream.headersSent) return;
    ka?.responded();
    stream.respond(OK_HEADERS, OK_RESPOND_OPTIONS);
    stream.once('wantTrailers', sendOkTrailers);
    stream.end(frameMessage(response));
  }

  private unknownMethod(path: string): GrpcError {
    // grpc-go server.go handleStream wording.
    const slash = path.lastIndexOf('/');
    if (!path.startsWith('/') || slash <= 0) return new GrpcError(GrpcStatus.UNIMPLEMENTED, `malformed method name: ${JSON.stringify(path)}`);
    const service = path.slice(1, slash);
    if (!this.services.has(service)) return new GrpcError(GrpcStatus.UNIMPLEMENTED, `unknown service ${service}`);
    return new GrpcError(GrpcStatus.UNIMPLEMENTED, `unknown method ${path.slice(slash + 1)} for service ${service}`);
  }

  /** The one request message, decompressed, within max_recv_msg_size_mib. */
  private readRequest(stream: ServerHttp2Stream, encodingHeader: string | undefined): Promise<Buffer> {
    const reader = new UnaryMessageReader(this.maxRecvBytes);
    return new Promise<Buffer>((resolve, reject) => {
      let failed = false;
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        try {
          reader.push(chunk);
        } catch (err) {
          failed = true;
          reject(err);
        }
      });
      stream.once('end', () => {
        if (failed) return;
        try {
          resolve(this.decode(reader.finish(), encodingHeader));
        } catch (err) {
          reject(err);
        }
      });
      stream.once('aborted', () => reject(new GrpcError(GrpcStatus.CANCELLED, 'context canceled')));
    });
  }

  private async decode(msg: { compressed: boolean; payload: Buffer }, encodingHeader: string | undefined): Promise<Buffer> {
    if (!msg.compressed) return msg.payload;
    const encoding = normalizeEncoding(encodingHeader ?? '');
    // grpc-go rpc_util.go checkRecvPayload / decompress wording.
    if (isIdentity(encoding)) throw new GrpcError(GrpcStatus.INTERNAL, 'grpc: compressed flag set with identity or empty encoding');
    if (!DECODERS.has(encoding)) {
      throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `grpc: Decompressor is not installed for grpc-encoding "${encoding}"`);
    }
    try {
      return await decompress(encoding, msg.payload, this.maxRecvBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message after decompression larger than max ${this.maxRecvBytes}`);
      }
      throw new GrpcError(GrpcStatus.INTERNAL, `grpc: failed to decompress the received message: ${(err as Error).message}`);
    }
  }

  /** A trailers-only answer; the rest of the request, if any, is read and dropped. */
  private fail(stream: ServerHttp2Stream, err: GrpcError, httpStatus = 200): void {
    if (stream.destroyed || stream.closed) return;
    if (stream.headersSent) {
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return;
    }
    const headers: http2.OutgoingHttpHeaders = {
      ':status': httpStatus,
      'content-type': 'application/grpc',
      'grpc-status': String(err.code),
      'grpc-message': encodeGrpcMessage(err.message),
    };
    if (err.details) headers['grpc-status-details-bin'] = Buffer.from(err.details).toString('base64').replace(/=+$/, '');
    stream.respond(headers, { endStream: true });
    stream.resume();
  }

  /** Stops accepting, sends GOAWAY so in-flight calls finish, and cuts what is left after the grace period. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    this.stopTlsReload();
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of this.sessions.keys()) if (!session.closed) session.close();
    const grace = setTimeout(() => {
      for (const session of this.sessions.keys()) session.destroy();
    }, this.settings.shutdownGraceMs ?? 10_000);
    grace.unref();
    await closed;
    clearTimeout(grace);
    this.server = undefined;
  }
}

function metadataMap(metadata: Record<string, string | string[] | undefined>): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(metadata)) if (v !== undefined) out.set(k, Array.isArray(v) ? v : [v]);
  return out;
}
