// Log severity numbers (logs/v1 SeverityNumber) and their short text, as Go's
// plog.SeverityNumber.String() prints them (pdata/plog/severity_number.go): "Trace", "Trace2",
// ..., "Fatal4"; 0 is "Unspecified".

const SHORT = ['Trace', 'Debug', 'Info', 'Warn', 'Error', 'Fatal'];

export function severityNumberToText(n: number): string {
  if (n === 0) return 'Unspecified';
  if (!Number.isInteger(n) || n < 1 || n > 24) return '';
  const base = SHORT[Math.floor((n - 1) / 4)]!;
  const step = (n - 1) % 4;
  return step === 0 ? base : `${base}${step + 1}`;
}

/** The proto enum names (SEVERITY_NUMBER_INFO2 …), accepted by OTLP/JSON decoding. */
export const SEVERITY_NUMBER_NAMES: Readonly<Record<string, number>> = (() => {
  const o: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
  for (let n = 1; n <= 24; n++) {
    const base = SHORT[Math.floor((n - 1) / 4)]!.toUpperCase();
    const step = (n - 1) % 4;
    o[`SEVERITY_NUMBER_${base}${step === 0 ? '' : step + 1}`] = n;
  }
  return o;
})();

/** The severity number a level name maps to (case-insensitive "info", "WARN", "error3"…), or 0. */
export function severityNumberFromText(text: string): number {
  const m = /^(trace|debug|info|warn|warning|error|fatal)([2-4])?$/i.exec(text.trim());
  if (m === null) return 0;
  let word = m[1]!.toLowerCase();
  if (word === 'warning') word = 'warn';
  const idx = SHORT.findIndex((s) => s.toLowerCase() === word);
  return idx * 4 + 1 + (m[2] === undefined ? 0 : Number(m[2]) - 1);
}
