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
    return new FilterProcessor(signal, rules, next);
  },
};
