// AnyValue → string with the semantics of Go's pcommon.Value.AsString (core
// pdata/pcommon/value.go): doubles as ES6 number text ("NaN", "Infinity", "-Infinity" spelt
// as JS does), bytes as standard base64, maps and slices as JSON of their raw form without
// HTML escaping, where Go's encoding/json sorts map keys and prints bytes as base64.

import { KeyValueList, type AnyValue } from './common.js';

function doubleToString(v: number): string {
  // Go formats negative zero as "-0"; String(-0) is "0".
  return Object.is(v, -0) ? '-0' : String(v);
}

function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** JSON string escaping as Go's encoding/json with SetEscapeHTML(false): U+2028/2029 escaped too. */
function goJSONString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

function rawJSON(v: AnyValue): string {
  switch (typeof v) {
    case 'string':
      return goJSONString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      // encoding/json refuses NaN/Inf and Go then returns what was written so far; we write null.
      return Number.isFinite(v) ? doubleToString(v) : 'null';
  }
  if (v === null) return 'null';
  if (v instanceof KeyValueList) {
    const m = new Map<string, AnyValue>();
    for (const kv of v.values) m.set(kv.key, kv.value);
    const keys = [...m.keys()].sort();
    return `{${keys.map((k) => `${goJSONString(k)}:${rawJSON(m.get(k)!)}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(rawJSON).join(',')}]`;
  return `"${bytesToBase64(v)}"`;
}

export function anyValueToString(v: AnyValue | undefined): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return doubleToString(v);
    case 'undefined':
      return '';
  }
  if (v === null) return '';
  if (v instanceof KeyValueList || Array.isArray(v)) return rawJSON(v);
  return bytesToBase64(v);
}
