// json.Marshal(Value.AsRaw()) — Go's encoding/json text of a pdata value (AsRaw gives string,
// bool, int64, float64, []byte, []any, map[string]any, nil). Value.AsString writes maps and
// slices this way (value-string.ts), and the v0.130 loki exporter its JSON lines (contrib
// pkg/translator/loki/encode.go). Byte for byte:
// - strings as go-strings.ts goJsonString (HTML escaping on);
// - map keys sorted by their UTF-8 bytes, duplicate keys: the later one wins (AsRaw assigns);
// - float64 as ES6 number text with Go's "-0", NaN and ±Inf refused ("json: unsupported value");
// - []byte as standard base64.

import { KeyValueList, type AnyValue, type KeyValue } from './common.js';
import { compareUtf8, goJsonString } from './go-strings.js';

/** encoding/json's UnsupportedValueError text; the exporter drops a record that hits it. */
export class GoJsonError extends Error {
  override name = 'GoJsonError';
}

/** Go's strconv 'g' text of a non-finite float: NaN, +Inf, -Inf. */
export function goNonFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

/** encoding/json's float64 text (ES6 number formatting, which JS's String() is, except -0). */
function goJsonFloat(v: number): string {
  if (!Number.isFinite(v)) throw new GoJsonError(`json: unsupported value: ${goNonFinite(v)}`);
  return Object.is(v, -0) ? '-0' : String(v);
}

export function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

const byKey = (p: KeyValue, q: KeyValue) => compareUtf8(p.key, q.key);

/** The map a pcommon.Map's AsRaw makes: later duplicates win; keys in Go's sorted order. */
function sortedEntries(values: readonly KeyValue[]): readonly KeyValue[] {
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
