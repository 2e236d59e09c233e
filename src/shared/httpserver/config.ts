// The confighttp server settings every HTTP receiver embeds (core `config/confighttp/server.go`
// `ServerConfig`, `NewDefaultServerConfig`), with each receiver's own endpoint and timeout defaults.

import { DecodeContext, s, type ConfigIssue, type Infer } from '../../core/schema.js';
import { tlsServerSchema, validateTlsServer } from '../tls/index.js';
import { authSettingsSchema } from '../auth/index.js';
import { DEFAULT_COMPRESSION_ALGORITHMS } from './body.js';
import { endpointProblem } from './listen.js';

export const DEFAULT_MAX_REQUEST_BODY_SIZE = 20 * 1024 * 1024;

interface HttpServerDefaults {
  endpoint: string;
  /** Go's confighttp: 0, 1m, 30s, 1m; the OTLP receiver sets all three to 0. */
  read_header_timeout?: number;
  write_timeout?: number;
  idle_timeout?: number;
}

const corsSchema = s.object({
  allowed_origins: s.list(s.string()).doc('Origins allowed to send cross-origin requests; `*` wildcards allowed.'),
  allowed_headers: s.list(s.string()).doc('Request headers allowed besides Accept, Content-Type and friends; `*` for any.'),
  exposed_headers: s.list(s.string()).doc('Response headers a browser may expose to the page.'),
  max_age: s.int(0).doc('Seconds a browser may cache a preflight answer (0: not sent).'),
});

/** configauth plus confighttp's `request_params`. */
const httpAuthSchema = s.object({
  ...authSettingsSchema.fields,
  request_params: s.list(s.string()).doc('Query parameters passed to the authenticator as if they were headers.'),
});

/** The confighttp fields, to spread into a receiver's own `s.object({...})`. */
export function httpServerFields(d: HttpServerDefaults) {
  return {
    endpoint: s.string(d.endpoint).doc('host:port to listen on (or a socket path with transport unix).'),
    transport: s.enum(['tcp', 'tcp4', 'tcp6', 'unix'] as const, 'tcp').doc('Network to listen on.'),
    tls: s.presence(tlsServerSchema).doc('Serve HTTPS with this certificate.'),
    cors: s.presence(corsSchema).doc('Cross-origin resource sharing for browser clients.'),
    auth: s.presence(httpAuthSchema).doc('Authenticate every request with an authenticator extension.'),
    max_request_body_size: s
      .size(DEFAULT_MAX_REQUEST_BODY_SIZE)
      .doc('Largest accepted body in bytes, checked on the received and on the decompressed bytes (0: 20 MiB).'),
    include_metadata: s.bool(false).doc('Pass the request headers down the pipeline as client metadata.'),
    response_headers: s.map(s.string()).doc('Headers added to every response.'),
    compression_algorithms: s.list(s.string(), [...DEFAULT_COMPRESSION_ALGORITHMS]).doc('Content-Encodings accepted ("" = uncompressed).'),
    read_timeout: s.duration(0).doc('Limit on reading a whole request, body included (0: none of our own).'),
    read_header_timeout: s.duration(d.read_header_timeout ?? 60_000).doc('Limit on reading request headers (0: read_timeout).'),
    write_timeout: s.duration(d.write_timeout ?? 30_000).doc('Limit on producing the response (0: none).'),
    idle_timeout: s.duration(d.idle_timeout ?? 60_000).doc('How long a kept-alive connection may sit idle (0: read_timeout).'),
    keep_alives_enabled: s.bool(true).doc('Keep connections open between requests.'),
  };
}

export function httpServerSchema(d: HttpServerDefaults) {
  return s.object(httpServerFields(d));
}

export type HttpServerConfig = Infer<ReturnType<typeof httpServerFields>>;

/** Config-time checks; `path` is where the settings sit in the component's config. */
export function validateHttpServer(cfg: HttpServerConfig, path: string[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ep = endpointProblem(cfg.endpoint, cfg.transport);
  if (ep) issues.push({ path: [...path, 'endpoint'], message: ep });
  if (cfg.tls) issues.push(...validateTlsServer(cfg.tls, [...path, 'tls']));
  if (cfg.auth && cfg.auth.authenticator === '') {
    issues.push({ path: [...path, 'auth', 'authenticator'], message: 'authenticator must be set' });
  }
  return issues;
}

/**
 * Settings for a server configured by its endpoint alone (the collector's own endpoints: the
 * health_check, zpages and pprof extensions, self-metrics): confighttp's defaults with `timeouts`
 * overriding them (e.g. write_timeout 0 where a response may take minutes, as a CPU profile).
 */
export function endpointServerConfig(endpoint: string, timeouts: Omit<HttpServerDefaults, 'endpoint'> = {}): HttpServerConfig {
  return httpServerSchema({ endpoint, ...timeouts }).decode({}, [], new DecodeContext());
}
