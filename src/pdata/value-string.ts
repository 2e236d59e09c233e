// AnyValue → string with the semantics of Go's pcommon.Value.AsString as pdata v1.36 (the
// version in the v0.130 build; pcommon/value.go) writes it, checked against the reference
// collector (processors golden case `as_string`: attributes `convert` to string calls AsString):
// - doubles as ES6 number text with Go's "-0"; NaN/±Inf as "json: unsupported value: NaN|+Inf|-Inf";
// - bytes as standard base64;
// - maps and slices as json.Marshal(AsRaw()): HTML escaping on (`<` `>` `&` → \u003c \u003e
//   \u0026), U+2028/2029 and U+FFFD escaped, map keys sorted by UTF-8 bytes (a later duplicate key wins),
//   bytes as base64; a NaN/±Inf anywhere inside makes Marshal fail and AsString return "".
// The JSON is go-json.ts's, which the loki exporter also writes its lines with.

import { KeyValueList, type AnyValue } from './common.js';
import { bytesToBase64, GoJsonError, goJsonValue, goNonFinite } from './go-json.js';

export function anyValueToString(v: AnyValue | undefined): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) return `json: unsupported value: ${goNonFinite(v)}`;
      // Go formats negative zero as "-0"; String(-0) is "0".
      return Object.is(v, -0) ? '-0' : String(v);
    case 'undefined':
      return '';
  }
  if (v === null) return '';
  if (v instanceof KeyValueList || Array.isArray(v)) {
    try {
      return goJsonValue(v);
    } catch (err) {
      // json.Marshal fails on NaN/±Inf; AsString ignores the error and returns the empty output.
      if (err instanceof GoJsonError) return '';
      throw err;
    }
  }
  return bytesToBase64(v);
}
