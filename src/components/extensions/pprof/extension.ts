// The pprof extension, Node edition: Go's `net/http/pprof` routes under /debug/pprof/ serving V8
// profiles instead of pprof protobufs (formats in README.md). `save_to_file` profiles the CPU from
// start to shutdown, as contrib `extension/pprofextension/pprofextension.go` does.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Extension } from '../../../core/component.js';
import { endpointServerConfig } from '../../../shared/httpserver/config.js';
import { HttpServer } from '../../../shared/httpserver/server.js';
import type { PprofConfig } from './config.js';
import { startCpuProfile, takeHeapSnapshot, type RunningCpuProfile } from './profiler.js';

const DEFAULT_PROFILE_SECONDS = 30;
const MAX_PROFILE_SECONDS = 300;

const INDEX = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>/debug/pprof/</title></head>
<body><h1>/debug/pprof/</h1>
<p>V8 profiles of this Node.js process.</p>
<ul>
<li><a href="profile?seconds=${DEFAULT_PROFILE_SECONDS}">profile</a>: CPU profile, <code>?seconds=N</code> (default ${DEFAULT_PROFILE_SECONDS}, at most ${MAX_PROFILE_SECONDS}); a <code>.cpuprofile</code> for Chrome DevTools or speedscope.</li>
<li><a href="heap">heap</a>: heap snapshot, a <code>.heapsnapshot</code> for the Chrome DevTools Memory tab.</li>
<li><a href="cmdline">cmdline</a>: the command line, arguments separated by NUL bytes.</li>
</ul>
<p>One profile runs at a time.</p>
</body></html>
`;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** Go's pprof: a missing, unparsable or non-positive `seconds` means the default. */
export function profileSeconds(param: string | null): number {
  if (param === null || !/^\d+$/.test(param)) return DEFAULT_PROFILE_SECONDS;
  const n = Number(param);
  return n > 0 ? n : DEFAULT_PROFILE_SECONDS;
}

export function createPprof(cfg: PprofConfig, logger: Logger): Extension {
  let server: HttpServer | undefined;
  let bound: string | undefined;
  let busy = false;
  let lifetime: { profile: RunningCpuProfile; file: FileHandle } | undefined;

  const cpu = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const seconds = profileSeconds(url.searchParams.get('seconds'));
    if (seconds > MAX_PROFILE_SECONDS) return text(res, 400, `profile duration exceeds the maximum of ${MAX_PROFILE_SECONDS} seconds\n`);
    if (busy) return text(res, 409, 'another profile is already running\n');
    busy = true;
    let running: RunningCpuProfile;
    try {
      running = await startCpuProfile();
    } catch (err) {
      busy = false;
      return text(res, 500, `could not start the CPU profiler: ${(err as Error).message}\n`);
    }
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), seconds * 1000);
      // A client that goes away (or a shutdown) ends the profile early; nothing is sent then.
      res.once('close', () => resolve(false));
    });
    const complete = await finished;
    clearTimeout(timer);
    try {
      const profile = await running.stop();
      if (!complete || res.destroyed) return;
      const body = Buffer.from(JSON.stringify(profile));
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Disposition': 'attachment; filename="profile.cpuprofile"',
        'Content-Length': String(body.length),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      if (!res.headersSent) text(res, 500, `could not stop the CPU profiler: ${(err as Error).message}\n`);
    } finally {
      busy = false;
    }
  };

  const heap = async (res: ServerResponse) => {
    if (busy) return text(res, 409, 'another profile is already running\n');
    busy = true;
    try {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Disposition': 'attachment; filename="heap.heapsnapshot"',
      });
      await takeHeapSnapshot((chunk) => {
        if (!res.destroyed) res.write(chunk);
      });
      res.end();
    } catch (err) {
      logger.warn({ error: err }, 'heap snapshot failed');
      res.destroy();
    } finally {
      busy = false;
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://pprof');
    const path = url.pathname;
    if (path === '/debug/pprof' || path === '/debug/pprof/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(INDEX);
    }
    if (path === '/debug/pprof/profile') return void cpu(req, res, url);
    if (path === '/debug/pprof/heap') return void heap(res);
    if (path === '/debug/pprof/cmdline') return text(res, 200, process.argv.join('\x00'));
    if (path.startsWith('/debug/pprof/')) return text(res, 404, 'Unknown profile\n');
    text(res, 404, '404 page not found\n');
  };

  return {
    /** The bound `host:port` while started. */
    get address() {
      return bound;
    },
    async start() {
      if (server) return;
      logger.info({ endpoint: cfg.endpoint }, 'Starting net/http/pprof server');
      if (cfg.block_profile_fraction !== 0 || cfg.mutex_profile_fraction !== 0) {
        logger.info('block_profile_fraction and mutex_profile_fraction have no effect in Node.js');
      }
      // Any method and path reaches `handle`; no write timeout, since a CPU profile answers after
      // up to MAX_PROFILE_SECONDS. A profile in flight at shutdown is cut at once (grace 0).
      const s = new HttpServer(endpointServerConfig(cfg.endpoint, { write_timeout: 0 }), { id: 'pprof', logger, shutdownGraceMs: 0 });
      s.fallback((call) => void handle(call.req, call.res));
      bound = await s.start();
      server = s;
      if (cfg.save_to_file) {
        // Go creates the file at start, so a bad path fails startup rather than shutdown.
        let file: FileHandle;
        try {
          file = await open(cfg.save_to_file, 'w');
        } catch (err) {
          server = undefined;
          bound = undefined;
          await s.shutdown();
          throw err;
        }
        lifetime = { profile: await startCpuProfile(), file };
      }
    },
    async shutdown() {
      const s = server;
      server = undefined;
      bound = undefined;
      if (s) await s.shutdown();
      const l = lifetime;
      lifetime = undefined;
      if (l) {
        try {
          const profile = await l.profile.stop();
          await l.file.writeFile(JSON.stringify(profile));
          logger.info({ path: cfg.save_to_file }, 'Wrote CPU profile');
        } finally {
          await l.file.close();
        }
      }
    },
  };
}
