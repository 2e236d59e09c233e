// Registry entry for the zpages extension.

import type { ExtensionFactory } from '../../../core/component.js';
import { validateZpages, zpagesConfig, type ZpagesConfig } from './config.js';
import { createZpages } from './extension.js';

export const zpagesFactory: ExtensionFactory<ZpagesConfig> = {
  kind: 'extension',
  type: 'zpages',
  description: 'HTML pages about the running collector: service, pipelines, extensions.',
  stability: 'beta',
  placement: 'leader', // one endpoint for the whole collector
  config: zpagesConfig,
  validate: validateZpages,
  create: (ctx, cfg) => createZpages(cfg, ctx.logger),
};
