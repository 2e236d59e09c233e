// Registry entry for the prometheus exporter.

import type { ExporterFactory } from '../../../core/component.js';
import { prometheusConfig, validatePrometheus, type PrometheusConfig } from './config.js';
import { createPrometheusExporter } from './exporter.js';

export const prometheusExporterFactory: ExporterFactory<PrometheusConfig> = {
  kind: 'exporter',
  type: 'prometheus',
  description: 'Accumulates metrics and serves them at GET /metrics for scraping (Prometheus text 0.0.4; OpenMetrics 1.0 when enabled).',
  stability: { metrics: 'beta' },
  // One endpoint and one accumulated state: workers forward their metrics to the leader.
  placement: 'leader',
  config: prometheusConfig,
  validate: validatePrometheus,
  create: (ctx, cfg) => createPrometheusExporter(ctx, cfg),
};
