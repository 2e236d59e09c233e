// Label names and the stream key, as the v0.130 loki exporter builds them:
// - names normalised by contrib pkg/translator/prometheus/normalize_label.go: every rune that is
//   not a Unicode letter or decimal digit becomes '_', a leading ASCII digit gets "key_", a
//   single leading '_' gets "key" (the PermissiveLabelSanitization gate is alpha, off);
// - the stream is keyed and sent as prometheus/common v0.65 `model.LabelSet.String()`: names
//   sorted, `name="value"` joined by ", ", values in strconv.Quote form.

import { compareUtf8, goQuote } from '../../../pdata/go-strings.js';
import { KeyValueList, type AnyValue } from '../../../pdata/index.js';
import { goPrintFloat } from './logfmt.js';

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{Nd}]/gu;

// Label names repeat across records; caching their normalised form (bounded) saves a regex pass each.
const normalized = new Map<string, string>();
const CACHE_MAX = 4096;

export function normalizeLabelName(label: string): string {
  let n = normalized.get(label);
  if (n === undefined) {
    n = normalize(label);
    if (normalized.size >= CACHE_MAX) normalized.clear();
    normalized.set(label, n);
  }
  return n;
}

function normalize(label: string): string {
  if (label.length === 0) return label;
  // A lone surrogate is invalid UTF-8 in Go, i.e. RuneError, which is not a letter.
  label = label.replace(NOT_LETTER_OR_DIGIT, '_');
  const c = label.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return 'key_' + label;
  if (c === 0x5f && label.charCodeAt(1) !== 0x5f) return 'key' + label;
  return label;
}

/** model.LabelSet.String() of already-normalised names. */
export function labelSetString(labels: ReadonlyMap<string, string>): string {
  const names = [...labels.keys()].sort(compareUtf8);
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ', ';
    out += names[i] + '=' + goQuote(labels.get(names[i]!)!);
  }
  return out + '}';
}

const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** strings.TrimSpace (unicode.IsSpace: includes U+0085, excludes U+FEFF unlike String.trim). */
export function goTrimSpace(s: string): string {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80) return s;
  return s.replace(GO_SPACE, '');
}

/** fmt.Sprintf("%v", raw) of a pdata value's AsRaw(), for slice-valued label hints. */
export function goSprintV(v: AnyValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return goPrintFloat(v);
  }
  if (v === null) return '<nil>';
  if (v instanceof KeyValueList) {
    const m = new Map<string, AnyValue>();
    for (const kv of v.values) m.set(kv.key, kv.value);
    const keys = [...m.keys()].sort(compareUtf8);
    return `map[${keys.map((k) => `${k}:${goSprintV(m.get(k)!)}`).join(' ')}]`;
  }
  if (Array.isArray(v)) return `[${v.map(goSprintV).join(' ')}]`;
  return `[${Array.from(v).join(' ')}]`;
}
