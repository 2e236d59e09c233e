// Families → the Prometheus text format 0.0.4 or OpenMetrics 1.0.0, byte for byte as
// prometheus/common v0.65 `expfmt/{text_create.go,openmetrics_create.go}` writes them for
// client_golang v1.22's promhttp (what the Go v0.130 exporter serves), and the content negotiation
// of `expfmt/encode.go` (Negotiate / NegotiateIncludingOpenMetrics).

import {
  escapeHelp,
  escapeLabelValue,
  escapeNameUnderscores,
  formatFloat,
  formatOpenMetricsFloat,
  isValidLegacyMetricName,
} from '../../../shared/prometheus/index.js';
import type { Family, PromExemplar, PromSeries } from './collect.js';

export type Escaping = 'underscores' | 'allow-utf-8';

export interface Format {
  openMetrics: boolean;
  /** The OpenMetrics version asked for ('1.0.0' or '0.0.1'); the body is the same. */
  version: string;
  escaping: Escaping;
  contentType: string;
}

interface AcceptEntry {
  type: string;
  params: Record<string, string>;
  q: number;
}

/** goautoneg.ParseAccept: media ranges with their parameters, stable-sorted by q descending. */
function parseAccept(header: string): AcceptEntry[] {
  const out: AcceptEntry[] = [];
  for (const part of header.split(',')) {
    const [mt, ...ps] = part.split(';');
    const type = (mt ?? '').trim();
    if (type === '') continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of ps) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim();
      const v = p.slice(eq + 1).trim();
      if (k === 'q') q = Number(v);
      else params[k] = v;
    }
    out.push({ type, params, q: Number.isNaN(q) ? 0 : q });
  }
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.q - a.e.q || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * The format a scrape gets. Without `enableOpenMetrics` it is always the text format (Go's
 * Negotiate); with it, the first acceptable of text/plain 0.0.4 and application/openmetrics-text
 * (1.0.0, 0.0.1) in q order, text otherwise. An `escaping=allow-utf-8` parameter keeps UTF-8 names
 * (quoted); any other value keeps the default underscore escaping. The protobuf format is not offered.
 */
export function negotiate(accept: string | undefined, enableOpenMetrics: boolean): Format {
  let escaping: Escaping = 'underscores';
  for (const e of parseAccept(accept ?? '')) {
    if (e.params['escaping'] === 'allow-utf-8') escaping = 'allow-utf-8';
    else if (e.params['escaping'] === 'underscores') escaping = 'underscores';
    const ver = e.params['version'] ?? '';
    if (e.type === 'text/plain' && (ver === '0.0.4' || ver === '')) break;
    if (enableOpenMetrics && e.type === 'application/openmetrics-text' && (ver === '0.0.1' || ver === '1.0.0' || ver === '')) {
      const version = ver === '1.0.0' ? '1.0.0' : '0.0.1';
      return {
        openMetrics: true,
        version,
        escaping,
        contentType: `application/openmetrics-text; version=${version}; charset=utf-8; escaping=${escaping}`,
      };
    }
  }
  return { openMetrics: false, version: '0.0.4', escaping, contentType: `text/plain; version=0.0.4; charset=utf-8; escaping=${escaping}` };
}

function escapeName(name: string, escaping: Escaping): string {
  return escaping === 'underscores' ? escapeNameUnderscores(name) : name;
}

/** expfmt writeName: a legacy-valid name as is, else quoted (only reachable with allow-utf-8). */
function writeName(name: string): string {
  return isValidLegacyMetricName(name) ? name : `"${escapeLabelValue(name)}"`;
}

/** `name{a="x",…,extra="v"}`, with the name inside the braces when it needs quoting. */
function nameAndLabels(name: string, labels: string, extra?: string): string {
  const inside = !isValidLegacyMetricName(name);
  let out = inside ? `{${writeName(name)}` : name;
  if (labels === '' && extra === undefined) return inside ? out + '}' : out;
  out += inside ? ',' : '{';
  out += labels;
  if (extra !== undefined) out += (labels === '' ? '' : ',') + extra;
  return out + '}';
}

function labelText(s: PromSeries, escaping: Escaping): string {
  let out = '';
  for (const [k, v] of s.labels) out += `${out === '' ? '' : ','}${writeName(escapeName(k, escaping))}="${escapeLabelValue(v)}"`;
  return out;
}

