// The OTLP → Prometheus translator shared by the prometheus and prometheusremotewrite exporters
// (Go's contrib `pkg/translator/prometheus`, v0.130.0). Pure functions; see README.md.

export { buildCompliantName, namedMetric, removePromForbiddenRunes, trimPromSuffixes, type NamedMetric } from './names.js';
export { cleanUpString, prometheusUnit, unitWordToUcum } from './units.js';
export {
  EXEMPLAR_SPAN_ID_LABEL,
  EXEMPLAR_TRACE_ID_LABEL,
  IDENTIFYING_ATTRIBUTES,
  INSTANCE_LABEL,
  JOB_LABEL,
  METRIC_METADATA_TYPE_KEY,
  METRIC_NAME_LABEL,
  SCOPE_NAME_LABEL,
  SCOPE_SCHEMA_URL_LABEL,
  SCOPE_VERSION_LABEL,
  TARGET_INFO_NAME,
  instanceFromResource,
  jobFromResource,
  normalizeLabel,
  pullTargetInfoLabels,
  remoteWriteLabels,
  remoteWriteTargetInfoLabels,
  resourceSignature,
  scopeLabels,
} from './labels.js';
export {
  escapeHelp,
  escapeLabelValue,
  escapeNameUnderscores,
  formatFloat,
  formatOpenMetricsFloat,
  isValidLegacyLabelName,
  isValidLegacyMetricName,
} from './format.js';
