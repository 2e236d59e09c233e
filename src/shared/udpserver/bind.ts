// Binding a UDP socket to a Go-style `host:port` with Go's error wording
// (`listen udp 127.0.0.1:6831: bind: address already in use`). `:port` binds every interface,
// IPv4 and IPv6 where the host has IPv6, as Go's `net.ListenPacket("udp", ":port")` does.

import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { parseEndpoint } from '../httpserver/listen.js';

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
};

function bindOnce(type: 'udp4' | 'udp6', host: string, port: number, recvBufferSize?: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type, ...(recvBufferSize ? { recvBufferSize } : {}) });
    const onError = (err: NodeJS.ErrnoException) => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind({ address: host, port }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Binds `endpoint` (`host:port`, `:port`, `[v6]:port`); `recvBufferSize` sets SO_RCVBUF (the
 * kernel caps it at net.core.rmem_max). Rejects with Go's `listen udp …` wording.
 */
export async function bindUdp(endpoint: string, recvBufferSize?: number): Promise<dgram.Socket> {
  let host: string | undefined;
  let port: number;
  try {
    ({ host, port } = parseEndpoint(endpoint));
  } catch (err) {
    throw new Error(`listen udp: ${(err as Error).message}`);
  }
  const fail = (err: NodeJS.ErrnoException, prefix = 'bind') =>
    new Error(`listen udp ${endpoint}: ${prefix}: ${(err.code && BIND_ERRORS[err.code]) ?? err.message}`);
  if (host === undefined) {
    try {
      return await bindOnce('udp6', '::', port, recvBufferSize);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No IPv6 on this host: the IPv4 wildcard is what `:port` can still mean.
      if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw fail(err as NodeJS.ErrnoException);
    }
    try {
      return await bindOnce('udp4', '0.0.0.0', port, recvBufferSize);
    } catch (err) {
      throw fail(err as NodeJS.ErrnoException);
    }
  }
  let address = host;
  if (!net.isIP(host)) {
    try {
      address = (await lookup(host)).address;
    } catch (err) {
      throw fail(err as NodeJS.ErrnoException, `lookup ${host}`);
    }
  }
  try {
    return await bindOnce(net.isIPv6(address) ? 'udp6' : 'udp4', address, port, recvBufferSize);
  } catch (err) {
    throw fail(err as NodeJS.ErrnoException);
  }
}

/** `host:port` as Go prints the bound address of `socket`. */
export function udpAddress(socket: dgram.Socket): string {
  const a = socket.address();
  return a.family === 'IPv6' || a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
