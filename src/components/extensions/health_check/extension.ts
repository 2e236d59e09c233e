// The health_check extension: an HTTP endpoint answering from the service's status on every
// request. It starts before the pipelines (503 while they start) and stops after them, so a probe
// sees 200 exactly while the pipelines run. Responses match contrib's
// `extension/healthcheckextension/internal/healthcheck/handler.go` byte for byte.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Extension, Host, ServiceInfo } from '../../../core/component.js';
import { endpointServerConfig } from '../../../shared/httpserver/config.js';
import { HttpServer } from '../../../shared/httpserver/server.js';
import type { HealthCheckConfig } from './config.js';
import { GO_ZERO_TIME, formatGoDuration, formatRFC3339Nano, nanosSince } from './go-time.js';

interface HealthResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** The response for the service's current state; pure, so tests pin the exact bytes. */
function healthResponse(service: Pick<ServiceInfo, 'status' | 'upSince'>, cfg: Pick<HealthCheckConfig, 'response_body'>): HealthResponse {
  const ready = service.status === 'running' && service.upSince !== undefined;
  if (cfg.response_body) {
    // Go writes the configured text without setting a type; net/http sniffs it as plain text.
    const body = ready ? cfg.response_body.healthy : cfg.response_body.unhealthy;
    return { status: ready ? 200 : 503, contentType: body ? 'text/plain; charset=utf-8' : undefined, body };
  }
  // Key order and formats of Go's healthCheckResponse struct as encoding/json writes it.
  const body = ready
    ? JSON.stringify({
        status: 'Server available',
        upSince: formatRFC3339Nano(service.upSince!),
        uptime: formatGoDuration(nanosSince(service.upSince!)),
      })
    : JSON.stringify({ status: 'Server not available', upSince: GO_ZERO_TIME, uptime: '' });
  return { status: ready ? 200 : 503, contentType: 'application/json', body };
}

/** Go ServeMux matching: a pattern ending in `/` is a subtree, any other an exact path. */
function matches(pattern: string, url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern;
}

export function createHealthCheck(cfg: HealthCheckConfig, logger: Logger): Extension {
  let server: HttpServer | undefined;
  let host: Host | undefined;
  let bound: string | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!host || !matches(cfg.path, req.url)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    const r = healthResponse(host.service, cfg);
    const headers: Record<string, string> = { 'Content-Length': String(Buffer.byteLength(r.body)) };
    if (r.contentType) headers['Content-Type'] = r.contentType;
    res.writeHead(r.status, headers);
    res.end(req.method === 'HEAD' ? undefined : r.body);
  };

  return {
    /** The bound `host:port` while started (the real port when the endpoint asked for 0). */
    get address() {
      return bound;
    },
    async start(h: Host) {
      if (server) return;
      host = h;
      logger.info({ endpoint: cfg.endpoint, path: cfg.path }, 'Starting health_check extension');
      if (cfg.check_collector_pipeline.enabled) {
        logger.warn(
          'check_collector_pipeline is not supported (upstream documents it as not working); the health check reports the service status only',
        );
      }
      // Any method and path reaches `handle`, which matches paths as Go's ServeMux does; a request
      // in flight at shutdown is cut at once (grace 0).
      const s = new HttpServer(endpointServerConfig(cfg.endpoint), { id: 'health_check', logger, shutdownGraceMs: 0 });
      s.fallback((call) => handle(call.req, call.res));
      bound = await s.start(h);
      server = s;
    },
    async shutdown() {
      const s = server;
      server = undefined;
      bound = undefined;
      if (s) await s.shutdown();
    },
  };
}
