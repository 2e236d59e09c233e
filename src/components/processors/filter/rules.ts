// The filter processor's drop rules, compiled once per config: OTTL conditions or the legacy
// include/exclude blocks translated as Go does (processor/filterprocessor/{logs,traces,metrics}.go).

import type { ConfigIssue } from '../../../core/schema.js';
import type { MatchProperties } from '../../../shared/filtermatch/config.js';
import { matchAttributes, newAttributesMatcher } from '../../../shared/filtermatch/filterset.js';
import { compileLogSkip, compileSpanSkip, metricNameExpr, type MetricSkip } from '../../../shared/filtermatch/matcher.js';
import { compileConditions, type Condition, type ItemContext } from '../../../shared/ottl/conditions.js';
import type { FilterConfig, LogMatch, MetricMatch } from './config.js';
import { exclusivityIssues } from './config.js';

export interface Rules {
  log?: Condition;
  span?: Condition;
  spanEvent?: Condition;
  resource?: (c: ItemContext) => boolean;
  metric?: Condition;
  dataPoint?: Condition;
}

const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Go's logSeverity.severityNumber: 1–24 or TRACE…FATAL4 (any case); anything else is 0. */
function severityNumber(min: string): number {
  const up = min.toUpperCase();
  if (/^[0-9]+$/.test(up) && Number(up) >= 1 && Number(up) <= 24) return Number(up);
  const m = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)([234])?$/.exec(up);
  return m ? SEVERITY_NAMES.indexOf(m[1]!) * 4 + 1 + (m[2] ? Number(m[2]) - 1 : 0) : 0;
}

function isEmptyLogMatch(m: LogMatch): boolean {
  return (
    !m.resource_attributes.length && !m.record_attributes.length && !m.severity_texts.length && !m.bodies.length && m.severity_number === undefined
  );
}

function logMatchProperties(m: LogMatch | undefined): MatchProperties | undefined {
  if (m === undefined || isEmptyLogMatch(m)) return undefined;
  return {
    match_type: m.match_type,
    regexp: undefined,
    services: [],
    span_names: [],
    span_kinds: [],
    log_bodies: m.bodies,
    log_severity_texts: m.severity_texts,
    log_severity_number: m.severity_number && { min: severityNumber(m.severity_number.min), match_undefined: m.severity_number.match_undefined },
    metric_names: [],
    attributes: m.record_attributes,
    resources: m.resource_attributes,
    libraries: [],
  };
}

function metricExpr(
  m: MetricMatch | undefined,
  path: string[],
  issues: ConfigIssue[],
): { names?: MetricSkip; resource?: (c: ItemContext) => boolean } {
  if (m === undefined) return {};
  if (m.match_type === 'expr') {
    issues.push({ path: [...path, 'match_type'], message: 'match_type "expr" is not supported here; use metrics.metric OTTL conditions' });
    return {};
  }
  const names = metricNameExpr(m.match_type, m.metric_names, m.regexp, path, issues);
  let resource: ((c: ItemContext) => boolean) | undefined;
  if (m.resource_attributes.length) {
    const am = newAttributesMatcher(m.resource_attributes, m.match_type, m.regexp, [...path, 'resource_attributes'], issues, 'resource');
    if (am) resource = (c) => matchAttributes(am, c.resource.attributes);
  }
  return { names, resource };
}

function includeExclude<T extends unknown[]>(
  incl: ((...a: T) => boolean) | undefined,
  excl: ((...a: T) => boolean) | undefined,
): ((...a: T) => boolean) | undefined {
  if (incl && excl) return (...a: T) => !incl(...a) || excl(...a);
  if (incl) return (...a: T) => !incl(...a);
  return excl;
}

export function compileRules(cfg: FilterConfig): { rules: Rules; issues: ConfigIssue[] } {
  const issues = exclusivityIssues(cfg);
  const rules: Rules = {};
  if (cfg.logs.log_record !== undefined) {
    rules.log = compileConditions(cfg.logs.log_record, 'log', ['logs', 'log_record'], issues);
  } else {
    const skip = compileLogSkip({ include: logMatchProperties(cfg.logs.include), exclude: logMatchProperties(cfg.logs.exclude) }, issues, ['logs']);
    if (skip) rules.log = (c) => skip(c.log!, c.resource, c.scope);
  }
  if (cfg.traces.span !== undefined || cfg.traces.spanevent !== undefined) {
    if (cfg.traces.span !== undefined) rules.span = compileConditions(cfg.traces.span, 'span', ['traces', 'span'], issues);
    if (cfg.traces.spanevent !== undefined) rules.spanEvent = compileConditions(cfg.traces.spanevent, 'spanevent', ['traces', 'spanevent'], issues);
  } else {
    const skip = compileSpanSkip(cfg.spans, issues, ['spans']);
    if (skip) rules.span = (c) => skip(c.span!, c.resource, c.scope);
  }
  if (cfg.metrics.metric !== undefined || cfg.metrics.datapoint !== undefined) {
    if (cfg.metrics.metric !== undefined) rules.metric = compileConditions(cfg.metrics.metric, 'metric', ['metrics', 'metric'], issues);
    if (cfg.metrics.datapoint !== undefined)
      rules.dataPoint = compileConditions(cfg.metrics.datapoint, 'datapoint', ['metrics', 'datapoint'], issues);
  } else {
    const incl = metricExpr(cfg.metrics.include, ['metrics', 'include'], issues);
    const excl = metricExpr(cfg.metrics.exclude, ['metrics', 'exclude'], issues);
    rules.resource = includeExclude(incl.resource, excl.resource);
    const names = includeExclude(incl.names, excl.names);
    if (names) rules.metric = (c) => names(c.metric!, c.resource, c.scope);
  }
  return { rules, issues };
}