function seriesText(name: string, type: Family['type'], s: PromSeries, escaping: Escaping): string {
  const labels = labelText(s, escaping);
  const ts = s.timestampMs === undefined ? '' : ` ${s.timestampMs}`;
  let out = '';
  if (type === 'histogram') {
    let inf = false;
    for (const b of s.buckets) {
      if (b.bound === Infinity) inf = true;
      out += `${nameAndLabels(`${name}_bucket`, labels, `le="${formatFloat(b.bound)}"`)} ${formatFloat(Number(b.cumulative))}${ts}\n`;
    }
    if (!inf) out += `${nameAndLabels(`${name}_bucket`, labels, 'le="+Inf"')} ${formatFloat(Number(s.count))}${ts}\n`;
    out += `${nameAndLabels(`${name}_sum`, labels)} ${formatFloat(s.sum)}${ts}\n`;
    out += `${nameAndLabels(`${name}_count`, labels)} ${formatFloat(Number(s.count))}${ts}\n`;
  } else if (type === 'summary') {
    for (const q of s.quantiles) out += `${nameAndLabels(name, labels, `quantile="${formatFloat(q.quantile)}"`)} ${formatFloat(q.value)}${ts}\n`;
    out += `${nameAndLabels(`${name}_sum`, labels)} ${formatFloat(s.sum)}${ts}\n`;
    out += `${nameAndLabels(`${name}_count`, labels)} ${formatFloat(Number(s.count))}${ts}\n`;
  } else {
    out += `${nameAndLabels(name, labels)} ${formatFloat(s.value)}${ts}\n`;
  }
  return out;
}

/** The 0.0.4 text format. */
export function writeText(families: readonly Family[], escaping: Escaping): string {
  const parts: string[] = [];
  for (const f of families) {
    const name = escapeName(f.name, escaping);
    parts.push(`# HELP ${writeName(name)} ${escapeHelp(f.help)}\n# TYPE ${writeName(name)} ${f.type}\n`);
    for (const s of f.series) {
      if (escaping !== 'underscores') {
        parts.push(seriesText(name, f.type, s, escaping));
        continue;
      }
      const cache = (s.cache ??= {});
      parts.push((cache.text ??= seriesText(name, f.type, s, escaping)));
    }
  }
  return parts.join('');
}

function exemplarText(e: PromExemplar | undefined): string {
  // expfmt writes an exemplar only when it has labels.
  if (e === undefined || e.labels.length === 0) return '';
  const labels = e.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
  return ` # {${labels}} ${formatOpenMetricsFloat(e.value)} ${formatOpenMetricsFloat(Number(e.time) / 1e9)}`;
}

function seriesOpenMetrics(full: string, family: string, type: Family['type'], s: PromSeries, escaping: Escaping): string {
  const labels = labelText(s, escaping);
  const ts = s.timestampMs === undefined ? '' : ` ${formatOpenMetricsFloat(Number(s.timestampMs) / 1000)}`;
  let out = '';
  if (type === 'histogram') {
    let inf = false;
    for (const b of s.buckets) {
      if (b.bound === Infinity) inf = true;
      out += `${nameAndLabels(`${family}_bucket`, labels, `le="${formatOpenMetricsFloat(b.bound)}"`)} ${b.cumulative}${ts}${exemplarText(b.exemplar)}\n`;
    }
    if (!inf) out += `${nameAndLabels(`${family}_bucket`, labels, 'le="+Inf"')} ${s.count}${ts}\n`;
    out += `${nameAndLabels(`${family}_sum`, labels)} ${formatOpenMetricsFloat(s.sum)}${ts}\n`;
    out += `${nameAndLabels(`${family}_count`, labels)} ${s.count}${ts}\n`;
  } else if (type === 'summary') {
    for (const q of s.quantiles) {
      out += `${nameAndLabels(family, labels, `quantile="${formatOpenMetricsFloat(q.quantile)}"`)} ${formatOpenMetricsFloat(q.value)}${ts}\n`;
    }
    out += `${nameAndLabels(`${family}_sum`, labels)} ${formatOpenMetricsFloat(s.sum)}${ts}\n`;
    out += `${nameAndLabels(`${family}_count`, labels)} ${s.count}${ts}\n`;
  } else if (type === 'counter') {
    out += `${nameAndLabels(full, labels)} ${formatOpenMetricsFloat(s.value)}${ts}${exemplarText(s.exemplar)}\n`;
  } else {
    out += `${nameAndLabels(family, labels)} ${formatOpenMetricsFloat(s.value)}${ts}\n`;
  }
  return out;
}

/** OpenMetrics 1.0.0 (the same body answers a 0.0.1 request), ending in `# EOF`. */
export function writeOpenMetrics(families: readonly Family[], escaping: Escaping): string {
  const parts: string[] = [];
  for (const f of families) {
    const full = escapeName(f.name, escaping);
    // A counter's family is named without `_total`, its samples with it; without `_total` the
    // family is typed unknown (expfmt openmetrics_create.go).
    const totalCounter = f.type === 'counter' && full.endsWith('_total');
    const family = totalCounter ? full.slice(0, -6) : full;
    const type = f.type === 'counter' ? (totalCounter ? 'counter' : 'unknown') : f.type === 'untyped' ? 'unknown' : f.type;
    parts.push(`# HELP ${writeName(family)} ${escapeLabelValue(f.help)}\n# TYPE ${writeName(family)} ${type}\n`);
    for (const s of f.series) {
      if (escaping !== 'underscores') {
        parts.push(seriesOpenMetrics(full, family, f.type, s, escaping));
        continue;
      }
      const cache = (s.cache ??= {});
      parts.push((cache.om ??= seriesOpenMetrics(full, family, f.type, s, escaping)));
    }
  }
  parts.push('# EOF\n');
  return parts.join('');
}
