// OTLP metric → Prometheus metric name. Go: contrib `pkg/translator/prometheus/normalize_name.go`
// (v0.130.0), where the gate `pkg.translator.prometheus.NormalizeName` is stable (removed in
// v0.130.0, always on): with suffixes the name is rebuilt from tokens (unit words, `_per_`, `_total`,
// `_ratio`); without them only forbidden runes are replaced.

import { mainUnitWord, perUnitWord, splitAlnum } from './units.js';

/** What naming needs to know of a metric (pdata's Metric fits; so does a hand-made record). */
export interface NamedMetric {
  name: string;
  unit: string;
  /** pdata MetricData.type: 'Gauge' | 'Sum' | 'Histogram' | 'ExponentialHistogram' | 'Summary'. */
  type: string;
  /** Sum.isMonotonic; ignored for other types. */
  monotonic: boolean;
}

/** A pdata Metric seen as a NamedMetric (type '' when it has no data). */
export function namedMetric(m: { name: string; unit: string; data: { type: string; isMonotonic?: boolean } | null }): NamedMetric {
  return { name: m.name, unit: m.unit, type: m.data?.type ?? '', monotonic: m.data?.type === 'Sum' && m.data.isMonotonic === true };
}

const LEADING_DIGIT = /^[0-9]/;

/**
 * Go's BuildCompliantName(metric, namespace, addMetricSuffixes). `namespace` is used as given:
 * the prometheus exporter passes it through cleanUpString first (collector.go), the remote-write
 * exporter passes its config value (metrics_to_prw.go).
 */
export function buildCompliantName(metric: NamedMetric, namespace: string, addMetricSuffixes: boolean): string {
  if (addMetricSuffixes) return normalizeName(metric, namespace);
  const name = removePromForbiddenRunes(metric.name);
  if (namespace !== '') return `${namespace}_${name}`;
  return LEADING_DIGIT.test(name) ? `_${name}` : name;
}

function normalizeName(metric: NamedMetric, namespace: string): string {
  let tokens = splitAlnum(metric.name);
  const main = mainUnitWord(metric.unit);
  const per = perUnitWord(metric.unit);
  if (main !== '' && !tokens.includes(main)) tokens.push(main);
  if (per !== '' && !tokens.includes(per)) tokens.push('per', per);
  if (metric.type === 'Sum' && metric.monotonic) tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  // Go adds `_ratio` for unit "1" on gauges only: several receivers use "1" for counts of things.
  if (metric.unit === '1' && metric.type === 'Gauge') tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  if (namespace !== '') tokens.unshift(namespace);
  const name = tokens.join('_');
  return LEADING_DIGIT.test(name) ? `_${name}` : name;
}

const FORBIDDEN_RUNS = /[^\p{L}\p{Nd}_:]+/u;

/** Go's RemovePromForbiddenRunes: runs of runes other than letters, digits, `_` and `:` become one `_`, ends trimmed. */
export function removePromForbiddenRunes(s: string): string {
  return s
    .split(FORBIDDEN_RUNS)
    .filter((t) => t !== '')
    .join('_');
}

/**
 * Go's TrimPromSuffixes, for receivers: `<name>_<unit words>` and `_total` (sums) taken off a
 * Prometheus name so the OTLP name does not repeat the unit.
 */
export function trimPromSuffixes(promName: string, type: string, unitWords: string): string {
  let tokens = promName.split('_');
  if (tokens.length === 1) return promName;
  if (type === 'Sum' && tokens[tokens.length - 1] === 'total') tokens = tokens.slice(0, -1);
  const unitTokens = unitWords.split('_');
  const l = tokens.length;
  const lu = unitTokens.length;
  if (l > lu && unitTokens.every((u, i) => tokens[l - lu + i] === u)) tokens = tokens.slice(0, l - lu);
  return tokens.join('_');
}
