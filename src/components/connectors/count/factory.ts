import type { ConnectorFactory } from '../../../core/component.js';
import { countConfig, validateCount, type CountConfig } from './config.js';
import { CountConnector } from './connector.js';

export const countConnectorFactory: ConnectorFactory<CountConfig> = {
  kind: 'connector',
  type: 'count',
  description: 'Counts spans, span events, metrics, data points and log records into metrics',
  pairs: [
    { from: 'traces', to: 'metrics', stability: 'alpha' },
    { from: 'metrics', to: 'metrics', stability: 'alpha' },
    { from: 'logs', to: 'metrics', stability: 'alpha' },
  ],
  // Each batch's counts are emitted at once, so a copy per process gives the same output.
  placement: 'every',
  config: countConfig,
  validate: validateCount,
  create(_ctx, cfg, _from, _to, next) {
    return new CountConnector(cfg, next);
  },
};
