// Registry entry for the debug exporter.

import type { ExporterFactory } from '../../../core/component.js';
import { debugConfig, validateDebug, type DebugConfig, type Verbosity } from './config.js';
import { createTextExporter } from './exporter.js';

export const debugExporterFactory: ExporterFactory<DebugConfig> = {
  kind: 'exporter',
  type: 'debug',
  description: "Writes a summary, one line per item, or a full dump of each batch to the collector's log or stdout.",
  stability: { traces: 'alpha', metrics: 'alpha', logs: 'alpha' },
  config: debugConfig,
  validate: validateDebug,
  create: (ctx, cfg, signals) =>
    createTextExporter(
      ctx,
      {
        flavour: 'debug',
        verbosity: cfg.verbosity as Verbosity,
        samplingInitial: cfg.sampling_initial,
        samplingThereafter: cfg.sampling_thereafter,
        useInternalLogger: cfg.use_internal_logger,
        outputPaths: cfg.output_paths,
        queue: cfg.sending_queue,
      },
      signals,
    ),
};
