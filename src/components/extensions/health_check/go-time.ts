// Go's text forms of time values, which health_check JSON and zpages show byte-for-byte:
// time.Time's JSON (RFC 3339 with nanoseconds, trailing zeros trimmed, `Z` for UTC) and
// time.Duration's String() (`1h2m3.5s`, `1.5ms`, `750µs`). Go's `src/time/format.go`, `time.go`.

/** Go's zero time.Time as JSON marshals it. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `date` in RFC 3339 with fractional seconds, in the process's local zone as Go's time.Now()
 * (UTC in a container, hence `Z`). JavaScript dates carry milliseconds, so at most 3 digits.
 */
export function formatRFC3339Nano(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000);
  let out =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const ms = local.getUTCMilliseconds();
  if (ms) out += `.${pad(ms, 3).replace(/0+$/, '')}`;
  if (offsetMin === 0) return `${out}Z`;
  const abs = Math.abs(offsetMin);
  return `${out}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `value / 10^prec` with the fraction's trailing zeros (and a bare point) dropped, as fmtFrac. */
function withFraction(value: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const whole = value / scale;
  const frac = (value % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** time.Duration(ns).String(). */
export function formatGoDuration(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u === 0n) return '0s';
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${withFraction(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${withFraction(u, 6)}ms`;
  const seconds = withFraction(u % 60_000_000_000n, 9);
  const minutes = (u / 60_000_000_000n) % 60n;
  const hours = u / 3_600_000_000_000n;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Nanoseconds from `since` to now, with the sub-millisecond part of the monotonic clock. */
export function nanosSince(since: Date): bigint {
  const nowMs = performance.timeOrigin + performance.now();
  return BigInt(Math.max(0, Math.round((nowMs - since.getTime()) * 1e6)));
}
