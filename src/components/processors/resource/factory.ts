import type { ProcessorFactory } from '../../../core/component.js';
import { AttrProc } from '../../../shared/attraction/attrproc.js';
import { compileActions, configError } from '../../../shared/attraction/config.js';
import { resourceConfig, validateResource, type ResourceConfig } from './config.js';
import { ResourceProcessor } from './processor.js';

export const resourceProcessorFactory: ProcessorFactory<ResourceConfig> = {
  kind: 'processor',
  type: 'resource',
  description: 'Inserts, updates, deletes, hashes, extracts and converts resource attributes',
  stability: { traces: 'beta', metrics: 'beta', logs: 'beta' },
  mutatesData: true,
  config: resourceConfig,
  validate: validateResource,
  create(ctx, cfg, _signal, next) {
    const { actions, issues } = compileActions(cfg.attributes, ['attributes']);
    if (issues.length) throw configError(ctx.id, issues);
    return new ResourceProcessor(new AttrProc(actions), next);
  },
};
