// prometheus exporter options and defaults (contrib `exporter/prometheusexporter/{config.go,factory.go}`, v0.130).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const prometheusConfig = s.object({
  endpoint: s.string('').doc('Address `/metrics` is served on, host:port (required).'),
  namespace: s.string('').doc('Prefix added to every metric name as `<namespace>_`.'),
  const_labels: s.map(s.string()).doc('Labels added to every exported series.'),
  send_timestamps: s.bool(false).doc('Accepted for compatibility; samples are served without timestamps (a warning says so when true).'),
  metric_expiration: s.duration(5 * 60_000).doc('A series not updated for this long is dropped.'),
  resource_to_telemetry_conversion: s.object({
    enabled: s.bool(false).doc('Add every resource attribute as a label.'),
  }),
  enable_open_metrics: s.bool(false).doc('OpenMetrics output; not supported yet (true is a config error).'),
  add_metric_suffixes: s.bool(true).doc('Add `_total` to monotonic sums.'),
});

export type PrometheusConfig = Infer<typeof prometheusConfig.fields>;

export function validatePrometheus(cfg: PrometheusConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cfg.endpoint === '') issues.push({ path: ['endpoint'], message: 'endpoint is required' });
  if (cfg.enable_open_metrics) {
    issues.push({ path: ['enable_open_metrics'], message: 'enable_open_metrics: OpenMetrics output is not supported yet' });
  }
  return issues;
}
