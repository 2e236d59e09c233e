import type { ConnectorFactory } from '../../../core/component.js';
import type { WithPartialAggregation } from '../../../core/partial.js';
import { SpanMetricsAggregator, type PartialResource } from './aggregate.js';
import { resolveSettings, spanMetricsConfig, validateSpanMetrics, type SpanMetricsConfig } from './config.js';
import { SpanMetricsConnector } from './connector.js';

export const spanMetricsConnectorFactory: ConnectorFactory<SpanMetricsConfig> & WithPartialAggregation<SpanMetricsConfig, PartialResource[]> = {
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
  // Under --workers each worker aggregates its own spans and ships the series it touched (a few
  // numbers per series per interval, whatever the span rate); the leader merges and flushes.
  partial: {
    createAggregator(_ctx, cfg) {
      const agg = new SpanMetricsAggregator(resolveSettings(cfg));
      return {
        add(data) {
          if (data.signal === 'traces') agg.consume(data, BigInt(Date.now()) * 1_000_000n, performance.now());
        },
        take() {
          const p = agg.takePartial();
          return p.length ? p : undefined;
        },
      };
    },
  },
};
