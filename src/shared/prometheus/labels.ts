// OTLP attributes → Prometheus labels. Go (v0.130.0): contrib
// `pkg/translator/prometheus/normalize_label.go` (label names), `exporter/prometheusexporter/utils.go`
// and `pkg/translator/prometheusremotewrite/helper.go` createAttributes (job/instance, collisions,
// external labels), `.../helper.go` addResourceTargetInfo and `exporter/prometheusexporter/collector.go`
// createTargetInfoMetrics (target_info).

import { anyValueToString, type KeyValue } from '../../pdata/index.js';

export const JOB_LABEL = 'job';
export const INSTANCE_LABEL = 'instance';
export const METRIC_NAME_LABEL = '__name__';
export const TARGET_INFO_NAME = 'target_info';
export const SCOPE_NAME_LABEL = 'otel_scope_name';
export const SCOPE_VERSION_LABEL = 'otel_scope_version';
export const SCOPE_SCHEMA_URL_LABEL = 'otel_scope_schema_url';
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';
export const EXEMPLAR_SPAN_ID_LABEL = 'span_id';
/** Metric metadata key carrying the original Prometheus type (an `unknown` gauge is served untyped). */
export const METRIC_METADATA_TYPE_KEY = 'prometheus.type';

const SERVICE_NAME = 'service.name';
const SERVICE_NAMESPACE = 'service.namespace';
const SERVICE_INSTANCE_ID = 'service.instance.id';
/** The resource attributes that become job and instance, left out of target_info. */
export const IDENTIFYING_ATTRIBUTES: readonly string[] = [SERVICE_NAMESPACE, SERVICE_NAME, SERVICE_INSTANCE_ID];

const NOT_ALNUM_RUNE = /[^\p{L}\p{Nd}]/gu;

/**
 * Go's NormalizeLabel: every rune but letters and digits → `_`; a leading ASCII digit gets `key_`;
 * a single leading `_` gets `key` (`_x` → `key_x`, `__x` kept) unless `permissive` (the alpha gate
 * `pkg.translator.prometheus.PermissiveLabelSanitization`, off by default).
 */
export function normalizeLabel(label: string, permissive = false): string {
  if (label === '') return label;
  const out = label.replace(NOT_ALNUM_RUNE, '_');
  // Go tests the first byte, so only ASCII digits count here.
  const c = out.charCodeAt(0);
  if (c >= 48 && c <= 57) return `key_${out}`;
  if (!permissive && out.startsWith('_') && !out.startsWith('__')) return `key${out}`;
  return out;
}

function find(attrs: readonly KeyValue[], key: string): KeyValue | undefined {
  for (const kv of attrs) if (kv.key === key) return kv;
  return undefined;
}

/** `job` from a resource: `service.namespace/service.name`, or `service.name`; undefined without service.name. */
export function jobFromResource(attrs: readonly KeyValue[]): string | undefined {
  const name = find(attrs, SERVICE_NAME);
  if (name === undefined) return undefined;
  const ns = find(attrs, SERVICE_NAMESPACE);
  // Go formats "%s/%s" whenever the attribute exists, even when it is empty.
  return ns === undefined ? anyValueToString(name.value) : `${anyValueToString(ns.value)}/${anyValueToString(name.value)}`;
}

/** `instance` from a resource: `service.instance.id`; undefined without it. */
export function instanceFromResource(attrs: readonly KeyValue[]): string | undefined {
  const id = find(attrs, SERVICE_INSTANCE_ID);
  return id === undefined ? undefined : anyValueToString(id.value);
}

/**
 * Labels of one remote-write series, as Go's createAttributes builds them (order of the Map is
 * not significant; sort by name before use):
 * - point attributes (minus `ignore`) sorted by key, names normalised; keys that normalise to the
 *   same name are joined `a;b` in key order (a repeated equal value is not repeated);
 * - `job`/`instance` from the resource override attributes of those names;
 * - `externalLabels` (already sanitised) only where no attribute has the name;
 * - `extras` (name/value pairs such as `__name__`, `le`, `quantile`) override everything; a name
 *   of the `__x__` form is kept, others are normalised.
 */
