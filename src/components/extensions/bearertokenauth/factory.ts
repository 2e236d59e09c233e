// Registry entry for the bearertokenauth extension.

import type { ExtensionFactory } from '../../../core/component.js';
import { bearerTokenAuthConfig, validateBearerTokenAuth, type BearerTokenAuthConfig } from './config.js';
import { createBearerTokenAuth } from './extension.js';

export const bearerTokenAuthFactory: ExtensionFactory<BearerTokenAuthConfig> = {
  kind: 'extension',
  type: 'bearertokenauth',
  description: 'Static bearer token: sent by exporters, checked by receivers; optionally read from a watched file.',
  stability: 'beta',
  config: bearerTokenAuthConfig,
  validate: validateBearerTokenAuth,
  create: (ctx, cfg) => createBearerTokenAuth(cfg, ctx.logger),
};
