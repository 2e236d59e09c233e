// The prometheus exporter: consume() folds metrics into the accumulator; GET /metrics on
// `endpoint` collects and writes them (contrib `exporter/prometheusexporter/{prometheus.go,collector.go}`,
// served as client_golang's promhttp.HandlerFor with ContinueOnError does: what can be served is,
// the rest is logged). Like Go, the HTTP server answers /metrics only and 404s other paths.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import { ConsumerError } from '../../../core/consumer.js';
import { Metrics, type Payload } from '../../../pdata/index.js';
import { endpointServerConfig } from '../../../shared/httpserver/config.js';
import { HttpServer } from '../../../shared/httpserver/server.js';
import { cleanUpString } from '../../../shared/prometheus/index.js';
import { Accumulator } from './accumulator.js';
import { collectFamilies, FamilyRegistry, type CollectOptions } from './collect.js';
import type { PrometheusConfig } from './config.js';
import { negotiate, writeOpenMetrics, writeText } from './exposition.js';

const WARN_INTERVAL_MS = 60_000;

export interface PrometheusExporter extends Exporter {
  /** The bound address once started, host:port. */
  readonly address: string | undefined;
}

/** Whether the client takes gzip (promhttp offers identity and gzip; zstd is not compiled into Go's build). */
function wantsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** The /metrics body for one scrape, and what the collect step dropped. Exported for the golden test and the bench. */
export class MetricsPage {
  readonly accumulator: Accumulator;
  private readonly registry = new FamilyRegistry();
  private readonly opts: CollectOptions;

  private readonly enableOpenMetrics: boolean;

  constructor(cfg: PrometheusConfig) {
    this.enableOpenMetrics = cfg.enable_open_metrics;
    this.accumulator = new Accumulator(cfg.metric_expiration, cfg.resource_to_telemetry_conversion.enabled);
    this.opts = {
      namespace: cleanUpString(cfg.namespace),
      addMetricSuffixes: cfg.add_metric_suffixes,
      sendTimestamps: cfg.send_timestamps,
      constLabels: cfg.const_labels,
      expirationMs: cfg.metric_expiration,
    };
  }

  render(accept: string | undefined, now: number): { contentType: string; body: string; dropped: number; firstError?: string } {
    const format = negotiate(accept, this.enableOpenMetrics);
    const { families, errors } = collectFamilies(this.accumulator.collect(now), this.opts, this.registry, now);
    const body = format.openMetrics ? writeOpenMetrics(families, format.escaping) : writeText(families, format.escaping);
    return { contentType: format.contentType, body, dropped: errors.count, ...(errors.first === undefined ? {} : { firstError: errors.first }) };
  }
}

export function createPrometheusExporter(ctx: CreateContext, cfg: PrometheusConfig, now: () => number = Date.now): PrometheusExporter {
  const page = new MetricsPage(cfg);
  let server: HttpServer | undefined;
  let address: string | undefined;
  const lastWarn = new Map<string, number>();

  const warn = (what: string, fields: Record<string, unknown>, msg: string) => {
    const t = now();
    if (t - (lastWarn.get(what) ?? -Infinity) < WARN_INTERVAL_MS) return;
    lastWarn.set(what, t);
    ctx.logger.warn(fields, msg);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    const out = page.render(req.headers.accept, now());
    if (out.dropped > 0) warn('collect', { dropped: out.dropped, first: out.firstError }, 'series not served (Go drops them too)');
    let body = Buffer.from(out.body);
    const headers: Record<string, string> = { 'Content-Type': out.contentType };
    if (wantsGzip(req.headers['accept-encoding'])) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    mutatesData: false,
    get address() {
      return address;
    },
    async start(host: Host) {
      server = new HttpServer(endpointServerConfig(cfg.endpoint), { id: ctx.id, logger: ctx.logger, shutdownGraceMs: 0 });
      server.fallback((call) => serve(call.req, call.res));
      address = await server.start(host);
    },
    async consume(data: Payload) {
      if (!(data instanceof Metrics)) throw new ConsumerError('the prometheus exporter accepts metrics only', 'permanent');
      const skipped = page.accumulator.accumulate(data, now());
      if (skipped.unsupported.size > 0) {
        warn('types', { types: [...skipped.unsupported] }, 'metric types the prometheus exporter does not serve were dropped (as in Go)');
      }
      if (skipped.misaligned > 0) {
        warn('misaligned', { points: skipped.misaligned }, 'delta histogram points starting before the stored point ended were dropped');
      }
    },
    async shutdown() {
      const s = server;
      server = undefined;
      if (s) await s.shutdown();
    },
  };
}