export function remoteWriteLabels(
  resourceAttrs: readonly KeyValue[],
  attrs: readonly KeyValue[],
  externalLabels: Readonly<Record<string, string>>,
  ignore: readonly string[] = [],
  extras: readonly (readonly [string, string])[] = [],
): Map<string, string> {
  const pairs: [string, string][] = [];
  for (const kv of attrs) if (!ignore.includes(kv.key)) pairs.push([kv.key, anyValueToString(kv.value)]);
  // Stable sort by raw key: Go's sort.Stable(ByLabelName) decides the join order of collisions.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = new Map<string, string>();
  for (const [k, v] of pairs) {
    const name = normalizeLabel(k);
    const prev = out.get(name);
    if (prev === undefined) out.set(name, v);
    else if (prev !== v) out.set(name, `${prev};${v}`);
  }
  const job = jobFromResource(resourceAttrs);
  if (job !== undefined) out.set(JOB_LABEL, job);
  const instance = instanceFromResource(resourceAttrs);
  if (instance !== undefined) out.set(INSTANCE_LABEL, instance);
  for (const [k, v] of Object.entries(externalLabels)) if (!out.has(k)) out.set(k, v);
  for (const [k, v] of extras) {
    const reserved = k.length > 4 && k.startsWith('__') && k.endsWith('__');
    out.set(reserved ? k : normalizeLabel(k), v);
  }
  return out;
}

/**
 * The remote-write exporter's `target_info` series labels for a resource (with `__name__`), or
 * null where Go sends none: the resource has no attribute besides service.name/namespace/instance.id,
 * or neither job nor instance results. The sample is 1 at the resource's latest point timestamp.
 */
export function remoteWriteTargetInfoLabels(
  resourceAttrs: readonly KeyValue[],
  namespace: string,
  externalLabels: Readonly<Record<string, string>>,
): Map<string, string> | null {
  let others = resourceAttrs.length;
  for (const a of IDENTIFYING_ATTRIBUTES) if (find(resourceAttrs, a) !== undefined) others--;
  if (others === 0) return null;
  const name = namespace !== '' ? `${namespace}_${TARGET_INFO_NAME}` : TARGET_INFO_NAME;
  const labels = remoteWriteLabels(resourceAttrs, resourceAttrs, externalLabels, IDENTIFYING_ATTRIBUTES, [[METRIC_NAME_LABEL, name]]);
  if (!labels.has(JOB_LABEL) && !labels.has(INSTANCE_LABEL)) return null;
  return labels;
}

/**
 * The prometheus (pull) exporter's `target_info` labels for a resource: every attribute but the
 * identifying ones, names normalised, collisions joined `a;b` in attribute order (no de-duplication
 * of equal values, unlike remote write), then job and instance. Go serves one per distinct
 * job+instance and only for resources that have both (utils.go resourceSignature).
 */
export function pullTargetInfoLabels(resourceAttrs: readonly KeyValue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of resourceAttrs) {
    if (IDENTIFYING_ATTRIBUTES.includes(kv.key)) continue;
    const name = normalizeLabel(kv.key);
    const v = anyValueToString(kv.value);
    const prev = out.get(name);
    out.set(name, prev === undefined ? v : `${prev};${v}`);
  }
  const job = jobFromResource(resourceAttrs);
  if (job !== undefined) out.set(JOB_LABEL, job);
  const instance = instanceFromResource(resourceAttrs);
  if (instance !== undefined) out.set(INSTANCE_LABEL, instance);
  return out;
}

/** The key Go uses to serve one target_info per job+instance; '' (none served) without both. */
export function resourceSignature(resourceAttrs: readonly KeyValue[]): string {
  const job = jobFromResource(resourceAttrs) ?? '';
  const instance = instanceFromResource(resourceAttrs) ?? '';
  return job === '' || instance === '' ? '' : `${job}\xff${instance}`;
}

/**
 * The scope labels the prometheus (pull) exporter puts on every series, in Go's order (collector.go
 * getMetricMetadata): `otel_scope_<attr>` for each scope attribute (normalised), then
 * otel_scope_name, otel_scope_version and otel_scope_schema_url, always present even when empty.
 */
export function scopeLabels(scope: { name: string; version: string; attributes: readonly KeyValue[] }, schemaUrl: string): [string, string][] {
  const out: [string, string][] = [];
  for (const kv of scope.attributes) out.push([normalizeLabel(`otel_scope_${kv.key}`), anyValueToString(kv.value)]);
  out.push([SCOPE_NAME_LABEL, scope.name], [SCOPE_VERSION_LABEL, scope.version], [SCOPE_SCHEMA_URL_LABEL, schemaUrl]);
  return out;
}
