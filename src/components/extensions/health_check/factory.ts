// Registry entry for the health_check extension.

import type { ExtensionFactory } from '../../../core/component.js';
import { healthCheckConfig, validateHealthCheck, type HealthCheckConfig } from './config.js';
import { createHealthCheck } from './extension.js';

export const healthCheckFactory: ExtensionFactory<HealthCheckConfig> = {
  kind: 'extension',
  type: 'health_check',
  description: 'HTTP endpoint answering 200 while the collector runs its pipelines, 503 otherwise.',
  stability: 'beta',
  placement: 'leader', // one endpoint for the whole collector (200 once every worker is ready)
  config: healthCheckConfig,
  validate: validateHealthCheck,
  create: (ctx, cfg) => createHealthCheck(cfg, ctx.logger),
};
