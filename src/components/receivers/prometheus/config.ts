// The `prometheus` receiver settings: Go's `config:` (a Prometheus configuration inline, contrib
// receiver/prometheusreceiver/config.go) and, beyond Go, `config_file:` naming an existing
// prometheus.yml, read as it is (no `${…}` expansion, so `$1` in a relabel replacement stays `$1`).

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { type ConfigIssue, s, type Infer } from '../../../core/schema.js';
import { parsePromConfig, PromConfigError, type PromConfig } from './promconfig.js';

export const prometheusReceiverConfig = s.object({
  config: s.any().doc('A Prometheus configuration (global, scrape_configs, …) inline.'),
  config_file: s.string('').doc('Path of a prometheus.yml used unchanged (relative file_sd paths resolve from its directory).'),
  trim_metric_suffixes: s.bool(false).doc('Accepted for Go compatibility; not applied yet.'),
  use_start_time_metric: s.bool(false).doc('Accepted for Go compatibility; not applied yet.'),
  start_time_metric_regex: s.string('').doc('Accepted for Go compatibility; not applied yet.'),
  report_extra_scrape_metrics: s.bool(false).doc('Accepted for Go compatibility; not applied yet.'),
});

export type PrometheusReceiverConfig = Infer<(typeof prometheusReceiverConfig)['fields']>;

/** Loads and parses the Prometheus configuration the settings name. Throws PromConfigError. */
export function loadPromConfig(cfg: PrometheusReceiverConfig): PromConfig {
  const hasInline = cfg.config !== undefined && cfg.config !== null;
  if (hasInline && cfg.config_file !== '') throw new PromConfigError('set either config or config_file, not both');
  if (cfg.config_file !== '') {
    let text: string;
    try {
      text = readFileSync(cfg.config_file, 'utf8');
    } catch (err) {
      throw new PromConfigError(`cannot read config_file ${JSON.stringify(cfg.config_file)}: ${(err as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = parseYamlText(text);
    } catch (err) {
      throw new PromConfigError(`config_file ${cfg.config_file}: ${(err as Error).message}`);
    }
    const base = dirname(resolve(cfg.config_file));
    return parsePromConfig(raw, (p) => (isAbsolute(p) ? p : resolve(base, p)));
  }
  if (!hasInline) throw new PromConfigError('either config or config_file is required');
  return parsePromConfig(cfg.config);
}

export function validatePrometheusReceiverConfig(cfg: PrometheusReceiverConfig): ConfigIssue[] {
  try {
    const parsed = loadPromConfig(cfg);
    if (parsed.scrapeConfigs.length === 0)
      return [{ path: [cfg.config_file !== '' ? 'config_file' : 'config'], message: 'no scrape_configs: nothing to scrape' }];
    return [];
  } catch (err) {
    if (err instanceof PromConfigError) return [{ path: [cfg.config_file !== '' ? 'config_file' : 'config'], message: err.message }];
    throw err;
  }
}
