// Registry entry for the loki exporter (contrib exporter/lokiexporter v0.130.0, removed upstream
// in v0.131.0; the seed's `loki` and `loki/grafanacloud` exporters depend on it).

import type { ExporterFactory } from '../../../core/component.js';
import { lokiExporterConfig, validateLokiExporter, type LokiExporterConfig } from './config.js';
import { createLokiExporter } from './exporter.js';

export const lokiExporterFactory: ExporterFactory<LokiExporterConfig> = {
  kind: 'exporter',
  type: 'loki',
  description: 'Sends logs to Loki’s push API (snappy protobuf), labels from hints as the Go v0.130 loki exporter.',
  // Go v0.130's metadata says deprecated (2024-07-09; migration: Loki's native OTLP endpoint).
  stability: { logs: 'deprecated' },
  config: lokiExporterConfig,
  validate: validateLokiExporter,
  create: createLokiExporter,
};
