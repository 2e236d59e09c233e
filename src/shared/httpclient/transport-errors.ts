// Network failures in the words of Go's net/http client (`failed to make an HTTP request: Post
// "<url>": dial tcp 127.0.0.1:4318: connect: connection refused`), so log searches written for
// the Go collector keep working. All of them are retryable, as in Go.

import { ConsumerError } from '../../core/consumer.js';
import { redactSecrets } from '../exporterhelper/redact.js';

interface NetError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  syscall?: string;
}

function rootCause(err: unknown): NetError {
  let e = err as NetError & { cause?: unknown };
  for (let i = 0; i < 5 && e && typeof e === 'object' && e.cause && !e.code; i++) e = e.cause as NetError & { cause?: unknown };
  return e;
}

function describe(err: unknown, url: URL): string {
  const e = rootCause(err);
  const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  const addr = e.address ? `${e.address}:${e.port ?? ''}` : hostPort;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${e.hostname ?? url.hostname}: no such host`;
    case 'ECONNRESET':
      return `read tcp ${hostPort}: read: connection reset by peer`;
    case 'EPIPE':
      return `write tcp ${hostPort}: write: broken pipe`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'EOF';
    default:
      return e?.message ?? String(err);
  }
}

/** A transport failure as a retryable ConsumerError; `url` must already be free of user-info. */
export function transportError(method: string, url: URL, err: unknown, timedOut: boolean): ConsumerError {
  const method_ = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  const why = timedOut ? 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' : describe(err, url);
  return ConsumerError.retryable(redactSecrets(`failed to make an HTTP request: ${method_} "${url.toString()}": ${why}`), undefined, err);
}
