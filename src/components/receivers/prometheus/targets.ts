// Target groups → scrape targets, as Prometheus's scrape/target.go PopulateLabels: the group's
// labels under the target's, then the job's defaults where unset (job, __scheme__,
// __metrics_path__, __scrape_interval__, __scrape_timeout__, __param_*), relabel_configs, then
// every `__`-prefixed label removed and `instance` defaulting to `__address__`.

import { relabel, type Label } from '../../../shared/promrelabel/index.js';
import type { ScrapeConfig, TargetGroup } from './promconfig.js';

export interface Target {
  /** Identity across target-group updates: the final label set plus the URL. */
  key: string;
  url: string;
  labels: Label[];
}

function formatDuration(ms: number): string {
  // Prometheus model.Duration.String(): largest units first, e.g. 1m, 15s, 1h30m.
  if (ms === 0) return '0s';
  let out = '';
  let rest = ms;
  for (const [unit, size] of [
    ['y', 365 * 86400e3],
    ['w', 7 * 86400e3],
    ['d', 86400e3],
    ['h', 3600e3],
    ['m', 60e3],
    ['s', 1e3],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

export function targetsOf(cfg: ScrapeConfig, groups: readonly TargetGroup[]): { targets: Target[]; dropped: number; errors: string[] } {
  const targets: Target[] = [];
  const errors: string[] = [];
  let dropped = 0;
  const seen = new Set<string>();
  for (const g of groups) {
    for (const address of g.targets) {
      const base = new Map<string, string>(Object.entries(g.labels));
      base.set('__address__', address);
      const defaults: [string, string][] = [
        ['job', cfg.jobName],
        ['__scrape_interval__', formatDuration(cfg.intervalMs)],
        ['__scrape_timeout__', formatDuration(cfg.timeoutMs)],
        ['__metrics_path__', cfg.metricsPath],
        ['__scheme__', cfg.scheme],
      ];
      for (const [k, v] of Object.entries(cfg.params)) if (v.length > 0) defaults.push([`__param_${k}`, v[0]!]);
      for (const [k, v] of defaults) if (!base.has(k)) base.set(k, v);
      const input: Label[] = [];
      for (const [name, value] of base) if (value !== '') input.push({ name, value });
      const out = relabel(input, cfg.relabel);
      if (out === null) {
        dropped++;
        continue;
      }
      const get = (n: string): string => out.find((l) => l.name === n)?.value ?? '';
      const addr = get('__address__');
      if (addr === '') {
        errors.push(`no address for target ${JSON.stringify(address)} of job ${cfg.jobName}`);
        continue;
      }
      if (addr.includes('/')) {
        errors.push(`${JSON.stringify(addr)} is not a valid hostname (job ${cfg.jobName})`);
        continue;
      }
      const params = new URLSearchParams();
      const fromLabels = new Map<string, string>();
      for (const l of out) if (l.name.startsWith('__param_')) fromLabels.set(l.name.slice(8), l.value);
      for (const [k, vs] of Object.entries(cfg.params)) {
        if (fromLabels.has(k)) continue;
        for (const v of vs) params.append(k, v);
      }
      for (const [k, v] of fromLabels) params.append(k, v);
      const query = params.toString();
      const url = `${get('__scheme__') || cfg.scheme}://${addr}${get('__metrics_path__')}${query ? `?${query}` : ''}`;
      const labels = out.filter((l) => !l.name.startsWith('__'));
      if (!labels.some((l) => l.name === 'instance')) {
        labels.push({ name: 'instance', value: addr });
        labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      const key = `${url}\u0000${labels.map((l) => `${l.name}=${l.value}`).join('\u0000')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push({ key, url, labels });
    }
  }
  return { targets, dropped, errors };
}
