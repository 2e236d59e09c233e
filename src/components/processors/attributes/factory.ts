import type { ProcessorFactory } from '../../../core/component.js';
import { AttrProc } from '../../../shared/attraction/attrproc.js';
import { compileActions, configError } from '../../../shared/attraction/config.js';
import { compileLogSkip, compileMetricSkip, compileSpanSkip } from '../../../shared/filtermatch/matcher.js';
import { attributesConfig, validateAttributes, type AttributesConfig } from './config.js';
import { AttributesProcessor, type Skip } from './processor.js';

export const attributesProcessorFactory: ProcessorFactory<AttributesConfig> = {
  kind: 'processor',
  type: 'attributes',
  description: 'Inserts, updates, deletes, hashes, extracts and converts span, log and data point attributes',
  stability: { traces: 'beta', metrics: 'beta', logs: 'beta' },
  mutatesData: true,
  config: attributesConfig,
  validate: validateAttributes,
  create(ctx, cfg, signal, next) {
    const { actions, issues } = compileActions(cfg.actions);
    let skip: Skip;
    if (signal === 'traces') skip = compileSpanSkip(cfg, issues);
    else if (signal === 'logs') skip = compileLogSkip(cfg, issues);
    else skip = compileMetricSkip(cfg, issues);
    // Signal-specific include/exclude rules fail here, as Go fails at create (e.g. log_bodies in a traces pipeline).
    if (issues.length) throw configError(ctx.id, issues);
    return new AttributesProcessor(signal, new AttrProc(actions), skip, next);
  },
};
