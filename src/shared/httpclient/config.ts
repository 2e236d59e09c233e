// The confighttp client settings (core `config/confighttp/client.go`), as one schema fragment
// every HTTP exporter spreads into its config. Header values are secrets (Go: configopaque).

import { s, type ConfigIssue, type Infer } from '../../core/schema.js';
import { authSettingsSchema } from '../auth/auth.js';
import { compressionParamsSchema, compressionSetting, validateCompression } from '../compression/config.js';
import { tlsClientSchema, validateTlsClient } from '../tls/config.js';

interface HttpClientDefaults {
  /** Go: otlp_http and loki use gzip; prometheusremotewrite snappy. */
  compression: string;
  timeout: number;
  write_buffer_size: number;
}

/** The client fields; exporters add `endpoint`-like keys of their own next to them. */
export function httpClientFields(over: Partial<HttpClientDefaults> = {}) {
  const d: HttpClientDefaults = { compression: 'gzip', timeout: 30_000, write_buffer_size: 0, ...over };
  return {
    endpoint: s.string('').doc('URL to send to; user-info (https://user:pass@host/) becomes a Basic Authorization header.'),
    proxy_url: s.string('').doc('Not supported by otelcol-ts; must be empty.'),
    tls: tlsClientSchema,
    headers: s.map(s.string().secret()).doc('Headers added to every request (values are secrets); they override the exporter’s own.'),
    timeout: s.duration(d.timeout).doc('Time limit for a whole HTTP request, response included; 0 = none.'),
    compression: compressionSetting(d.compression),
    compression_params: compressionParamsSchema,
    read_buffer_size: s.size(0).doc('Accepted for compatibility; Node sizes its socket buffers itself.'),
    write_buffer_size: s.size(d.write_buffer_size).doc('Accepted for compatibility; Node sizes its socket buffers itself.'),
    max_idle_conns: s.int(100).doc('Accepted for compatibility; idle connections close after idle_conn_timeout.'),
    max_idle_conns_per_host: s.int(0).doc('Accepted for compatibility, as max_idle_conns.'),
    max_conns_per_host: s.int(0).doc('Limit on connections to the endpoint, busy or idle; 0 = no limit.'),
    idle_conn_timeout: s.duration(90_000).doc('How long an idle keep-alive connection stays open.'),
    disable_keep_alives: s.bool(false).doc('Close the connection after every request.'),
    force_attempt_http2: s.bool(true).doc('Accepted for compatibility; otelcol-ts speaks HTTP/1.1 with keep-alive.'),
    http2_read_idle_timeout: s.duration(0).doc('Accepted for compatibility (HTTP/2 only).'),
    http2_ping_timeout: s.duration(0).doc('Accepted for compatibility (HTTP/2 only).'),
    auth: s.presence(authSettingsSchema).doc('Client authenticator extension: `auth: { authenticator: basicauth/x }`.'),
  };
}

export function httpClientSchema(over: Partial<HttpClientDefaults> = {}) {
  return s.object(httpClientFields(over));
}

export type HttpClientConfig = Infer<ReturnType<typeof httpClientFields>>;

/** Cross-field checks: TLS, compression, the refused proxy, a usable endpoint when one is given. */
export function validateHttpClient(cfg: HttpClientConfig, path: string[] = []): ConfigIssue[] {
  const out: ConfigIssue[] = [
    ...validateTlsClient(cfg.tls, [...path, 'tls']),
    ...validateCompression(cfg.compression, cfg.compression_params.level, [...path, 'compression']),
  ];
  if (cfg.proxy_url !== '') out.push({ path: [...path, 'proxy_url'], message: 'proxy_url is not supported by otelcol-ts' });
  if (cfg.endpoint !== '') {
    let url: URL | undefined;
    try {
      url = new URL(cfg.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      out.push({ path: [...path, 'endpoint'], message: `invalid endpoint "${cfg.endpoint}": must be an http:// or https:// URL` });
    }
  }
  if (cfg.auth && cfg.auth.authenticator === '')
    out.push({ path: [...path, 'auth', 'authenticator'], message: 'authenticator ID must not be empty' });
  return out;
}
