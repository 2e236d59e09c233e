// Registry entry for the prometheusremotewrite exporter (contrib exporter/prometheusremotewriteexporter
// v0.130.0). Loads only the config here; the exporter module is imported when one is created.

import type { ExporterFactory } from '../../../core/component.js';
import { prwExporterConfig, validatePrwExporter, type PrwExporterConfig } from './config.js';
import { createPrwExporter } from './exporter.js';

export const prometheusRemoteWriteExporterFactory: ExporterFactory<PrwExporterConfig> = {
  kind: 'exporter',
  type: 'prometheusremotewrite',
  description: 'Sends metrics to a Prometheus remote-write endpoint (Remote-Write 1.0 by default, 2.0 by option).',
  stability: { metrics: 'beta' },
  // Per-series order: with --workers, one process sends, so two workers never race samples of a series.
  placement: 'leader',
  config: prwExporterConfig,
  validate: validatePrwExporter,
  create: createPrwExporter,
};
