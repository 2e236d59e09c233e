// Authenticator extensions as components see them (Go: extension/extensionauth, config/
// configauth). An extension offers client auth through a `clientAuth` property and server auth
// through a `serverAuth` property; components look them up by the ID in `auth.authenticator`.

import { s } from '../../core/schema.js';
import type { Host } from '../../core/component.js';

/** Adds credentials to outgoing requests (HTTP headers, or gRPC metadata with lower-cased keys). */
export interface ClientAuthenticator {
  authHeaders(): Promise<Record<string, string>> | Record<string, string>;
  /**
   * gRPC clients refuse to send these credentials over a plaintext channel, as grpc-go's
   * PerRPCCredentials.RequireTransportSecurity() makes them (both basicauth and bearertokenauth do).
   */
  readonly requiresTransportSecurity?: boolean;
}

/** Checks incoming request headers; resolves to the auth data stored in the request context. */
export interface ServerAuthenticator {
  /** Header names are lower-case (Node's and gRPC metadata's convention); lookups must not depend on it. */
  authenticate(headers: Record<string, string | string[] | undefined>): Promise<Record<string, unknown>>;
}

/** A refusal of the credentials: servers answer 401 (HTTP) or UNAUTHENTICATED (gRPC). */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

/** The `auth` section of confighttp / configgrpc settings. */
export const authSettingsSchema = s.object({
  authenticator: s.string('').doc('ID of the authenticator extension, e.g. basicauth/client.'),
});

function isClient(v: unknown): v is ClientAuthenticator {
  return typeof v === 'object' && v !== null && typeof (v as ClientAuthenticator).authHeaders === 'function';
}

function isServer(v: unknown): v is ServerAuthenticator {
  return typeof v === 'object' && v !== null && typeof (v as ServerAuthenticator).authenticate === 'function';
}

function notFound(id: string): Error {
  return new Error(`failed to resolve authenticator "${id}": authenticator not found`);
}

/** The client authenticator of extension `id` (Go: configauth GetHTTPClientAuthenticator / GetGRPCClientAuthenticator). */
export function resolveClientAuth(host: Host, id: string, transport: 'HTTP' | 'gRPC' = 'HTTP'): ClientAuthenticator {
  const ext = host.getExtension(id);
  if (!ext) throw notFound(id);
  const auth = ext.clientAuth;
  if (!isClient(auth)) throw new Error(`requested authenticator is not a ${transport} client authenticator`);
  return auth;
}

/** The server authenticator of extension `id` (Go: configauth GetServerAuthenticator). */
export function resolveServerAuth(host: Host, id: string): ServerAuthenticator {
  const ext = host.getExtension(id);
  if (!ext) throw notFound(id);
  const auth = ext.serverAuth;
  if (!isServer(auth)) throw new Error('requested authenticator is not a server authenticator');
  return auth;
}

/** The first value of header `name`, matched case-insensitively (Go's getAuthHeader falls back the same way). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== want || v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) return first;
  }
  return undefined;
}
