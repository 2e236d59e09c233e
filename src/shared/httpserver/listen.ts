// Binding a receiver's listener (HTTP, HTTPS or HTTP/2) to a Go-style endpoint: `host:port`,
// `:port`, `[v6]:port`, or a socket path for `transport: unix` (confignet). Bind failures carry
// Go's `listen tcp <addr>: bind: <reason>` wording so users can search for them. TLS listeners
// pick up renewed certificates here too.

import type { Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from 'pino';
import { parseEndpoint, formatHostPort, type Endpoint } from './endpoint.js';
import { loadServerTls, tlsFiles, watchTlsFiles, type TlsServerConfig } from '../tls/index.js';

export { parseEndpoint };

type Transport = 'tcp' | 'tcp4' | 'tcp6' | 'unix';

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
};

/** A config-time check of `endpoint`: the error text, or undefined when it parses. */
export function endpointProblem(endpoint: string, transport: Transport = 'tcp'): string | undefined {
  if (transport === 'unix') return endpoint.trim() === '' ? 'a unix socket path is required' : undefined;
  try {
    parseEndpoint(endpoint);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Listens and resolves with the bound address as Go prints it (the real port when 0 was asked,
 * the path for a unix socket).
 */
export function listenServer(server: Server, endpoint: string, transport: Transport = 'tcp'): Promise<string> {
  let ep: Endpoint | undefined;
  if (transport !== 'unix') {
    try {
      ep = parseEndpoint(endpoint);
    } catch (err) {
      return Promise.reject(new Error(`listen ${transport}: ${(err as Error).message}`));
    }
  }
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason = (err.code && BIND_ERRORS[err.code]) ?? err.message;
      const prefix = err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? `lookup ${ep?.host}` : 'bind';
      reject(new Error(`listen ${transport} ${endpoint}: ${prefix}: ${reason}`));
    };
    const onListening = () => {
      server.off('error', onError);
      if (!ep) return resolve(endpoint);
      const addr = server.address() as AddressInfo;
      resolve(formatHostPort(ep.host ?? '', addr.port));
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (!ep) server.listen({ path: endpoint });
    else {
      // Go's `tcp4`/`tcp6` restrict the family; with no host that means the family's wildcard.
      const host = ep.host ?? (transport === 'tcp4' ? '0.0.0.0' : transport === 'tcp6' ? '::' : undefined);
      server.listen({ port: ep.port, host, ipv6Only: transport === 'tcp6' });
    }
  });
}

/**
 * Serves fresh certificates to new handshakes when `tls.reload_interval` is set (Go's configtls
 * reloader); a failed reload keeps the previous ones. Returns the function that stops watching.
 */
export function watchServerTls(server: TlsServer, cfg: TlsServerConfig, logger: Logger): () => void {
  return watchTlsFiles(
    tlsFiles(cfg),
    cfg.reload_interval,
    () => loadServerTls(cfg)!,
    (opts) => server.setSecureContext(opts),
    (err) => logger.warn({ err: err.message }, 'TLS certificate reload failed; keeping the previous certificate'),
  );
}
