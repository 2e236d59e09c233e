// count connector options (contrib connector/countconnector/config.go v0.130.0). Each key maps
// a metric name to {description, conditions, attributes}; with all keys empty Go emits its five
// default metrics. Custom metrics need OTTL conditions, which we do not have yet, so any entry
// is a config error rather than a silently different count.

import { s, type ConfigIssue } from '../../../core/schema.js';

const KEYS = ['spans', 'spanevents', 'metrics', 'datapoints', 'logs'] as const;

export const countConfig = s.object({
  spans: s.map(s.any()).doc('custom span counts (not supported yet)'),
  spanevents: s.map(s.any()).doc('custom span event counts (not supported yet)'),
  metrics: s.map(s.any()).doc('custom metric counts (not supported yet)'),
  datapoints: s.map(s.any()).doc('custom data point counts (not supported yet)'),
  logs: s.map(s.any()).doc('custom log record counts (not supported yet)'),
});

export type CountConfig = ReturnType<typeof countConfig.defaultValue>;

export function validateCount(cfg: CountConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of KEYS) {
    for (const name of Object.keys(cfg[key])) {
      issues.push({
        path: [key, name],
        message: `custom count metrics are not supported yet (only the default metrics); remove "${key}.${name}"`,
      });
    }
  }
  return issues;
}
