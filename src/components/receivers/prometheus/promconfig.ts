// The Prometheus configuration file (prometheus.yml) as a scraper reads it: `global` and
// `scrape_configs` with Prometheus's defaults (config/config.go DefaultGlobalConfig,
// DefaultScrapeConfig) and its scrape-timeout rules. Server-only sections (rule_files, alerting,
// remote_write, remote_read, storage, tracing) are accepted and returned in `ignored` so the
// receiver can warn once; they are never an error, since the user's file must load unchanged.

import { readFileSync } from 'node:fs';
import { parseRelabelRules, RelabelConfigError, type RelabelRule } from '../../../shared/promrelabel/index.js';

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
  source: string;
}

export interface FileSdConfig {
  files: string[];
  refreshIntervalMs: number;
}

export interface ScrapeConfig {
  jobName: string;
  intervalMs: number;
  timeoutMs: number;
  metricsPath: string;
  scheme: 'http' | 'https';
  params: Record<string, string[]>;
  honorLabels: boolean;
  honorTimestamps: boolean;
  sampleLimit: number;
  labelLimit: number;
  bodySizeLimit: number;
  staticConfigs: TargetGroup[];
  fileSdConfigs: FileSdConfig[];
  relabel: RelabelRule[];
  metricRelabel: RelabelRule[];
  /** The Authorization header value from basic_auth or authorization, read once at load. */
  authorization?: string;
  /** Keys this first cut reads but does not apply (tls_config, proxy_url, …): warned about. */
  unsupported: string[];
}

export interface PromConfig {
  externalLabels: Record<string, string>;
  scrapeConfigs: ScrapeConfig[];
  ignored: string[];
}

export class PromConfigError extends Error {}

const IGNORED_TOP = ['rule_files', 'alerting', 'remote_write', 'remote_read', 'storage', 'tracing', 'scrape_config_files', 'otlp', 'runtime'];
const KNOWN_TOP = new Set(['global', 'scrape_configs', ...IGNORED_TOP]);
const SUPPORTED_JOB = new Set([
  'job_name',
  'scrape_interval',
  'scrape_timeout',
  'metrics_path',
  'scheme',
  'params',
  'honor_labels',
  'honor_timestamps',
  'sample_limit',
  'label_limit',
  'body_size_limit',
  'static_configs',
  'file_sd_configs',
  'relabel_configs',
  'metric_relabel_configs',
  'basic_auth',
  'authorization',
]);

/** Prometheus model.ParseDuration: `1h30m`, `15s`, `500ms`, `1d`, `1w`, `1y`; no fractions. */
export function parsePromDuration(v: unknown, what: string): number {
  const s = String(v);
  const units: Record<string, number> = { y: 365 * 86400e3, w: 7 * 86400e3, d: 86400e3, h: 3600e3, m: 60e3, s: 1e3, ms: 1 };
  if (s === '0') return 0;
  const re = /(\d+)(ms|y|w|d|h|m|s)/y;
  let i = 0;
  let total = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (m === null) throw new PromConfigError(`not a valid duration string: ${JSON.stringify(s)} (${what})`);
    total += Number(m[1]) * units[m[2]!]!;
    i = re.lastIndex;
  }
  if (s === '') throw new PromConfigError(`empty duration string (${what})`);
  return total;
}

function str(v: unknown): string {
  // The collector's loader wraps `${…}` results (Expanded: raw text) and integral floats (YamlFloat).
  if (v !== null && typeof v === 'object' && 'raw' in v && typeof (v as { raw: unknown }).raw === 'string') return (v as { raw: string }).raw;
  if (v !== null && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return v === null || v === undefined ? '' : String(v);
}

function mapping(v: unknown, what: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new PromConfigError(`${what} must be a mapping`);
  return v as Record<string, unknown>;
}

function list(v: unknown, what: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new PromConfigError(`${what} must be a list`);
  return v;
}

function labelMap(v: unknown, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(mapping(v, what))) out[k] = str(val);
  return out;
}

function bool(v: unknown, def: boolean): boolean {
  if (v === undefined || v === null) return def;
  if (typeof v === 'boolean') return v;
  const s = str(v).toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : def;
}

export function parseTargetGroups(v: unknown, what: string, source: string): TargetGroup[] {
  return list(v, what).map((g, i) => {
    const o = mapping(g, `${what}[${i}]`);
    return {
      targets: list(o.targets, `${what}[${i}].targets`).map(str),
      labels: labelMap(o.labels, `${what}[${i}].labels`),
      source: `${source}:${i}`,
    };
  });
}

