// count connector options (contrib connector/countconnector/config.go v0.130.0). Each key maps a
// metric name to {description, conditions, attributes}. A key left out gets its default metric;
// a key that is present, even empty, replaces it (Go's Config.Unmarshal checks IsSet per key).
// Go decodes with confmap.WithIgnoreUnused, so unknown keys at any level are accepted and
// ignored; we do the same, so a config Go runs also runs here.

import { Expanded, ObjectNode, s, type ConfigIssue, type DecodeContext, type Shape } from '../../../core/schema.js';
import { compileConditions, type Condition } from '../../../shared/ottl/conditions.js';

/** ObjectNode that drops keys it does not know before decoding (confmap.WithIgnoreUnused). */
class IgnoreUnusedObject<S extends Shape> extends ObjectNode<S> {
  override decode(input: unknown, path: string[], ctx: DecodeContext): ReturnType<ObjectNode<S>['defaultValue']> {
    if (input !== null && typeof input === 'object' && !Array.isArray(input) && !(input instanceof Expanded)) {
      const known: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) if (k in this.fields) known[k] = v;
      return super.decode(known, path, ctx);
    }
    return super.decode(input, path, ctx);
  }
}

const attributeConfig = new IgnoreUnusedObject({
  key: s.string().doc('attribute key whose value the count is grouped by'),
  // Go: `DefaultValue any`; a string, int or float (YAML kind kept) that is not empty/zero.
  default_value: s.any().keepKinds().doc('value used when the item lacks the attribute (string, int or float)'),
});

const metricInfo = new IgnoreUnusedObject({
  description: s.string().doc('the metric description'),
  conditions: s.list(s.string()).doc('OTTL conditions, ORed; none = count everything'),
  attributes: s.list(attributeConfig).doc('a count per distinct set of these attribute values'),
});

const metricMap = (what: string) => s.presence(s.map(metricInfo)).doc(`custom ${what} counts (metric name → definition); replaces the default`);

export const countConfig = new IgnoreUnusedObject({
  spans: metricMap('span'),
  spanevents: metricMap('span event'),
  metrics: metricMap('metric'),
  datapoints: metricMap('data point'),
  logs: metricMap('log record'),
  // Go counts profiles too; this collector has no profiles signal, so no pipeline can feed them.
  profiles: metricMap('profile (accepted, never fed: no profiles signal here)'),
});

export type CountConfig = ReturnType<typeof countConfig.defaultValue>;
export type MetricInfo = ReturnType<typeof metricInfo.defaultValue>;
export type AttributeConfig = ReturnType<typeof attributeConfig.defaultValue>;

/** The five counted item kinds, with the OTTL context their conditions run in. */
export const KINDS = {
  spans: 'span',
  spanevents: 'spanevent',
  metrics: 'metric',
  datapoints: 'datapoint',
  logs: 'log',
} as const;
export type Kind = keyof typeof KINDS;

/** Default metric names and descriptions (countconnector/config.go). */
const DEFAULTS: Record<Kind, [string, string]> = {
  spans: ['trace.span.count', 'The number of spans observed.'],
  spanevents: ['trace.span.event.count', 'The number of span events observed.'],
  metrics: ['metric.count', 'The number of metrics observed.'],
  datapoints: ['metric.datapoint.count', 'The number of data points observed.'],
  logs: ['log.record.count', 'The number of log records observed.'],
};

/** An attribute's default as Go's counter.update puts it: a non-empty string, a non-zero int or float; else none. */
export type AttrDefault = string | bigint | number | undefined;

export interface MetricDef {
  name: string;
  description: string;
  attrs: Array<{ key: string; def: AttrDefault }>;
  /** Two entries with one key: Go's map keeps one, its length check then fails, nothing is counted. */
  neverCounted: boolean;
  condition: Condition | undefined;
}

function attrDefault(v: unknown): AttrDefault {
  // Go switches on string / int / float64; a YAML int decodes as int, a YAML float as float64.
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'bigint') return v === 0n ? undefined : v;
  if (typeof v === 'number') return v === 0 ? undefined : v;
  return undefined;
}

/** The metric definitions of one kind, in config order (Go ranges over a map: random order). */
export function metricDefs(cfg: CountConfig, kind: Kind, issues: ConfigIssue[] = []): MetricDef[] {
  const entries = cfg[kind];
  if (entries === undefined) {
    const [name, description] = DEFAULTS[kind];
    return [{ name, description, attrs: [], neverCounted: false, condition: undefined }];
  }
  const defs: MetricDef[] = [];
  for (const [name, info] of Object.entries(entries)) {
    const path = [kind, name];
    if (name === '') issues.push({ path: [kind], message: `${kind}: metric name missing` });
    const condition = info.conditions.length ? compileConditions(info.conditions, KINDS[kind], [...path, 'conditions'], issues) : undefined;
    if (kind === 'metrics' && info.attributes.length > 0) {
      issues.push({ path: [...path, 'attributes'], message: `metrics attributes not supported: metric ${JSON.stringify(name)}` });
    }
    info.attributes.forEach((a, i) => {
      if (a.key === '')
        issues.push({
          path: [...path, 'attributes', String(i), 'key'],
          message: `${kind} attributes: metric ${JSON.stringify(name)}: attribute key missing`,
        });
    });
    const attrs = info.attributes.map((a) => ({ key: a.key, def: attrDefault(a.default_value) }));
    defs.push({ name, description: info.description, attrs, neverCounted: new Set(attrs.map((a) => a.key)).size !== attrs.length, condition });
  }
  return defs;
}

export function validateCount(cfg: CountConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) metricDefs(cfg, kind, issues);
  for (const name of Object.keys(cfg.profiles ?? {})) {
    if (name === '') issues.push({ path: ['profiles'], message: 'profiles: metric name missing' });
  }
  return issues;
}
