// OTLP (UCUM) units → the words Prometheus puts in metric names, and back.
// Go: contrib `pkg/translator/prometheus/{normalize_unit.go,unit_to_ucum.go}` (v0.130.0).

const unitWords: ReadonlyMap<string, string> = new Map([
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tibibytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  // "1" (dimensionless) adds nothing here; gauges get `_ratio` in normalizeName instead.
  ['1', ''],
  ['%', 'percent'],
]);

// The per-unit table is separate because `m` after `/` is minutes, not meters.
const perUnitWords: ReadonlyMap<string, string> = new Map([
  ['s', 'second'],
  ['m', 'minute'],
  ['h', 'hour'],
  ['d', 'day'],
  ['w', 'week'],
  ['mo', 'month'],
  ['y', 'year'],
]);

const NOT_ALNUM = /[^\p{L}\p{Nd}]+/u;

/**
 * Go's CleanUpString: split on every rune that is neither a letter nor a decimal digit (Go's
 * unicode.IsLetter/IsDigit), drop empty pieces, join with `_`.
 */
export function cleanUpString(s: string): string {
  return splitAlnum(s).join('_');
}

/** The letter/digit runs of `s` (Go's strings.FieldsFunc with the same predicate). */
export function splitAlnum(s: string): string[] {
  return s.split(NOT_ALNUM).filter((t) => t !== '');
}

function firstSplit(unit: string): [string, string | undefined] {
  const i = unit.indexOf('/');
  return i < 0 ? [unit, undefined] : [unit.slice(0, i), unit.slice(i + 1)];
}

/** The word for the part of `unit` before `/` (`By/s` → `bytes`); `""` for `{…}` annotations, `1`, blank. */
export function mainUnitWord(unit: string): string {
  const main = firstSplit(unit)[0].trim();
  if (main === '' || /[{}]/.test(main)) return '';
  return cleanUpString(unitWords.get(main) ?? main);
}

/** The word for the part after `/` (`By/s` → `second`); `""` when there is none. */
export function perUnitWord(unit: string): string {
  const per = firstSplit(unit)[1];
  if (per === undefined || per === '') return '';
  const trimmed = per.trim();
  if (trimmed === '' || /[{}]/.test(trimmed)) return '';
  return cleanUpString(perUnitWords.get(trimmed) ?? trimmed);
}

/** Go's BuildCompliantPrometheusUnit: `By/s` → `bytes_per_second`, `ms` → `milliseconds`, `{req}` → `""`. */
export function prometheusUnit(unit: string): string {
  const main = mainUnitWord(unit);
  const per = perUnitWord(unit);
  const parts: string[] = [];
  if (main !== '') parts.push(main);
  if (per !== '') parts.push('per', per);
  return parts.join('_');
}

const wordUnits: ReadonlyMap<string, string> = new Map([...unitWords].filter(([, w]) => w !== '').map(([u, w]) => [w, u]));
const wordUnitsWithRatio: ReadonlyMap<string, string> = new Map([...wordUnits, ['ratio', '1']]);
const perWordUnits: ReadonlyMap<string, string> = new Map([...perUnitWords].map(([u, w]) => [w, u]));

/**
 * Go's UnitWordToUCUM, for receivers turning a Prometheus unit back into OTLP:
 * `bytes_per_second` → `By/s`, `ratio` → `1`; an unknown word is kept as is.
 */
export function unitWordToUcum(word: string): string {
  const i = word.indexOf('_per_');
  const main = i < 0 ? word : word.slice(0, i);
  const per = i < 0 ? '' : word.slice(i + 5);
  let out = wordUnitsWithRatio.get(main) ?? main;
  if (per !== '') out += '/' + (perWordUnits.get(per) ?? per);
  return out;
}
