import type { ProcessorFactory } from '../../../core/component.js';
import { configError } from '../../../shared/attraction/config.js';
import { filterConfig, type FilterConfig } from './config.js';
import { FilterProcessor } from './processor.js';
import { compileRules } from './rules.js';

export const filterProcessorFactory: ProcessorFactory<FilterConfig> = {
  kind: 'processor',
  type: 'filter',
  description: 'Drops spans, span events, metrics, data points and log records matching OTTL conditions or include/exclude rules',
  stability: { traces: 'alpha', metrics: 'alpha', logs: 'alpha' },
  mutatesData: true,
  config: filterConfig,
  validate: (cfg) => compileRules(cfg).issues,
  create(ctx, cfg, signal, next) {
    const { rules, issues } = compileRules(cfg);
    if (issues.length) throw configError(ctx.id, issues);
    // Go's filterprocessor telemetry.go: otelcol_processor_filter_{spans,datapoints,logs}.filtered{filter=<id>}.
    const noun = signal === 'traces' ? 'spans' : signal === 'metrics' ? 'datapoints' : 'logs';
    const counter = ctx.telemetry?.counter(`otelcol_processor_filter_${noun}_filtered`, {
      help: `Number of ${noun === 'logs' ? 'log records' : noun === 'spans' ? 'spans' : 'metric data points'} dropped by the filter processor`,
      unit: '1',
    });
    const labels = { filter: ctx.id };
    return new FilterProcessor(signal, rules, next, counter ? (n) => counter.add(n, labels) : undefined);
  },
};
