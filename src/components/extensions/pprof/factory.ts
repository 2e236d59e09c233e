// Registry entry for the pprof extension.

import type { ExtensionFactory } from '../../../core/component.js';
import { pprofConfig, type PprofConfig } from './config.js';
import { createPprof } from './extension.js';

export const pprofFactory: ExtensionFactory<PprofConfig> = {
  kind: 'extension',
  type: 'pprof',
  description: 'On-demand V8 CPU profiles and heap snapshots over HTTP (the Node counterpart of Go net/http/pprof).',
  stability: 'beta',
  placement: 'leader', // profiles the leader; one endpoint
  config: pprofConfig,
  create: (ctx, cfg) => createPprof(cfg, ctx.logger),
};
