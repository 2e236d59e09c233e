// The prometheus exporter: consume() folds metrics into the accumulator; GET /metrics on
// `endpoint` renders it (contrib `exporter/prometheusexporter/{prometheus.go,collector.go}`).
// Like Go, the HTTP server answers /metrics only and 404s other paths.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import { ConsumerError } from '../../../core/consumer.js';
import { Metrics, type Payload } from '../../../pdata/index.js';
import { endpointServerConfig } from '../../../shared/httpserver/config.js';
import { HttpServer } from '../../../shared/httpserver/server.js';
import { CONTENT_TYPE } from '../../../telemetry/exposition.js';
import type { PrometheusConfig } from './config.js';
import { Accumulator } from './encode.js';

const WARN_INTERVAL_MS = 60_000;

export interface PrometheusExporter extends Exporter {
  /** The bound address once started, host:port. */
  readonly address: string | undefined;
}

export function createPrometheusExporter(ctx: CreateContext, cfg: PrometheusConfig, now: () => number = Date.now): PrometheusExporter {
  const acc = new Accumulator(
    { namespace: cfg.namespace, addMetricSuffixes: cfg.add_metric_suffixes, resourceToTelemetry: cfg.resource_to_telemetry_conversion.enabled },
    cfg.metric_expiration,
  );
  let server: HttpServer | undefined;
  let address: string | undefined;
  let lastWarn = -Infinity;

  const warn = (fields: Record<string, unknown>, msg: string) => {
    const t = now();
    if (t - lastWarn < WARN_INTERVAL_MS) return;
    lastWarn = t;
    ctx.logger.warn(fields, msg);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    const body = Buffer.from(acc.render(cfg.const_labels, now()));
    res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    mutatesData: false,
    get address() {
      return address;
    },
    async start(host: Host) {
      if (cfg.send_timestamps) ctx.logger.warn('send_timestamps is not supported; samples are served without timestamps');
      server = new HttpServer(endpointServerConfig(cfg.endpoint), { id: ctx.id, logger: ctx.logger, shutdownGraceMs: 0 });
      server.fallback((call) => serve(call.req, call.res));
      address = await server.start(host);
    },
    async consume(data: Payload) {
      if (!(data instanceof Metrics)) throw new ConsumerError('the prometheus exporter accepts metrics only', 'permanent');
      const skipped = acc.accumulate(data, now());
      if (skipped.unsupported.size > 0) {
        warn({ types: [...skipped.unsupported] }, 'metric types not exported by the prometheus exporter were dropped');
      }
      if (skipped.incompatible > 0) {
        warn({ points: skipped.incompatible }, 'delta histogram points whose bucket bounds changed were dropped');
      }
    },
    async shutdown() {
      const s = server;
      server = undefined;
      if (s) await s.shutdown();
    },
  };
}
