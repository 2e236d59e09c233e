// The spanmetrics connector's lifecycle: spans are aggregated as they arrive (consume never
// refuses, as Go's ConsumeTraces returns nil), and a timer flushes every metrics_flush_interval
// (connector.go Start/exportMetrics). A failed flush is logged, not retried (Go does the same);
// the state stays, so cumulative series carry on at the next flush. Ours: shutdown flushes once
// more, so the spans of the last partial interval are not lost (Go drops them).

import type { CreateContext, Connector, Host } from '../../../core/component.js';
import { EMPTY_CONTEXT, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import type { PartialMerger } from '../../../core/partial.js';
import type { Logger } from 'pino';
import { SpanMetricsAggregator, type PartialResource } from './aggregate.js';
import { CUMULATIVE, DELTA, resolveSettings, type SpanMetricsConfig } from './config.js';

export class SpanMetricsConnector implements Connector, PartialMerger {
  readonly mutatesData = false;
  readonly aggregator: SpanMetricsAggregator;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private unregister: Array<() => void> = [];
  private overflowLogged = 0;
  private stopped = false;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: SpanMetricsConfig,
    private readonly next: Consumer,
  ) {
    this.logger = ctx.logger;
    this.aggregator = new SpanMetricsAggregator(resolveSettings(cfg));
    if (cfg.dimensions_cache_size !== 0) this.logger.warn('DimensionsCacheSize is deprecated, please use AggregationCardinalityLimit instead.');
    if (cfg.aggregation_temporality !== CUMULATIVE && cfg.aggregation_temporality !== DELTA) {
      // Go's GetAggregationTemporality: anything but the delta name is cumulative.
      this.logger.warn({ aggregation_temporality: cfg.aggregation_temporality }, `spanmetrics: unknown aggregation_temporality, using ${CUMULATIVE}`);
    }
  }

  async consume(data: Payload, _rctx: RequestContext): Promise<void> {
    if (data.signal !== 'traces') return;
    this.aggregator.consume(data, BigInt(Date.now()) * 1_000_000n, performance.now());
  }

  /** Leader side under --workers: a worker's partial state (src/core/partial.ts), merged as if its spans came here. */
  merge(partial: unknown): void {
    this.aggregator.mergePartial(partial as PartialResource[], performance.now());
  }

  async start(_host: Host): Promise<void> {
    this.registerTelemetry();
    this.timer = setInterval(() => {
      // A slow consumer skips ticks rather than queueing flushes (Go's ticker drops them too).
      if (this.flushing === undefined) void this.flush();
    }, this.cfg.metrics_flush_interval);
    this.timer.unref();
  }

  /** Builds and sends one round of metrics; never rejects. */
  flush(): Promise<void> {
    const run = async (): Promise<void> => {
      const agg = this.aggregator;
      const metrics = agg.flush(BigInt(Date.now()) * 1_000_000n, performance.now());
      // At most one line per flush while spans keep overflowing (the logger samples repeats too).
      if (agg.stats.overflowItems > this.overflowLogged) {
        this.logger.warn(
          { overflow_items: agg.stats.overflowItems, limit: this.cfg.aggregation_cardinality_limit, total_limit: this.cfg.total_cardinality_limit },
          'spanmetrics: cardinality limit reached; new series are counted under otel.metric.overflow=true',
        );
        this.overflowLogged = agg.stats.overflowItems;
      }
      // Go hands an empty Metrics on; nothing downstream does anything with it.
      if (metrics.resourceMetrics.length === 0) return;
      try {
        await this.next.consume(metrics, EMPTY_CONTEXT);
      } catch (err) {
        this.logger.error({ err: (err as Error).message }, 'Failed ConsumeMetrics');
      }
    };
    const p = run().finally(() => {
      if (this.flushing === p) this.flushing = undefined;
    });
    this.flushing = p;
    return p;
  }

  private registerTelemetry(): void {
    const t = this.ctx.telemetry;
    const labels = { connector: this.ctx.id };
    const stats = this.aggregator.stats;
    this.unregister.push(
      t.observe('otelcol_connector_spanmetrics_series', { help: 'Series the spanmetrics connector holds', unit: '{series}' }, () => [
        [labels, stats.series],
      ]),
      t.observe('otelcol_connector_spanmetrics_resources', { help: 'Resources the spanmetrics connector holds', unit: '{resource}' }, () => [
        [labels, stats.resources],
      ]),
      t.observe(
        'otelcol_connector_spanmetrics_cardinality_limit',
        { help: 'Series limit of the spanmetrics connector, per resource and metric and in total (0 = none)', unit: '{series}' },
        () => [
          [{ ...labels, scope: 'resource' }, this.cfg.aggregation_cardinality_limit],
          [{ ...labels, scope: 'total' }, this.cfg.total_cardinality_limit],
        ],
      ),
      t.observe(
        'otelcol_connector_spanmetrics_overflow_items',
        { help: 'Spans and span events counted in an otel.metric.overflow series', unit: '{item}', kind: 'counter' },
        () => [[labels, stats.overflowItems]],
      ),
      t.observe(
        'otelcol_connector_spanmetrics_expired_series',
        { help: 'Series dropped after series_expiration without spans', unit: '{series}', kind: 'counter' },
        () => [[labels, stats.expiredSeries]],
      ),
      t.observe(
        'otelcol_connector_spanmetrics_dropped_resources',
        {
          help: 'Evicted resources dropped before their last flush (more new resources in one interval than resource_metrics_cache_size)',
          unit: '{resource}',
          kind: 'counter',
        },
        () => [[labels, stats.droppedResources]],
      ),
    );
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.flushing) await this.flushing;
    await this.flush();
    for (const u of this.unregister.splice(0)) u();
  }
}