/** Parses a loaded prometheus.yml. `baseDir` resolves relative file_sd paths, as Prometheus does from the file's directory. */
export function parsePromConfig(raw: unknown, resolvePath: (p: string) => string = (p) => p): PromConfig {
  const top = mapping(raw, 'the Prometheus config');
  const ignored: string[] = [];
  for (const k of Object.keys(top)) {
    if (!KNOWN_TOP.has(k)) throw new PromConfigError(`field ${k} not found in type config.plain`);
    if (IGNORED_TOP.includes(k) && top[k] !== null && top[k] !== undefined) ignored.push(k);
  }
  const global = mapping(top.global, 'global');
  const gInterval =
    global.scrape_interval !== undefined && global.scrape_interval !== null
      ? parsePromDuration(str(global.scrape_interval), 'global.scrape_interval')
      : 60_000;
  const gTimeout =
    global.scrape_timeout !== undefined && global.scrape_timeout !== null
      ? parsePromDuration(str(global.scrape_timeout), 'global.scrape_timeout')
      : 10_000;
  if (gTimeout > gInterval) throw new PromConfigError('global scrape timeout greater than scrape interval');
  const externalLabels = labelMap(global.external_labels, 'global.external_labels');

  const jobs = new Set<string>();
  const scrapeConfigs = list(top.scrape_configs, 'scrape_configs').map((entry, idx) => {
    const o = mapping(entry, `scrape_configs[${idx}]`);
    const jobName = str(o.job_name);
    if (jobName === '') throw new PromConfigError('job_name is empty');
    if (jobs.has(jobName)) throw new PromConfigError(`found multiple scrape configs with job name ${JSON.stringify(jobName)}`);
    jobs.add(jobName);
    const where = `job ${JSON.stringify(jobName)}`;
    const intervalMs = o.scrape_interval != null ? parsePromDuration(str(o.scrape_interval), `${where} scrape_interval`) : gInterval;
    let timeoutMs: number;
    if (o.scrape_timeout != null) timeoutMs = parsePromDuration(str(o.scrape_timeout), `${where} scrape_timeout`);
    else timeoutMs = gTimeout > intervalMs ? intervalMs : gTimeout;
    if (timeoutMs > intervalMs)
      throw new PromConfigError(`scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName)}`);
    const scheme = o.scheme != null ? str(o.scheme) : 'http';
    if (scheme !== 'http' && scheme !== 'https') throw new PromConfigError(`URL scheme must be 'http' or 'https' (${where})`);
    const params: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(mapping(o.params, `${where} params`))) params[k] = list(v, `${where} params.${k}`).map(str);
    const relabelAt = (key: string): RelabelRule[] => {
      try {
        return parseRelabelRules(o[key]);
      } catch (err) {
        if (err instanceof RelabelConfigError) throw new PromConfigError(`${where} ${key}[${String(err.path[0])}]: ${err.message}`);
        throw err;
      }
    };
    return {
      jobName,
      intervalMs,
      timeoutMs,
      metricsPath: o.metrics_path != null ? str(o.metrics_path) : '/metrics',
      scheme,
      params,
      honorLabels: bool(o.honor_labels, false),
      honorTimestamps: bool(o.honor_timestamps, true),
      sampleLimit: Number(str(o.sample_limit ?? 0)) || 0,
      labelLimit: Number(str(o.label_limit ?? 0)) || 0,
      bodySizeLimit: Number(str(o.body_size_limit ?? 0)) || 0,
      staticConfigs: parseTargetGroups(o.static_configs, `${where} static_configs`, `static/${jobName}`),
      fileSdConfigs: list(o.file_sd_configs, `${where} file_sd_configs`).map((f, i) => {
        const fo = mapping(f, `${where} file_sd_configs[${i}]`);
        return {
          files: list(fo.files, `${where} file_sd_configs[${i}].files`).map((p) => resolvePath(str(p))),
          refreshIntervalMs: fo.refresh_interval != null ? parsePromDuration(str(fo.refresh_interval), `${where} refresh_interval`) : 300_000,
        };
      }),
      relabel: relabelAt('relabel_configs'),
      metricRelabel: relabelAt('metric_relabel_configs'),
      unsupported: Object.keys(o).filter((k) => !SUPPORTED_JOB.has(k)),
      ...authorizationOf(o, where, resolvePath),
    } satisfies ScrapeConfig;
  });
  return { externalLabels, scrapeConfigs, ignored };
}

function secretOf(o: Record<string, unknown>, key: string, fileKey: string, where: string, resolvePath: (p: string) => string): string {
  if (o[key] != null && o[fileKey] != null) throw new PromConfigError(`at most one of ${key} & ${fileKey} must be configured (${where})`);
  if (o[fileKey] != null) {
    const path = resolvePath(str(o[fileKey]));
    try {
      // Prometheus trims surrounding whitespace from secret files (common/config/http_config.go).
      return readFileSync(path, 'utf8').trim();
    } catch (err) {
      throw new PromConfigError(`unable to read ${fileKey} ${path} (${where}): ${(err as Error).message}`);
    }
  }
  return str(o[key]);
}

/** basic_auth / authorization (common/config/http_config.go): one of them, credentials inline or from a file. */
function authorizationOf(o: Record<string, unknown>, where: string, resolvePath: (p: string) => string): { authorization?: string } {
  const basic = o.basic_auth != null ? mapping(o.basic_auth, `${where} basic_auth`) : undefined;
  const authz = o.authorization != null ? mapping(o.authorization, `${where} authorization`) : undefined;
  if (basic && authz) throw new PromConfigError(`at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured (${where})`);
  if (basic) {
    const user = secretOf(basic, 'username', 'username_file', where, resolvePath);
    const pass = secretOf(basic, 'password', 'password_file', where, resolvePath);
    return { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
  }
  if (authz) {
    const type = authz.type != null ? str(authz.type) : 'Bearer';
    if (type.toLowerCase() === 'basic') throw new PromConfigError(`authorization type cannot be set to "basic", use "basic_auth" instead (${where})`);
    return { authorization: `${type} ${secretOf(authz, 'credentials', 'credentials_file', where, resolvePath)}` };
  }
  return {};
}
