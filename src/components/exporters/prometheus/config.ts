// prometheus exporter options and defaults (contrib `exporter/prometheusexporter/{config.go,factory.go}`, v0.130).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const prometheusConfig = s.object({
  endpoint: s.string('').doc('Address `/metrics` is served on, host:port (required).'),
  namespace: s.string('').doc('Prefix added to every metric name as `<namespace>_` (non letters/digits become `_`).'),
  const_labels: s.map(s.string()).doc('Labels added to every exported series (not to target_info).'),
  send_timestamps: s.bool(false).doc("Serve each sample with its data point's timestamp."),
  metric_expiration: s.duration(5 * 60_000).doc('A series not updated for this long is dropped.'),
  resource_to_telemetry_conversion: s.object({
    enabled: s.bool(false).doc('Add every resource attribute as a label.'),
  }),
  enable_open_metrics: s.bool(false).doc('Serve OpenMetrics (with exemplars) to scrapers that ask for it.'),
  add_metric_suffixes: s.bool(true).doc('Add unit suffixes (`_seconds`, `_bytes`, `_ratio`…) and `_total` to monotonic sums.'),
});

export type PrometheusConfig = Infer<typeof prometheusConfig.fields>;

export function validatePrometheus(cfg: PrometheusConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Go refuses a blank endpoint when the exporter is created (prometheus.go errBlankPrometheusAddress).
  if (cfg.endpoint.trim() === '') issues.push({ path: ['endpoint'], message: 'expecting a non-blank address to run the Prometheus metrics handler' });
  return issues;
}
