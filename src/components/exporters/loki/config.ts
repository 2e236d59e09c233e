// loki exporter configuration (contrib exporter/lokiexporter/{config.go,factory.go} v0.130.0):
// confighttp client settings with a 30s timeout and no compression (the body is already snappy),
// retry_on_failure, sending_queue, and default_labels_enabled. Go disables the exporterhelper
// timeout and relies on the HTTP client's `timeout`.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { queueSchema, retrySchema, validateQueue, validateRetry } from '../../../shared/exporterhelper/index.js';
import { httpClientFields, validateHttpClient } from '../../../shared/httpclient/index.js';

export const lokiExporterConfig = s.object({
  ...httpClientFields({ compression: '', timeout: 30_000, write_buffer_size: 512 * 1024 }),
  // Not declared secret (Go's is a plain string); a value from ${env:…}, as the seed's Grafana
  // Cloud URL with `user:token@` is, is a secret anyway and redacted by print-config.
  endpoint: s.string('').doc('Loki push URL, e.g. http://loki:3100/loki/api/v1/push; user-info becomes a Basic Authorization header.'),
  default_labels_enabled: s
    .map(s.bool())
    .doc('Default labels to add or not: exporter (exporter="OTLP"), job, instance, level; a label missing from the map is on.'),
  retry_on_failure: retrySchema(),
  sending_queue: queueSchema(),
});

export type LokiExporterConfig = Infer<(typeof lokiExporterConfig)['fields']>;

export function validateLokiExporter(cfg: LokiExporterConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  let valid = cfg.endpoint !== '';
  if (valid) {
    try {
      new URL(cfg.endpoint);
    } catch {
      valid = false;
    }
  }
  // Go's text; url.Parse accepts more than WHATWG URL, but such an endpoint fails every send there.
  if (!valid) out.push({ path: ['endpoint'], message: '"endpoint" must be a valid URL' });
  out.push(...validateHttpClient(cfg), ...validateRetry(cfg.retry_on_failure), ...validateQueue(cfg.sending_queue));
  return out;
}
