// AnyValue → string with the semantics of Go's pcommon.Value.AsString as pdata v1.36 (the
// version in the v0.130 build; pcommon/value.go) writes it, checked against the reference
// collector (processors golden case `as_string`: attributes `convert` to string calls AsString):
// - doubles as ES6 number text with Go's "-0"; NaN/±Inf as "json: unsupported value: NaN|+Inf|-Inf";
// - bytes as standard base64;
// - maps and slices as json.Marshal(AsRaw()): HTML escaping on (`<` `>` `&` → \u003c \u003e
//   \u0026), U+2028/2029 and U+FFFD escaped, map keys sorted by UTF-8 bytes (a later duplicate key wins),
//   bytes as base64; a NaN/±Inf anywhere inside makes Marshal fail and AsString return "".
// The loki exporter's go-json.ts writes the same JSON for its lines and labels.

import { KeyValueList, type AnyValue, type KeyValue } from './common.js';

class UnsupportedValue extends Error {}

function goNonFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

function doubleToString(v: number): string {
  if (!Number.isFinite(v)) return `json: unsupported value: ${goNonFinite(v)}`;
  // Go formats negative zero as "-0"; String(-0) is "0".
  return Object.is(v, -0) ? '-0' : String(v);
}

function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\ufffd': '\\ufffd',
};

/**
 * A JSON string as encoding/json writes it with HTML escaping on. Go writes invalid UTF-8 as
 * \ufffd; our decoders have already made invalid bytes (and a lone surrogate is one) U+FFFD, so
 * U+FFFD is written as that escape, as the loki exporter's go-json.ts does.
 */
function goJSONString(s: string): string {
  const w = s as unknown as { toWellFormed(): string };
  return JSON.stringify(w.toWellFormed()).replace(/[<>&\u2028\u2029\ufffd]/g, (c) => GO_ESCAPES[c]!);
}

/** Go's string order: UTF-8 bytes. UTF-16 order differs only between a surrogate (U+10000+) and U+E000–U+FFFF. */
function compareUtf8(a: string, b: string): number {
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

function mapJSON(values: readonly KeyValue[]): string {
  // AsRaw builds a Go map: the later of two equal keys wins.
  const m = new Map<string, AnyValue>();
  for (const kv of values) m.set(kv.key, kv.value);
  const keys = [...m.keys()].sort(compareUtf8);
  return `{${keys.map((k) => `${goJSONString(k)}:${rawJSON(m.get(k)!)}`).join(',')}}`;
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
      if (!Number.isFinite(v)) throw new UnsupportedValue();
      return doubleToString(v);
  }
  if (v === null) return 'null';
  if (v instanceof KeyValueList) return mapJSON(v.values);
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
  if (v instanceof KeyValueList || Array.isArray(v)) {
    try {
      return rawJSON(v);
    } catch (err) {
      // json.Marshal fails on NaN/±Inf; AsString ignores the error and returns the empty output.
      if (err instanceof UnsupportedValue) return '';
      throw err;
    }
  }
  return bytesToBase64(v);
}
