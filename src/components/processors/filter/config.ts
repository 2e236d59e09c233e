// filter processor options (contrib processor/filterprocessor/config.go v0.130.0): OTTL
// conditions per context, or the legacy include/exclude blocks, never both for one signal.

import { s, type ConfigIssue } from '../../../core/schema.js';
import { attributeMatchSchema, matchConfigShape, regexpCacheSchema } from '../../../shared/filtermatch/config.js';

const conditions = () => s.presence(s.list(s.string()));

const logMatchSchema = s.object({
  match_type: s.string().doc('strict | regexp'),
  resource_attributes: s.list(attributeMatchSchema),
  record_attributes: s.list(attributeMatchSchema),
  severity_texts: s.list(s.string()),
  severity_number: s.presence(s.object({ min: s.string().doc('1–24 or TRACE…FATAL4'), match_undefined: s.bool(false) })),
  bodies: s.list(s.string()),
});

const metricMatchSchema = s.object({
  match_type: s.string().doc('strict | regexp (expr is not supported)'),
  regexp: s.presence(regexpCacheSchema),
  metric_names: s.list(s.string()),
  expressions: s.list(s.string()),
  resource_attributes: s.list(attributeMatchSchema),
});

export const filterConfig = s.object({
  error_mode: s.enum(['propagate', 'ignore', 'silent'] as const, 'propagate', true).doc('what an evaluation error does'),
  logs: s.object({
    include: s.presence(logMatchSchema),
    exclude: s.presence(logMatchSchema),
    log_record: conditions().doc('OTTL conditions; a log record matching any is dropped'),
  }),
  traces: s.object({
    span: conditions().doc('OTTL conditions; a span matching any is dropped'),
    spanevent: conditions().doc('OTTL conditions; a span event matching any is dropped'),
  }),
  spans: s.object(matchConfigShape).doc('legacy include/exclude for spans'),
  metrics: s.object({
    include: s.presence(metricMatchSchema),
    exclude: s.presence(metricMatchSchema),
    regexp: s.presence(regexpCacheSchema),
    metric: conditions().doc('OTTL conditions; a metric matching any is dropped'),
    datapoint: conditions().doc('OTTL conditions; a data point matching any is dropped'),
  }),
});

export type FilterConfig = ReturnType<typeof filterConfig.defaultValue>;
export type LogMatch = NonNullable<FilterConfig['logs']['include']>;
export type MetricMatch = NonNullable<FilterConfig['metrics']['include']>;

/** Go's Config.Validate; the conditions themselves are compiled by the factory's validate. */
export function exclusivityIssues(cfg: FilterConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if ((cfg.traces.span !== undefined || cfg.traces.spanevent !== undefined) && (cfg.spans.include !== undefined || cfg.spans.exclude !== undefined)) {
    out.push({ path: [], message: 'cannot use ottl conditions and include/exclude for spans at the same time' });
  }
  if (
    (cfg.metrics.metric !== undefined || cfg.metrics.datapoint !== undefined) &&
    (cfg.metrics.include !== undefined || cfg.metrics.exclude !== undefined)
  ) {
    out.push({ path: [], message: 'cannot use ottl conditions and include/exclude for metrics at the same time' });
  }
  if (cfg.logs.log_record !== undefined && (cfg.logs.include !== undefined || cfg.logs.exclude !== undefined)) {
    out.push({ path: [], message: 'cannot use ottl conditions and include/exclude for logs at the same time' });
  }
  return out;
}
