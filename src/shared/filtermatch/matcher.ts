// Include/exclude as Go evaluates them without the OTTL bridge feature gate: an item is skipped
// when include is set and does not match, or exclude is set and matches (contrib
// internal/filter/{filterspan,filterlog,filtermetric,filtermatcher} v0.130.0). Configuration
// problems come back as issues at the include/exclude path, with Go's messages.

import type { ConfigIssue } from '../../core/schema.js';
import type { InstrumentationScope, KeyValue, Resource } from '../../pdata/common.js';
import type { Span } from '../../pdata/trace-model.js';
import type { LogRecord } from '../../pdata/log-model.js';
import type { Metric } from '../../pdata/metric-model.js';
import { anyValueToString } from '../../pdata/value-string.js';
import type { MatchConfig, MatchProperties } from './config.js';
import {
  createFilterSet,
  matchAttributes,
  unrecognizedMatchType,
  newAttributesMatcher,
  type AttributesMatcher,
  type FilterSet,
} from './filterset.js';

export type SpanSkip = (span: Span, resource: Resource, scope: InstrumentationScope) => boolean;
export type LogSkip = (record: LogRecord, resource: Resource, scope: InstrumentationScope) => boolean;
export type MetricSkip = (metric: Metric, resource: Resource, scope: InstrumentationScope) => boolean;

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STANDARD_SPAN_KINDS = ['SPAN_KIND_CLIENT', 'SPAN_KIND_CONSUMER', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_SERVER'];

/** The common part (filtermatcher.PropertiesMatcher): libraries, resources, attributes. */
interface Properties {
  libraries: Array<{ name: FilterSet; version?: FilterSet }>;
  resources?: AttributesMatcher;
  attributes?: AttributesMatcher;
}

function newProperties(mp: MatchProperties, path: string[], issues: ConfigIssue[]): Properties | undefined {
  const n = issues.length;
  const regexpCfg = mp.regexp;
  const libraries: Properties['libraries'] = [];
  mp.libraries.forEach((lib, i) => {
    const name = createFilterSet([lib.name], mp.match_type, regexpCfg, [...path, 'libraries', String(i), 'name'], issues, 'library name');
    const version =
      lib.version === undefined
        ? undefined
        : createFilterSet([lib.version], mp.match_type, regexpCfg, [...path, 'libraries', String(i), 'version'], issues, 'library version');
    if (name) libraries.push({ name, version });
  });
  const attributes = mp.attributes.length
    ? newAttributesMatcher(mp.attributes, mp.match_type, regexpCfg, [...path, 'attributes'], issues, 'attribute')
    : undefined;
  const resources = mp.resources.length
    ? newAttributesMatcher(mp.resources, mp.match_type, regexpCfg, [...path, 'resources'], issues, 'resource')
    : undefined;
  return issues.length > n ? undefined : { libraries, attributes, resources };
}

function matchProperties(p: Properties, attrs: readonly KeyValue[], resource: Resource, scope: InstrumentationScope): boolean {
  for (const lib of p.libraries) {
    if (!lib.name.matches(scope.name)) return false;
    if (lib.version !== undefined && !lib.version.matches(scope.version)) return false;
  }
  if (p.resources !== undefined && !matchAttributes(p.resources, resource.attributes)) return false;
  return matchAttributes(p.attributes, attrs);
}

function list(mp: MatchProperties, field: keyof MatchProperties, path: string[], issues: ConfigIssue[], what: string): FilterSet | undefined {
  const items = mp[field] as string[];
  return items.length ? createFilterSet(items, mp.match_type, mp.regexp, [...path, field], issues, what) : undefined;
}

function combine<A extends unknown[]>(
  incl: ((...a: A) => boolean) | undefined,
  excl: ((...a: A) => boolean) | undefined,
): ((...a: A) => boolean) | undefined {
  if (incl && excl) return (...a: A) => !incl(...a) || excl(...a);
  if (incl) return (...a: A) => !incl(...a);
  return excl;
}

// ---- spans ----

function validateForSpans(mp: MatchProperties): string | undefined {
  if (mp.log_bodies.length) return 'log_bodies should not be specified for trace spans';
  if (mp.log_severity_texts.length) return 'log_severity_texts should not be specified for trace spans';
  if (mp.log_severity_number !== undefined) return 'log_severity_number should not be specified for trace spans';
  if (mp.metric_names.length) return 'metric_names should not be specified for trace spans';
  if (
    !mp.services.length &&
    !mp.span_names.length &&
    !mp.attributes.length &&
    !mp.libraries.length &&
    !mp.resources.length &&
    !mp.span_kinds.length
  ) {
    return 'at least one of "attributes", "libraries",  or "resources" field must be specified';
  }
  if (mp.span_kinds.length && mp.match_type === 'strict' && mp.span_kinds.some((k) => !STANDARD_SPAN_KINDS.includes(k))) {
    return `span_kinds string must match one of the standard span kinds when match_type=strict: [${STANDARD_SPAN_KINDS.join(' ')}]`;
  }
  return undefined;
}

function spanExpr(mp: MatchProperties | undefined, path: string[], issues: ConfigIssue[]): SpanSkip | undefined {
  if (mp === undefined) return undefined;
  const bad = validateForSpans(mp);
  if (bad) {
    issues.push({ path, message: bad });
    return undefined;
  }
  const props = newProperties(mp, path, issues);
  const services = list(mp, 'services', path, issues, 'service name');
  const names = list(mp, 'span_names', path, issues, 'span name');
  const kinds = list(mp, 'span_kinds', path, issues, 'span kind');
  if (!props) return undefined;
  return (span, resource, scope) => {
    if (services && !services.matches(serviceName(resource))) return false;
    if (names && !names.matches(span.name)) return false;
    if (kinds && !kinds.matches(SPAN_KIND_NAMES[span.kind] ?? '')) return false;
    return matchProperties(props, span.attributes, resource, scope);
  };
}

function serviceName(resource: Resource): string {
  for (const kv of resource.attributes) if (kv.key === 'service.name') return anyValueToString(kv.value);
  return '<nil-service-name>';
}

export function compileSpanSkip(mc: MatchConfig, issues: ConfigIssue[], base: string[] = []): SpanSkip | undefined {
  return combine(spanExpr(mc.include, [...base, 'include'], issues), spanExpr(mc.exclude, [...base, 'exclude'], issues));
}

// ---- logs ----

function validateForLogs(mp: MatchProperties): string | undefined {
  if (mp.span_names.length || mp.services.length || mp.span_kinds.length || mp.metric_names.length) {
    return 'services, span_names, span_kinds and metric_names are not valid for log records';
  }
  if (
    !mp.attributes.length &&
    !mp.libraries.length &&
    !mp.resources.length &&
    !mp.log_bodies.length &&
    !mp.log_severity_texts.length &&
    mp.log_severity_number === undefined
  ) {
    return 'at least one of "attributes", "libraries", "span_kinds", "resources", "log_bodies", "log_severity_texts" or "log_severity_number" field must be specified';
  }
  return undefined;
}

function logExpr(mp: MatchProperties | undefined, path: string[], issues: ConfigIssue[]): LogSkip | undefined {
  if (mp === undefined) return undefined;
  const bad = validateForLogs(mp);
  if (bad) {
    issues.push({ path, message: bad });
    return undefined;
  }
  const props = newProperties(mp, path, issues);
  const bodies = list(mp, 'log_bodies', path, issues, 'log record body');
  const texts = list(mp, 'log_severity_texts', path, issues, 'log record severity text');
  const sev = mp.log_severity_number;
  if (!props) return undefined;
  return (record, resource, scope) => {
    if (bodies && !bodies.matches(anyValueToString(record.body))) return false;
    if (texts && !texts.matches(record.severityText)) return false;
    if (sev !== undefined && !(record.severityNumber === 0 ? sev.match_undefined : record.severityNumber >= sev.min)) return false;
    return matchProperties(props, record.attributes, resource, scope);
  };
}

export function compileLogSkip(mc: MatchConfig, issues: ConfigIssue[], base: string[] = []): LogSkip | undefined {
  return combine(logExpr(mc.include, [...base, 'include'], issues), logExpr(mc.exclude, [...base, 'exclude'], issues));
}

// ---- metrics (attributes processor: filterconfig.CreateMetricMatchPropertiesFromDefault) ----

function metricExpr(mp: MatchProperties | undefined, path: string[], issues: ConfigIssue[]): MetricSkip | undefined {
  if (mp === undefined) return undefined;
  if (
    mp.log_bodies.length ||
    mp.log_severity_texts.length ||
    mp.span_names.length ||
    mp.services.length ||
    mp.span_kinds.length ||
    mp.attributes.length ||
    mp.libraries.length ||
    mp.log_severity_number !== undefined
  ) {
    issues.push({
      path,
      message:
        '"span_names", "span_kinds", "log_bodies", "log_severity_texts", "log_severity_number", "services", "attributes" and "libraries" are not valid for metrics',
    });
    return undefined;
  }
  if (!mp.metric_names.length && !mp.resources.length) {
    issues.push({ path, message: 'at least one of "metric_names" or "resources" field must be specified' });
    return undefined;
  }
  return metricNameExpr(mp.match_type, mp.metric_names, mp.regexp, path, issues);
}

/**
 * Go's filtermetric name matcher: only metric names count. `resources` passes validation but
 * is not evaluated for metrics by the v0.130.0 attributes processor; we keep that.
 */
export function metricNameExpr(
  matchType: string,
  names: readonly string[],
  regexpCfg: MatchProperties['regexp'],
  path: string[],
  issues: ConfigIssue[],
): MetricSkip | undefined {
  if (!names.length) return undefined;
  const fs = createFilterSet(names, matchType, regexpCfg, [...path, 'metric_names'], issues, 'metric name');
  if (!fs) return undefined;
  return (metric) => fs.matches(metric.name);
}

export function compileMetricSkip(mc: MatchConfig, issues: ConfigIssue[], base: string[] = []): MetricSkip | undefined {
  return combine(metricExpr(mc.include, [...base, 'include'], issues), metricExpr(mc.exclude, [...base, 'exclude'], issues));
}

/**
 * Checks that do not depend on the signal (match_type, regexes, attribute values), for config
 * validation; the signal-specific rules run when a processor is created for its pipeline.
 */
export function checkMatchConfig(mc: MatchConfig, issues: ConfigIssue[], base: string[] = []): void {
  for (const which of ['include', 'exclude'] as const) {
    const mp = mc[which];
    if (mp === undefined) continue;
    const path = [...base, which];
    const needsType =
      mp.libraries.length > 0 ||
      [mp.services, mp.span_names, mp.span_kinds, mp.log_bodies, mp.log_severity_texts, mp.metric_names].some((l) => l.length > 0) ||
      [...mp.attributes, ...mp.resources].some((a) => a.value !== undefined && a.value !== null);
    if (needsType && mp.match_type !== 'strict' && mp.match_type !== 'regexp') {
      issues.push({ path: [...path, 'match_type'], message: unrecognizedMatchType(mp.match_type) });
      continue;
    }
    newProperties(mp, path, issues);
    for (const f of ['services', 'span_names', 'span_kinds', 'log_bodies', 'log_severity_texts', 'metric_names'] as const)
      list(mp, f, path, issues, f.replace(/_/g, ' '));
  }
}
