// Registry entry for the logging exporter (removed upstream; kept for old configs).

import type { ExporterFactory } from '../../../core/component.js';
import { loggingConfig, validateLogging, type LoggingConfig } from './config.js';
import { createLoggingExporter } from './exporter.js';

export const loggingExporterFactory: ExporterFactory<LoggingConfig> = {
  kind: 'exporter',
  type: 'logging',
  description: "Deprecated predecessor of debug: logs a summary (and at detailed verbosity every item) to the collector's log.",
  stability: { traces: 'deprecated', metrics: 'deprecated', logs: 'deprecated' },
  config: loggingConfig,
  validate: validateLogging,
  create: (ctx, cfg, signals) => createLoggingExporter(ctx, cfg, signals),
};
