// Prometheus relabeling (relabel_configs, metric_relabel_configs), shared by the prometheus
// receiver and any component that takes Prometheus-style rules.

export {
  anchoredRegex,
  DEFAULT_REGEX,
  DEFAULT_REPLACEMENT,
  DEFAULT_SEPARATOR,
  isValidLabelName,
  parseRelabelRule,
  parseRelabelRules,
  RelabelConfigError,
  type RelabelAction,
  type RelabelRule,
} from './config.js';
export { expandTemplate, parseTemplate, type TemplatePart } from './expand.js';
export { compareLabelNames, LabelBuilder, sortedLabels, type Label } from './labels.js';
export { processBuilder, relabel } from './relabel.js';
