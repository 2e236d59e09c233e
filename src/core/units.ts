// Go's time.ParseDuration syntax (`300ms`, `-1.5h`, `2h45m`) and byte sizes, in milliseconds and bytes.

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const DURATION_RE = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds, or undefined when `text` is not a Go duration. `0` needs no unit, as in Go. */
export function parseDuration(text: string): number | undefined {
  let t = text.trim();
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  if (t === '0') return 0;
  if (t === '') return undefined;
  let total = 0;
  DURATION_RE.lastIndex = 0;
  while (DURATION_RE.lastIndex < t.length) {
    const m = DURATION_RE.exec(t);
    if (!m) return undefined;
    total += Number.parseFloat(m[1]!) * DURATION_UNITS[m[2]!]!;
  }
  return sign * total;
}

/** The shortest Go-style spelling of a millisecond duration (`200ms`, `5s`, `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  let out = '';
  if (rest < 1) {
    out = rest * 1000 >= 1 ? `${+(rest * 1000).toFixed(3)}µs` : `${+(rest * 1e6).toFixed(0)}ns`;
  } else if (rest < 1000) {
    out = `${+rest.toFixed(6)}ms`;
  } else {
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = rest / 1000;
    if (h) out += `${h}h`;
    if (h || m) out += `${m}m`;
    out += `${+sec.toFixed(9)}s`;
  }
  return neg ? `-${out}` : out;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1000,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
};

export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const mult = SIZE_UNITS[m[2]!.toLowerCase()];
  if (mult === undefined) return undefined;
  return Math.round(Number.parseFloat(m[1]!) * mult);
}
