// Text-format details shared by everything that writes Prometheus exposition: floats, escaping and
// name validity, as prometheus/common v0.65.0 `expfmt/{text_create.go,openmetrics_create.go}` and
// `model/metric.go` do them (the versions the v0.130.0 collector links).

/**
 * A float as the 0.0.4 text format writes it (expfmt writeFloat): `NaN`, `+Inf`, `-Inf`, `0` for
 * both zeros, else Go's strconv.FormatFloat(v, 'g', -1, 64): shortest digits, and with the shortest
 * precision Go switches to an exponent below 1e-4 and from 1e+06 up (`1e+06`, `1.5e-05`), at least
 * two exponent digits.
 */
export function formatFloat(v: number): string {
  if (v === 0) return '0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  // toExponential() without digits gives the shortest round-trip digits, as Go's precision -1.
  const text = v.toExponential();
  const e = text.indexOf('e');
  const exp = Number(text.slice(e + 1));
  if (exp < -4 || exp >= 6) return goExponent(text.slice(0, e), exp);
  // In [1e-4, 1e6) JavaScript prints the same digits without an exponent.
  return String(v);
}

function goExponent(mantissa: string, exp: number): string {
  const a = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

/** A float as OpenMetrics 1.0 writes it (expfmt writeOpenMetricsFloat): integral values get `.0`. */
export function formatOpenMetricsFloat(v: number): string {
  const s = formatFloat(v);
  if (s === '0') return '0.0';
  if (s === 'NaN' || s === '+Inf' || s === '-Inf') return s;
  return /[e.]/.test(s) ? s : `${s}.0`;
}

/** A label value inside double quotes: `\` `"` and newline escaped (expfmt quotedEscaper). */
export function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
}

/** HELP text in the 0.0.4 format: `\` and newline escaped, quotes kept (expfmt escaper). */
export function escapeHelp(v: string): string {
  return /[\\\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : v;
}

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

export function isValidLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/**
 * model.EscapeName with UnderscoreEscaping, what a scrape gets when it does not ask for
 * `escaping=allow-utf-8`: a name that is not legacy-valid has every rune outside `[a-zA-Z0-9_:]`
 * (and a leading digit) replaced by `_` — one `_` per rune, so `é` is one `_`.
 */
export function escapeNameUnderscores(name: string): string {
  if (name === '' || LEGACY_METRIC_NAME.test(name)) return name;
  let out = '';
  let first = true;
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || ch === '_' || ch === ':' || (c >= 48 && c <= 57 && !first);
    out += ok ? ch : '_';
    first = false;
  }
  return out;
}
