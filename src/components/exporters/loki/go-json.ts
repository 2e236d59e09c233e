// Go's encoding/json output for pdata values as the v0.130 loki exporter produces it: it marshals
// `Value.AsRaw()` (string, bool, int64, float64, []byte, []any, map[string]any, nil) with
// json.Marshal (contrib pkg/translator/loki/encode.go). That means, byte for byte:
// - strings escaped with HTML escaping on (`<` `>` `&` → \u003c \u003e \u0026), U+2028/2029
//   escaped, \b \f \n \r \t short forms (Go ≥ 1.22), other control characters as \u00xx;
// - map keys sorted by their UTF-8 bytes, duplicate keys: the later one wins (AsRaw assigns);
// - float64 as ES6 number text with Go's "-0", NaN and ±Inf refused ("json: unsupported value");
// - []byte as standard base64.

import { KeyValueList, type AnyValue, type KeyValue } from '../../../pdata/index.js';

/** encoding/json's UnsupportedValueError text; the exporter drops a record that hits it. */
export class GoJsonError extends Error {
  override name = 'GoJsonError';
}

// Anything JSON.stringify or Go would escape, plus surrogates (lone ones become U+FFFD).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ufffd\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
const HTML_OR_LINE_SEP = /[<>&\u2028\u2029\ufffd]/;
const HTML_OR_LINE_SEP_G = /[<>&\u2028\u2029\ufffd]/g;
const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\ufffd': '\\ufffd',
};

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * A JSON string literal as Go writes it. Go escapes invalid UTF-8 as `\ufffd`; our receivers have
 * already turned invalid bytes into U+FFFD characters (and a lone surrogate is one too), so every
 * U+FFFD is written as that escape: exact for invalid input, which is what a U+FFFD here almost
 * always stands for (Go writes a genuine U+FFFD character raw).
 */
export function goJsonString(s: string): string {
  // Most keys and lines need no escaping at all (measured: half the translation time went to
  // the general path below for docker-shaped records).
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (SURROGATE.test(s)) {
    const w = s as unknown as WellFormed;
    if (!w.isWellFormed()) s = w.toWellFormed();
  }
  const out = JSON.stringify(s);
  return HTML_OR_LINE_SEP.test(out) ? out.replace(HTML_OR_LINE_SEP_G, (c) => ESCAPES[c]!) : out;
}

/** Go's strconv 'g' text of a non-finite float: NaN, +Inf, -Inf. */
export function goNonFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

/** encoding/json's float64 text (ES6 number formatting, which JS's String() is, except -0). */
export function goJsonFloat(v: number): string {
  if (!Number.isFinite(v)) throw new GoJsonError(`json: unsupported value: ${goNonFinite(v)}`);
  return Object.is(v, -0) ? '-0' : String(v);
}

export function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * Compares two strings by their UTF-8 bytes (Go's string order). UTF-16 code-unit order agrees
 * except between a surrogate pair (U+10000+) and U+E000–U+FFFF, which this corrects.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

const byKey = (p: KeyValue, q: KeyValue) => compareUtf8(p.key, q.key);

/** The map a pcommon.Map's AsRaw makes: later duplicates win; keys in Go's sorted order. */
export function sortedEntries(values: readonly KeyValue[]): readonly KeyValue[] {
  if (values.length < 2) return values;
  if (values.length === 2 && compareUtf8(values[0]!.key, values[1]!.key) < 0) return values;
  // A stable sort keeps duplicates in their original order: the last of each run wins.
  const sorted = values.slice().sort(byKey);
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (w > 0 && sorted[w - 1]!.key === sorted[r]!.key) sorted[w - 1] = sorted[r]!;
    else sorted[w++] = sorted[r]!;
  }
  sorted.length = w;
  return sorted;
}

export function goJsonMap(values: readonly KeyValue[]): string {
  const sorted = sortedEntries(values);
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    const kv = sorted[i]!;
    out += (i === 0 ? '' : ',') + goJsonString(kv.key) + ':' + goJsonValue(kv.value);
  }
  return out + '}';
}

/** json.Marshal(value.AsRaw()). Throws GoJsonError on NaN/±Inf anywhere inside. */
export function goJsonValue(v: AnyValue): string {
  switch (typeof v) {
    case 'string':
      return goJsonString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return goJsonFloat(v);
  }
  if (v === null) return 'null';
  if (v instanceof KeyValueList) return goJsonMap(v.values);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + goJsonValue(v[i]!);
    return out + ']';
  }
  return `"${bytesToBase64(v)}"`;
}

/**
 * pcommon.Value.AsString as pdata v1.36 (the version in the v0.130 build) spells it: maps and
 * slices through encoding/json with HTML escaping, doubles as ES6 text, NaN/Inf as the JSON error
 * text, bytes as base64. The loki exporter uses it for label values.
 */
export function goAsString(v: AnyValue | undefined): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? goJsonFloat(v) : `json: unsupported value: ${goNonFinite(v)}`;
    case 'undefined':
      return '';
  }
  if (v === null) return '';
  if (v instanceof Uint8Array) return bytesToBase64(v);
  try {
    return goJsonValue(v);
  } catch {
    // json.Marshal failed inside AsString: Go ignores the error and returns the empty output.
    return '';
  }
}
