import type { ConnectorFactory } from '../../../core/component.js';
import { spanMetricsConfig, validateSpanMetrics, type SpanMetricsConfig } from './config.js';
import { SpanMetricsConnector } from './connector.js';

export const spanMetricsConnectorFactory: ConnectorFactory<SpanMetricsConfig> = {
  kind: 'connector',
  type: 'spanmetrics',
  // Go renamed the type to span_metrics after v0.130 and keeps spanmetrics as an alias; both load.
  aliases: [{ name: 'span_metrics', deprecated: false }],
  description: 'Aggregates request, error and duration (R.E.D.) metrics from spans',
  pairs: [{ from: 'traces', to: 'metrics', stability: 'alpha' }],
  // The series live across calls and are flushed on a timer: one owner (the leader under --workers).
  placement: 'leader',
  config: spanMetricsConfig,
  validate: validateSpanMetrics,
  create(ctx, cfg, _from, _to, next) {
    return new SpanMetricsConnector(ctx, cfg, next);
  },
};
