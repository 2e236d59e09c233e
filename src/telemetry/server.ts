// The self-metrics endpoint Prometheus scrapes (`otel-collector:8888/metrics` in the seed setup).
// Address rules follow the Go collector: no server at level `none`; with `readers`, one server per
// `pull.exporter.prometheus` reader and `address` ignored; otherwise `address`, where an empty
// value disables the endpoint (2023 `service/telemetry.go`).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { TelemetryConfig } from './config.js';
import { CONTENT_TYPE } from './exposition.js';
import { formatHostPort } from '../shared/httpserver/endpoint.js';
import { endpointServerConfig } from '../shared/httpserver/config.js';
import { HttpServer } from '../shared/httpserver/server.js';

export type MetricsConfig = TelemetryConfig['metrics'];

export interface Exposer {
  /** A promise when the text needs other processes' metrics first (`--workers`). */
  expose(): string | Promise<string>;
}

export interface MetricsServer {
  /** The first bound address, `host:port`. */
  address: string;
  /** Every bound address, one per Prometheus pull reader. */
  addresses: string[];
  close(): Promise<void>;
}

/** The endpoints the config asks for; empty when self-metrics are not served. */
export function metricsEndpoints(cfg: MetricsConfig, logger?: Logger): string[] {
  if (cfg.level === 'none') return [];
  if (cfg.readers.length > 0) {
    const out: string[] = [];
    for (const r of cfg.readers) {
      const prom = r.pull?.exporter.prometheus;
      if (prom) out.push(formatHostPort(prom.host, prom.port));
      else if (r.periodic !== undefined) {
        logger?.warn({ reader: r.periodic }, 'periodic metric readers are not supported; this reader exports nothing');
      }
    }
    return out;
  }
  return cfg.address === '' ? [] : [cfg.address];
}

function wantsGzip(req: IncomingMessage): boolean {
  const ae = req.headers['accept-encoding'];
  return typeof ae === 'string' && /\bgzip\b/i.test(ae);
}

function handler(source: Exposer) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      // Go mounts promhttp on /metrics only; anything else is ServeMux's 404.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    let text: string | Promise<string>;
    try {
      text = source.expose();
    } catch (err) {
      return void fail(res, err);
    }
    if (typeof text === 'string') return void send(req, res, text);
    text.then(
      (t) => send(req, res, t),
      (err: unknown) => fail(res, err),
    );
  };
}

function fail(res: ServerResponse, err: unknown): void {
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`An error has occurred while serving metrics:\n\n${(err as Error).message}\n`);
}

function send(req: IncomingMessage, res: ServerResponse, text: string): void {
  let body = Buffer.from(text);
  const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE };
  if (wantsGzip(req)) {
    body = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Opens the self-metrics endpoint(s). Resolves with null when the config serves none; rejects
 * with an error naming the address when a port cannot be bound, so startup can abort.
 */
export async function startMetricsServer(source: Exposer, cfg: MetricsConfig, logger: Logger): Promise<MetricsServer | null> {
  const endpoints = metricsEndpoints(cfg, logger);
  if (endpoints.length === 0) return null;
  const servers: HttpServer[] = [];
  const addresses: string[] = [];
  const closeAll = () => Promise.all(servers.map((s) => s.shutdown())).then(() => undefined);
  const serve = handler(source);
  for (const endpoint of endpoints) {
    // Any method on any path reaches the handler, which answers /metrics and 404s the rest as
    // Go's ServeMux does. A scrape in flight at shutdown is cut at once (grace 0).
    const server = new HttpServer(endpointServerConfig(endpoint), { id: 'telemetry', logger, shutdownGraceMs: 0 });
    server.fallback((call) => serve(call.req, call.res));
    try {
      addresses.push(await server.start());
    } catch (err) {
      await closeAll();
      throw new Error(`failed to start the telemetry metrics server: ${(err as Error).message}`);
    }
    servers.push(server);
    logger.info({ address: addresses[addresses.length - 1], metrics_level: cfg.level }, 'Serving Prometheus metrics');
  }
  let closed: Promise<void> | undefined;
  return {
    address: addresses[0]!,
    addresses,
    close: () => (closed ??= closeAll()),
  };
}
