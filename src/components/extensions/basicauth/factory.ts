// Registry entry for the basicauth extension.

import type { ExtensionFactory } from '../../../core/component.js';
import { basicAuthConfig, validateBasicAuth, type BasicAuthConfig } from './config.js';
import { createBasicAuth } from './extension.js';

export const basicAuthFactory: ExtensionFactory<BasicAuthConfig> = {
  kind: 'extension',
  type: 'basicauth',
  description: 'HTTP Basic authentication: credentials for exporters (client_auth) or an htpasswd check for receivers.',
  stability: 'beta',
  config: basicAuthConfig,
  validate: validateBasicAuth,
  create: (ctx, cfg) => createBasicAuth(cfg, ctx.logger),
};
