// Why a connection could not be made or was lost, in grpc-go's words (`connection error: desc =
// "transport: Error while dialing: dial tcp 10.0.0.5:4317: connect: connection refused"`), so
// log searches written for the Go collector keep matching. Every one of them is UNAVAILABLE.

import type { GrpcTarget } from './target.js';

interface NetError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|CERT_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

function rootCause(err: unknown): NetError {
  let e = err as NetError;
  for (let i = 0; i < 5 && e && typeof e === 'object' && e.cause && !e.code; i++) e = e.cause as NetError;
  return e;
}

function dialTarget(t: GrpcTarget, e: NetError): string {
  if (t.kind === 'unix') return `unix ${t.path}`;
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `tcp ${e.address ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port ?? t.port}` : `${host}:${t.port}`}`;
}

/** The grpc-go description of a failure to establish the connection. */
export function dialErrorText(err: unknown, t: GrpcTarget): string {
  const e = rootCause(err);
  const code = e?.code ?? '';
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(e?.message ?? '')) {
    return `connection error: desc = "transport: authentication handshake failed: ${e?.message ?? String(err)}"`;
  }
  let why: string;
  switch (code) {
    case 'ECONNREFUSED':
      why = `dial ${dialTarget(t, e)}: connect: connection refused`;
      break;
    case 'ENOENT':
      why = `dial ${dialTarget(t, e)}: connect: no such file or directory`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      why = `dial tcp: lookup ${e.hostname ?? (t.kind === 'tcp' ? t.host : t.path)}: no such host`;
      break;
    case 'ETIMEDOUT':
      why = `dial ${dialTarget(t, e)}: i/o timeout`;
      break;
    case 'EHOSTUNREACH':
      why = `dial ${dialTarget(t, e)}: connect: no route to host`;
      break;
    case 'ENETUNREACH':
      why = `dial ${dialTarget(t, e)}: connect: network is unreachable`;
      break;
    case 'ECONNRESET':
      return 'connection error: desc = "error reading server preface: read: connection reset by peer"';
    default:
      why = e?.message ?? String(err);
  }
  return `connection error: desc = "transport: Error while dialing: ${why}"`;
}

/** The grpc-go description of an established connection that went away under a call. */
export function lostConnectionText(err: unknown): string {
  const e = rootCause(err);
  if (e?.code === 'ECONNRESET') return 'error reading from server: read: connection reset by peer';
  if (e?.message) return `connection error: desc = "${e.message}"`;
  return 'error reading from server: EOF';
}
