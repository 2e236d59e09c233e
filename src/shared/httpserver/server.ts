// The HTTP server every HTTP receiver runs (OTLP/HTTP, Jaeger thrift_http, Loki push, remote
// write): plain node:http / node:https, measured ~1.5x fastify for pass-through bodies
// (shared/reference/node-limits.md §2). Middleware order follows Go's confighttp `ToServer`:
// response headers → CORS (preflights answered before auth) → auth → Content-Encoding check →
// routes; the body is read lazily by the handler so it can refuse on method or type first.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Host } from '../../core/component.js';
import type { RequestContext } from '../../core/consumer.js';
import { CorsPolicy } from './cors.js';
import { acceptedEncodings, contentEncodingOf, HttpBodyError, readBody, unsupportedEncoding } from './body.js';
import { listenServer, watchServerTls } from './listen.js';
import { DEFAULT_MAX_REQUEST_BODY_SIZE, type HttpServerConfig } from './config.js';
import { loadServerTls } from '../tls/index.js';
import { resolveServerAuth, AuthError, type ServerAuthenticator } from '../auth/index.js';

export interface HttpCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path without its query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Client address, auth data and (with include_metadata) the request headers. */
  readonly ctx: RequestContext;
  /** The decoded body; rejects with HttpBodyError (400, 408 or 413). */
  readBody(): Promise<Buffer>;
}

type HttpHandler = (call: HttpCall) => void | Promise<void>;

/** Writes an error raised before or while reading the body (Go's `WithErrorHandler`). */
export type HttpErrorWriter = (req: IncomingMessage, res: ServerResponse, status: number, message: string) => void;

interface HttpServerSettings {
  /** The owning component's ID, for auth errors and logs. */
  id: string;
  logger: Logger;
  errorWriter?: HttpErrorWriter;
  /** How long shutdown waits for in-flight requests before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
}

interface Route {
  methods: readonly string[];
  handler: HttpHandler;
}

// Node's own limits, kept where Go's value 0 means "no limit": a client stalled mid-request is
// then still cut after 5 min (headers: 1 min) instead of holding its socket forever.
const NODE_REQUEST_TIMEOUT_MS = 300_000;
const NODE_HEADERS_TIMEOUT_MS = 60_000;
// How long a connection whose body we refused may drain before it is cut (Go's server similarly
// reads only a bounded remainder before closing).
const DRAIN_LINGER_MS = 2_000;

/** Go's `http.Error`: text/plain, nosniff, message plus newline. */
export function sendPlainError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.writeHead(status).end(`${message}\n`);
}

const defaultErrorWriter: HttpErrorWriter = (_req, res, status, message) => sendPlainError(res, status, message);

