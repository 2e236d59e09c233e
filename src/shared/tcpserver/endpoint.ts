// Where a TCP listener binds: Go's `host:port` (confignet TCPAddrConfig) or, for the receivers
// Go lets listen on a socket file (fluentforward: `unix://` prefix in contrib
// `receiver/fluentforwardreceiver/server.go`), `unix:///path/to.sock`.

import { lstat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { parseEndpoint } from '../httpserver/listen.js';

type TcpEndpoint = { kind: 'tcp'; text: string } | { kind: 'unix'; path: string };

const UNIX_PREFIX = 'unix://';

/** Parses `host:port` or `unix://path`; throws Go's `address …: missing port in address` wording. */
export function parseTcpEndpoint(endpoint: string): TcpEndpoint {
  const text = endpoint.trim();
  if (text.startsWith(UNIX_PREFIX)) {
    const path = text.slice(UNIX_PREFIX.length);
    if (path === '') throw new Error(`address ${text}: a unix socket path is required`);
    return { kind: 'unix', path };
  }
  parseEndpoint(text);
  return { kind: 'tcp', text };
}

/** A config-time check: the error text, or undefined when the endpoint parses. */
export function tcpEndpointProblem(endpoint: string): string | undefined {
  try {
    parseTcpEndpoint(endpoint);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Removes a socket file left by a process that died without unlinking it. A socket some live
 * process still answers on is left alone, so the bind then fails with "address already in use".
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return;
  }
  if (!st.isSocket()) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (!alive) await unlink(path).catch(() => undefined);
}
