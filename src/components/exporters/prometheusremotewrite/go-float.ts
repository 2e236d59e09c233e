// Go's strconv.FormatFloat(v, 'f', -1, 64), which the remote-write translator uses for `le` and
// `quantile` label values (helper.go): the shortest digits that round-trip, never an exponent
// (1e-7 → "0.0000001", 1e21 → "1000000000000000000000"), "+Inf"/"-Inf"/"NaN", and "-0".

export function goFormatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return 1 / v < 0 ? '-0' : '0';
  const s = String(v);
  if (!s.includes('e')) return s;
  // toExponential() without an argument gives the shortest round-trip digits, as Go's precision -1.
  const text = Math.abs(v).toExponential();
  const e = text.indexOf('e');
  const digits = text.slice(0, e).replace('.', '');
  const exp = Number(text.slice(e + 1));
  let out: string;
  if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  return v < 0 ? '-' + out : out;
}
