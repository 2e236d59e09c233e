// The zpages extension: HTML pages about the running collector, served over node:http.
// Routes as core `extension/zpagesextension` registers them, plus `/` with links to all of them
// (Go answers 404 there; the seed's blackbox probe of `/` is why we answer 200).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Extension, Host } from '../../../core/component.js';
import { endpointServerConfig } from '../../../shared/httpserver/config.js';
import { HttpServer } from '../../../shared/httpserver/server.js';
import type { ZpagesConfig } from './config.js';
import { expvarJson, extensionzPage, featurezPage, indexPage, pageLinks, pipelinezPage, servicezPage, tracezPage } from './pages.js';

const HTML = 'text/html; charset=utf-8';

export function createZpages(cfg: ZpagesConfig, logger: Logger): Extension {
  let server: HttpServer | undefined;
  let bound: string | undefined;
  let host: Host | undefined;
  const links = pageLinks(cfg.expvar.enabled);

  const route = (path: string): [string, string] | undefined => {
    const service = host!.service;
    switch (path) {
      case '/':
        return [HTML, indexPage(service, links)];
      case '/debug/servicez':
        return [HTML, servicezPage(service, links)];
      case '/debug/pipelinez':
        return [HTML, pipelinezPage(service, links)];
      case '/debug/extensionz':
        return [HTML, extensionzPage(service, links)];
      case '/debug/featurez':
        return [HTML, featurezPage(links)];
      case '/debug/tracez':
        return [HTML, tracezPage(links)];
      case '/debug/expvarz':
        return cfg.expvar.enabled ? ['application/json; charset=utf-8', expvarJson()] : undefined;
      default:
        return undefined;
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    let found: [string, string] | undefined;
    try {
      found = host && (req.method === 'GET' || req.method === 'HEAD') ? route(path) : undefined;
    } catch (err) {
      logger.warn({ error: err, path }, 'zpages page failed');
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500 internal server error\n');
      return;
    }
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    const body = Buffer.from(found[1]);
    res.writeHead(200, { 'Content-Type': found[0], 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    /** The bound `host:port` while started. */
    get address() {
      return bound;
    },
    async start(h: Host) {
      if (server) return;
      host = h;
      logger.info({ endpoint: cfg.endpoint }, 'Starting zPages extension');
      // Any method and path reaches `handle`, which matches paths as Go's ServeMux does; a request
      // in flight at shutdown is cut at once (grace 0).
      const s = new HttpServer(endpointServerConfig(cfg.endpoint), { id: 'zpages', logger, shutdownGraceMs: 0 });
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
