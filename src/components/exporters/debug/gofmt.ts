// The few Go formatting verbs the debug exporter's text output depends on, reproduced exactly so
// the output matches the Go collector's byte for byte: pcommon.Timestamp.String() (time.Time's
// String in UTC), `%f` and `%v` of a float64, and `%-15s` padding.

/** Go's `%-Ns`: pads on the right to `width` characters, never truncates. */
export function padRight(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function formatYear(y: number): string {
  // time.Time.String prints years 0-9999 with four digits; negative years keep the minus sign.
  if (y < 0) return `-${String(-y).padStart(4, '0')}`;
  return String(y).padStart(4, '0');
}

/**
 * pcommon.Timestamp.String(): `time.Unix(0, int64(ts)).UTC().String()`, e.g.
 * `2025-04-17 08:40:44.555461596 +0000 UTC`; the fraction drops trailing zeros and disappears
 * when zero. The uint64 is read as int64 first, as Go's conversion does.
 */
export function formatTimestamp(ns: bigint): string {
  const v = BigInt.asIntN(64, ns);
  let secs = v / 1_000_000_000n;
  let frac = v % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    secs -= 1n;
  }
  const d = new Date(Number(secs) * 1000);
  let out =
    `${formatYear(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  if (frac !== 0n) out += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return out + ' +0000 UTC';
}

function nonFinite(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/**
 * Go's `%f` (six decimals). JS toFixed rounds exact ties away from zero where Go (strconv's
 * exact decimal rounding) rounds them to even; an exact tie at the 7th decimal needs the value
 * to be an odd multiple of 2^-7, so that case is detected and corrected. Magnitudes from 1e21
 * print all their integer digits, as Go does, instead of toFixed's exponent form.
 */
export function formatFloatF(v: number): string {
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let body: string;
  if (a >= 1e21) body = `${BigInt(a).toString()}.000000`;
  else {
    body = a.toFixed(6);
    const scaled = a * 128;
    if (Number.isInteger(scaled) && scaled % 2 === 1) {
      const last = body.charCodeAt(body.length - 1) - 48;
      // toFixed went up to an odd last digit: the even neighbour is one unit below (no borrow).
      if (last % 2 === 1) body = body.slice(0, -1) + String(last - 1);
    }
  }
  return neg ? `-${body}` : body;
}

/**
 * Go's `%v` of a float64 (strconv 'g' with the shortest round-tripping digits): `%e` form, with
 * at least two exponent digits, when the decimal exponent is below -4 or at least 6 (the
 * threshold strconv uses for shortest output), plain decimals otherwise. So 1e6 prints
 * `1e+06`, 123456 prints `123456` and 0.00001 prints `1e-05`.
 */
export function formatFloatV(v: number): string {
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const neg = v < 0;
  // toExponential() without an argument yields the shortest round-tripping digits.
  const [mant, expText] = Math.abs(v).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  let body: string;
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    body = `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  } else if (exp < 0) {
    body = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}
