// Cross-origin requests for browser senders (OTLP/HTTP JSON from web apps). Semantics follow
// rs/cors as configured by Go's confighttp (`config/confighttp/server.go`): credentials allowed,
// origins may hold `*` wildcards, Accept/Content-Type/X-Requested-With allowed when no headers are
// listed, a preflight always answers 204 and only carries Allow-* headers when it passes.

import type { IncomingMessage, ServerResponse } from 'node:http';

interface CorsConfig {
  allowed_origins: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  max_age: number;
}

// rs/cors: these request headers are always acceptable in a preflight.
const ALWAYS_ALLOWED = ['origin', 'accept', 'accept-language', 'content-type', 'content-language'];
const DEFAULT_HEADERS = ['x-requested-with'];
const ALLOWED_METHODS = new Set(['GET', 'POST', 'HEAD']);

function wildcardToRegExp(pattern: string): RegExp {
  const parts = pattern
    .toLowerCase()
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: RegExp[];
  private readonly anyHeader: boolean;
  private readonly headers: Set<string>;

  constructor(private readonly cfg: CorsConfig) {
    this.anyOrigin = cfg.allowed_origins.includes('*');
    this.origins = cfg.allowed_origins.map(wildcardToRegExp);
    this.anyHeader = cfg.allowed_headers.includes('*');
    const listed = cfg.allowed_headers.map((h) => h.toLowerCase());
    this.headers = new Set([...ALWAYS_ALLOWED, ...(listed.length ? listed : DEFAULT_HEADERS)]);
  }

  /** Go ignores a `cors` section without origins (it only warns when headers are set). */
  static from(cfg: CorsConfig | undefined): CorsPolicy | undefined {
    return cfg && cfg.allowed_origins.length > 0 ? new CorsPolicy(cfg) : undefined;
  }

  originAllowed(origin: string): boolean {
    if (this.anyOrigin) return true;
    const o = origin.toLowerCase();
    return this.origins.some((re) => re.test(o));
  }

  private headersAllowed(requested: string): boolean {
    if (this.anyHeader) return true;
    return requested
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '')
      .every((h) => this.headers.has(h));
  }

  /** True when `req` is a preflight; it has then been answered. */
  handlePreflight(req: IncomingMessage, res: ServerResponse): boolean {
    const reqMethod = req.headers['access-control-request-method'];
    if (req.method !== 'OPTIONS' || typeof reqMethod !== 'string') return false;
    res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    const origin = req.headers.origin;
    const reqHeaders = req.headers['access-control-request-headers'] ?? '';
    const method = reqMethod.toUpperCase();
    if (origin && this.originAllowed(origin) && ALLOWED_METHODS.has(method) && this.headersAllowed(reqHeaders)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', method);
      if (reqHeaders) res.setHeader('Access-Control-Allow-Headers', reqHeaders);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (this.cfg.max_age > 0) res.setHeader('Access-Control-Max-Age', String(this.cfg.max_age));
    }
    res.writeHead(204).end();
    return true;
  }

  /** Headers for an actual cross-origin request; the request proceeds either way. */
  decorate(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !this.originAllowed(origin) || !ALLOWED_METHODS.has(req.method ?? '')) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (this.cfg.exposed_headers.length) res.setHeader('Access-Control-Expose-Headers', this.cfg.exposed_headers.join(', '));
  }
}
