// Prometheus text exposition format 0.0.4, rendered the way the Go collector's /metrics endpoint
// renders it (prometheus/common expfmt text_create.go): families sorted by name, labels sorted by
// name with `le` last on buckets, floats in Go's shortest %g form, counters without `_total`.

/** Label name/value pairs, sorted by name. */
export type LabelPairs = ReadonlyArray<readonly [string, string]>;

export interface ScalarSample {
  labels: LabelPairs;
  value: number;
}

export interface HistogramSample {
  labels: LabelPairs;
  /** Upper bounds, ascending, without +Inf. */
  bounds: readonly number[];
  /** Per-bucket (not cumulative) counts: bounds.length + 1 entries, the last for +Inf. */
  counts: ArrayLike<number>;
  sum: number;
  count: number;
}

export type MetricFamily =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: ScalarSample[] }
  | { name: string; help: string; type: 'histogram'; samples: HistogramSample[] };

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A float as Go's strconv.FormatFloat(v, 'g', -1, 64) writes it: shortest digits, exponent form
 * below 1e-4 and from 1e+06 up (`1.234567e+06`), which is how Go prints RSS and byte counters.
 */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mantissa, expText] = Math.abs(v).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${v < 0 ? '-' : ''}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return String(v);
}

function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
}

function escapeHelp(v: string): string {
  return /[\\\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : v;
}

/** Sorted union of series labels and constant labels; a series label shadows a constant one. */
function mergeLabels(series: LabelPairs, constant: LabelPairs): LabelPairs {
  if (constant.length === 0) return series;
  if (series.length === 0) return constant;
  const names = new Set(series.map(([k]) => k));
  const out = [...series, ...constant.filter(([k]) => !names.has(k))];
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function renderLabels(pairs: LabelPairs, extra?: string): string {
  if (pairs.length === 0 && extra === undefined) return '';
  let out = '{';
  for (let i = 0; i < pairs.length; i++) {
    if (i) out += ',';
    out += `${pairs[i]![0]}="${escapeLabelValue(pairs[i]![1])}"`;
  }
  if (extra !== undefined) out += `${pairs.length ? ',' : ''}${extra}`;
  return out + '}';
}

/** Renders families (in the order given) with `constant` labels added to every sample. */
export function renderExposition(families: readonly MetricFamily[], constant: LabelPairs = []): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    if (f.type === 'histogram') {
      for (const s of f.samples) {
        const labels = mergeLabels(s.labels, constant);
        let cumulative = 0;
        for (let i = 0; i < s.bounds.length; i++) {
          cumulative += s.counts[i]!;
          out += `${f.name}_bucket${renderLabels(labels, `le="${formatValue(s.bounds[i]!)}"`)} ${formatValue(cumulative)}\n`;
        }
        out += `${f.name}_bucket${renderLabels(labels, 'le="+Inf"')} ${formatValue(s.count)}\n`;
        const plain = renderLabels(labels);
        out += `${f.name}_sum${plain} ${formatValue(s.sum)}\n${f.name}_count${plain} ${formatValue(s.count)}\n`;
      }
    } else {
      for (const s of f.samples) out += `${f.name}${renderLabels(mergeLabels(s.labels, constant))} ${formatValue(s.value)}\n`;
    }
  }
  return out;
}

/** A metric or label name with the characters Prometheus rejects replaced by `_`. */
export function sanitizeName(name: string, allowColon: boolean): string {
  const re = allowColon ? /[^a-zA-Z0-9_:]/g : /[^a-zA-Z0-9_]/g;
  const out = name.replace(re, '_');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}