export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private fallbackHandler: HttpHandler | undefined;
  private readonly cors: CorsPolicy | undefined;
  private readonly encodings: Set<string>;
  private readonly errorWriter: HttpErrorWriter;
  private server: http.Server | undefined;
  private authenticator: ServerAuthenticator | undefined;
  private closing = false;
  private stopping: Promise<void> | undefined;
  private stopTlsReload: () => void = () => undefined;
  private boundAddress: string | undefined;

  constructor(
    private readonly cfg: HttpServerConfig,
    private readonly settings: HttpServerSettings,
  ) {
    this.cors = CorsPolicy.from(cfg.cors);
    if (cfg.cors && cfg.cors.allowed_origins.length === 0 && cfg.cors.allowed_headers.length > 0) {
      settings.logger.warn('The CORS configuration specifies allowed headers but no allowed origins, and is therefore ignored.');
    }
    this.encodings = acceptedEncodings(cfg.compression_algorithms);
    this.errorWriter = settings.errorWriter ?? defaultErrorWriter;
  }

  /** Registers `path` for `methods`; another method on it gets 405 listing the allowed ones. */
  route(path: string, methods: readonly string[], handler: HttpHandler): this {
    this.routes.set(path, { methods: methods.map((m) => m.toUpperCase()), handler });
    return this;
  }

  /**
   * Handles every request no route matched, whatever its method (instead of 404): for servers
   * that match paths as Go's ServeMux does (subtrees, any method), e.g. the extensions.
   */
  fallback(handler: HttpHandler): this {
    this.fallbackHandler = handler;
    return this;
  }

  /** The bound `host:port` once started (the real port when 0 was asked). */
  get address(): string | undefined {
    return this.boundAddress;
  }

  /** `host` resolves the `auth` authenticator; servers without `auth` (self-metrics) may omit it. */
  async start(host?: Host): Promise<string> {
    if (this.server || this.stopping) throw new Error(`${this.settings.id}: HTTP server already started`);
    const auth = this.cfg.auth;
    if (auth) {
      if (!host) throw new Error(`${this.settings.id}: auth needs the host's extensions`);
      this.authenticator = resolveServerAuth(host, auth.authenticator);
    }
    const tls = loadServerTls(this.cfg.tls);
    const onRequest = (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res);
    const server = tls ? https.createServer({ ...tls, ALPNProtocols: ['http/1.1'] }, onRequest) : http.createServer(onRequest);
    this.applyTimeouts(server);
    this.server = server;
    if (tls && this.cfg.tls) this.stopTlsReload = watchServerTls(server as https.Server, this.cfg.tls, this.settings.logger);
    try {
      this.boundAddress = await listenServer(server, this.cfg.endpoint, this.cfg.transport);
    } catch (err) {
      this.server = undefined;
      this.stopTlsReload();
      throw err;
    }
    return this.boundAddress;
  }

  private applyTimeouts(server: http.Server): void {
    const c = this.cfg;
    const request = c.read_timeout > 0 ? c.read_timeout : NODE_REQUEST_TIMEOUT_MS;
    // Go: read_header_timeout 0 falls back to read_timeout; idle_timeout 0 too, then no limit.
    const headers = c.read_header_timeout > 0 ? c.read_header_timeout : c.read_timeout > 0 ? c.read_timeout : NODE_HEADERS_TIMEOUT_MS;
    server.requestTimeout = request;
    server.headersTimeout = Math.min(headers, request);
    server.keepAliveTimeout = c.idle_timeout > 0 ? c.idle_timeout : c.read_timeout;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.cfg.write_timeout > 0) {
      // Go's WriteTimeout: a response not written by then loses its connection.
      const writeTimer = setTimeout(() => req.socket.destroy(), this.cfg.write_timeout);
      writeTimer.unref();
      res.once('close', () => clearTimeout(writeTimer));
    }
    if (this.closing || !this.cfg.keep_alives_enabled) res.shouldKeepAlive = false;
    for (const [k, v] of Object.entries(this.cfg.response_headers)) res.setHeader(k, v);
    if (this.cors) {
      if (this.cors.handlePreflight(req, res)) return;
      this.cors.decorate(req, res);
    }
    this.dispatch(req, res).catch((err: unknown) => {
      this.settings.logger.error({ err, path: req.url }, 'HTTP handler failed');
      if (!res.headersSent) sendPlainError(res, 500, 'internal server error');
      else res.destroy();
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let authData: Record<string, unknown> | undefined;
    if (this.authenticator) {
      try {
        authData = await this.authenticator.authenticate(this.authSources(req));
      } catch (err) {
        // Go's authInterceptor answers 401 for any authenticator error, not only refusals.
        if (!(err instanceof AuthError)) this.settings.logger.warn({ err }, 'authenticator failed');
        return this.errorWriter(req, res, 401, (err as Error).message);
      }
    }
    const encoding = contentEncodingOf(req);
    const unsupported = unsupportedEncoding(encoding, this.encodings);
    if (unsupported) return this.errorWriter(req, res, 400, unsupported);

    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const found = this.routes.get(path);
    const route: Route | undefined = found ?? (this.fallbackHandler ? { methods: [], handler: this.fallbackHandler } : undefined);
    if (!route) return sendPlainError(res, 404, '404 page not found');
    if (found && !found.methods.includes(req.method ?? '')) {
      res.setHeader('Content-Type', 'text/plain');
      res.writeHead(405).end(`405 method not allowed, supported: [${route.methods.join(', ')}]`);
      return;
    }
    const ctx: RequestContext = {
      clientAddress: req.socket.remoteAddress,
      ...(authData ? { auth: authData } : {}),
      ...(this.cfg.include_metadata ? { metadata: metadataOf(req) } : {}),
    };
    const opts = { maxBytes: this.cfg.max_request_body_size || DEFAULT_MAX_REQUEST_BODY_SIZE, readTimeoutMs: this.cfg.read_timeout };
    const call: HttpCall = {
      req,
      res,
      path,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      ctx,
      readBody: () =>
        readBody(req, encoding, opts).catch((err: unknown) => {
          if (err instanceof HttpBodyError && !req.complete) this.abandonBody(req, res);
          throw err;
        }),
    };
    await route.handler(call);
  }

  /** Go's auth interceptor input: the headers, plus `auth.request_params` taken from the query. */
  private authSources(req: IncomingMessage): Record<string, string[]> {
    const sources: Record<string, string[]> = { ...req.headersDistinct } as Record<string, string[]>;
    const params = this.cfg.auth?.request_params ?? [];
    if (params.length) {
      const url = req.url ?? '';
      const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
      for (const p of params) {
        const values = query.getAll(p);
        if (values.length) sources[p.toLowerCase()] = values;
      }
    }
    return sources;
  }

  /**
   * A body we will not read: answer with `Connection: close`, let the client finish its upload
   * for a moment (closing with unread bytes makes the kernel reset the connection, which can
   * destroy the response before the client reads it), then cut the socket.
   */
  private abandonBody(req: IncomingMessage, res: ServerResponse): void {
    res.shouldKeepAlive = false;
    if (!res.headersSent) res.setHeader('Connection', 'close');
    req.resume();
    const socket: Socket = req.socket;
    const timer = setTimeout(() => socket.destroy(), DRAIN_LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  /** Stops accepting, lets in-flight requests finish, then closes idle keep-alive sockets. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.stopTlsReload();
    if (!server) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), this.settings.shutdownGraceMs ?? 10_000);
    grace.unref();
    // A request arriving on a kept-alive socket after close() still completes, then that socket closes.
    const poll = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    poll.unref();
    await closed;
    clearTimeout(grace);
    clearInterval(poll);
    this.server = undefined;
  }
}

/** include_metadata: every request header, names lower-cased (Go's lookups are case-insensitive). */
function metadataOf(req: IncomingMessage): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(req.headersDistinct).filter((e): e is [string, string[]] => e[1] !== undefined));
}
