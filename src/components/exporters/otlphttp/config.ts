// otlphttp exporter configuration (core `exporter/otlphttpexporter/{config.go,factory.go}`):
// confighttp client settings with gzip, a 30s request timeout and a 512 KiB write buffer, the
// per-signal URLs, `encoding`, retry_on_failure and sending_queue. There is no separate
// exporterhelper timeout: Go disables it and relies on the HTTP client's `timeout`.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import type { Signal } from '../../../core/payload.js';
import { queueSchema, retrySchema, validateQueue, validateRetry } from '../../../shared/exporterhelper/index.js';
import { httpClientFields, validateHttpClient } from '../../../shared/httpclient/index.js';
import { HTTP_PATHS } from '../../../shared/otlpexport/index.js';

const ENCODINGS = ['proto', 'json'] as const;

export const otlpHttpConfig = s.object({
  ...httpClientFields({ compression: 'gzip', timeout: 30_000, write_buffer_size: 512 * 1024 }),
  traces_endpoint: s.string('').doc('URL for traces (default: endpoint + /v1/traces).'),
  metrics_endpoint: s.string('').doc('URL for metrics (default: endpoint + /v1/metrics).'),
  logs_endpoint: s.string('').doc('URL for logs (default: endpoint + /v1/logs).'),
  profiles_endpoint: s.string('').doc('Accepted for Go compatibility; otelcol-ts has no profiles signal.'),
  encoding: s.string('proto').doc('Request body encoding: proto (application/x-protobuf) or json (application/json).'),
  retry_on_failure: retrySchema(),
  sending_queue: queueSchema(),
});

export type OtlpHttpConfig = Infer<(typeof otlpHttpConfig)['fields']>;

const SIGNAL_KEYS: Record<Signal, 'traces_endpoint' | 'metrics_endpoint' | 'logs_endpoint'> = {
  traces: 'traces_endpoint',
  metrics: 'metrics_endpoint',
  logs: 'logs_endpoint',
};

function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Go's composeSignalURL: the signal's own URL, else `endpoint` + `/v1/<signal>` (no doubled
 * slash). Throws Go's error when neither is set.
 */
export function signalUrl(cfg: OtlpHttpConfig, signal: Signal): string {
  const own = cfg[SIGNAL_KEYS[signal]];
  if (own !== '') return own;
  if (cfg.endpoint === '') throw new Error(`either endpoint or ${SIGNAL_KEYS[signal]} must be specified`);
  return cfg.endpoint.endsWith('/') ? cfg.endpoint + HTTP_PATHS[signal] : `${cfg.endpoint}/${HTTP_PATHS[signal]}`;
}

export function validateOtlpHttp(cfg: OtlpHttpConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (cfg.endpoint === '' && cfg.traces_endpoint === '' && cfg.metrics_endpoint === '' && cfg.logs_endpoint === '' && cfg.profiles_endpoint === '') {
    out.push({ path: [], message: 'at least one endpoint must be specified' });
  }
  if (!(ENCODINGS as readonly string[]).includes(cfg.encoding)) {
    out.push({ path: ['encoding'], message: `invalid encoding type: ${cfg.encoding}` });
  }
  for (const key of ['traces_endpoint', 'metrics_endpoint', 'logs_endpoint', 'profiles_endpoint'] as const) {
    const name = key.slice(0, -'_endpoint'.length);
    if (cfg[key] !== '' && !isHttpUrl(cfg[key])) out.push({ path: [key], message: `${name}_endpoint must be a valid URL` });
  }
  out.push(...validateHttpClient(cfg), ...validateRetry(cfg.retry_on_failure), ...validateQueue(cfg.sending_queue));
  return out;
}
