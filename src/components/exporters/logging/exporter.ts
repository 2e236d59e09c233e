// The logging exporter: the debug exporter's implementation in its `logging` flavour (summary
// messages `TracesExporter`…, items printed only at detailed verbosity), kept so configs written
// for the 2023 collector keep running. Creating one logs a single deprecation warning.

import type { CreateContext, Exporter } from '../../../core/component.js';
import type { Signal } from '../../../pdata/index.js';
import { LEVEL_TEXT, type Verbosity } from '../debug/config.js';
import { createTextExporter } from '../debug/exporter.js';
import { effectiveLevel, type LoggingConfig } from './config.js';

export const DEPRECATION_MESSAGE =
  'The logging exporter is deprecated and was removed from the Go collector in v0.111.0; use the debug exporter instead.';

export function createLoggingExporter(ctx: CreateContext, cfg: LoggingConfig, signals: ReadonlySet<Signal>): Exporter {
  const verbosity = effectiveLevel(cfg) as Verbosity;
  // One warning carrying what Go said in two: the exporter's deprecation (v0.110 factory.go) and,
  // when `loglevel` is used, its equivalent verbosity (common/factory.go, createLogger).
  const fields: Record<string, string> = {};
  if (cfg.loglevel !== undefined) {
    fields.loglevel = cfg.loglevel;
    fields['equivalent verbosity level'] = LEVEL_TEXT[verbosity];
  }
  ctx.logger.warn(fields, DEPRECATION_MESSAGE);
  return createTextExporter(
    ctx,
    {
      flavour: 'logging',
      verbosity,
      samplingInitial: cfg.sampling_initial,
      samplingThereafter: cfg.sampling_thereafter,
      useInternalLogger: true,
    },
    signals,
  );
}
