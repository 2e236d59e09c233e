// Go-style `host:port` endpoints for the collector's own HTTP servers (self-metrics, health_check,
// zpages, pprof): the same parsing, the same bind errors users search for, and a close that does
// not wait for idle keep-alive connections.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Endpoint {
  /** undefined: every interface (Go's `:port`). */
  host: string | undefined;
  port: number;
}

/** Parses `host:port`, `:port` or `[v6]:port`, with Go's error text for a bad address. */
export function parseEndpoint(endpoint: string): Endpoint {
  const text = endpoint.trim();
  const bad = (why: string) => new Error(`address ${text}: ${why}`);
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw bad('missing \']\' in address');
    host = text.slice(1, end);
    if (text[end + 1] !== ':') throw bad('missing port in address');
    portText = text.slice(end + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw bad('missing port in address');
    host = text.slice(0, colon);
    if (host.includes(':')) throw bad('too many colons in address');
    portText = text.slice(colon + 1);
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw bad(`invalid port "${portText}"`);
  // Go listens on one address for a host name and prefers IPv4 (net/ipsock.go), so `localhost`
  // means 127.0.0.1 there; Node would pick ::1 on some systems.
  if (host === 'localhost') host = '127.0.0.1';
  return { host: host === '' ? undefined : host, port: Number(portText) };
}

/** `host:port` as Go prints a listener address; `[v6]:port` for IPv6 hosts. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
};

/**
 * Listens on `endpoint` and resolves with the bound address (the real port when 0 was asked).
 * Rejects with Go's `listen tcp <addr>: bind: <reason>` wording.
 */
export function listenHttp(server: Server, endpoint: string): Promise<string> {
  let ep: Endpoint;
  try {
    ep = parseEndpoint(endpoint);
  } catch (err) {
    return Promise.reject(new Error(`listen tcp: ${(err as Error).message}`));
  }
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason = (err.code && BIND_ERRORS[err.code]) ?? err.message;
      const prefix = err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? `lookup ${ep.host}` : 'bind';
      reject(new Error(`listen tcp ${endpoint}: ${prefix}: ${reason}`));
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address() as AddressInfo;
      resolve(formatHostPort(ep.host ?? '', addr.port));
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port: ep.port, host: ep.host });
  });
}

/** Stops listening and drops idle and in-flight connections; resolves once the port is free. */
export function closeHttp(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
