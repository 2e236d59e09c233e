// Number syntax of the exposition formats: Go's strconv.ParseFloat (what Prometheus's textparse
// calls), which differs from JavaScript's Number(): it takes `Inf`/`infinity`/`NaN` in any case
// and hex floats only with a `p` exponent, and it rejects '', surrounding spaces and `0x1F`.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF = /^([+-]?)inf(?:inity)?$/i;
const NAN = /^[+-]?nan$/i;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/** Returns undefined when Go's ParseFloat would fail (a value out of range is ±Inf there too). */
export function parseGoFloat(s: string): number | undefined {
  if (DECIMAL.test(s)) return Number(s);
  const inf = INF.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  if (NAN.test(s)) return NaN;
  const hex = HEX.exec(s);
  if (hex !== null) {
    const int = hex[2]!;
    const frac = hex[3] ?? '';
    if (int === '' && frac === '') return undefined;
    let mantissa = 0;
    for (const c of int + frac) mantissa = mantissa * 16 + parseInt(c, 16);
    const v = mantissa * Math.pow(2, Number(hex[4]) - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

/** Go's strconv.ParseInt(s, 10, 64); undefined on syntax error or overflow. */
export function parseGoInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return Number(v);
}
