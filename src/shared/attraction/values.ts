// Value rules of the attribute actions, as Go's contrib internal/coreinternal/attraction
// (v0.130.0: hasher.go, type_converter.go) and pcommon.Value.FromRaw apply them.

import { createHash } from 'node:crypto';
import { KeyValue, KeyValueList, type AnyValue } from '../../pdata/common.js';
import { anyValueToString } from '../../pdata/value-string.js';

/**
 * A config value (YAML-typed) as an attribute value, like pcommon.Value.FromRaw: an int is an Int,
 * a float a Double, lists and maps nest. undefined/null mean "no value given". With `keptKinds`
 * the value comes from `s.any().keepKinds()`: ints are bigints and every number is a float (Go
 * decodes `1.0` to float64, so it inserts Double 1). Without it an integral number reads as an int.
 */
export function configValueToAnyValue(v: unknown, keptKinds = false): AnyValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return BigInt.asIntN(64, v);
    case 'number':
      return !keptKinds && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? BigInt(v) : v;
    default:
      if (Array.isArray(v)) return v.map((x) => configValueToAnyValue(x, keptKinds));
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'object') {
        // Go fills the map in Go's random map order; sorted keys are one of its outcomes, and stable.
        const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return new KeyValueList(entries.map(([k, x]) => new KeyValue(k, configValueToAnyValue(x, keptKinds))));
      }
      return String(v);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * Go's sha2Hasher: SHA-256 hex of the value's bytes (Str: UTF-8; Bool: one byte; Int and Double:
 * 8 bytes little-endian); other types (and an empty string) hash to ''. The result is a Str.
 */
export function hashValue(v: AnyValue): string {
  let bytes: Uint8Array | string;
  switch (typeof v) {
    case 'string':
      bytes = v;
      break;
    case 'boolean':
      bytes = new Uint8Array([v ? 1 : 0]);
      break;
    case 'bigint':
      scratch.setBigInt64(0, v, true);
      bytes = new Uint8Array(scratch.buffer.slice(0));
      break;
    case 'number':
      scratch.setFloat64(0, v, true);
      bytes = new Uint8Array(scratch.buffer.slice(0));
      break;
    default:
      return '';
  }
  if (bytes.length === 0) return '';
  return createHash('sha256').update(bytes).digest('hex');
}

export type ConvertTarget = 'int' | 'double' | 'string';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_INT = /^[+-]?[0-9]+$/;

/** Go's strconv.ParseInt(s, 10, 64); undefined where Go returns an error. */
export function parseGoInt(s: string): bigint | undefined {
  if (!DECIMAL_INT.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^[+-]?0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** Go's strconv.ParseFloat(s, 64); undefined where Go returns an error (syntax or range). */
export function parseGoFloat(s: string): number | undefined {
  const special = SPECIAL_FLOAT.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] ? undefined : Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  let n: number;
  if (DECIMAL_FLOAT.test(s)) {
    // Underscores are only legal in Go with a base prefix.
    if (s.includes('_')) return undefined;
    n = Number(s);
  } else if (HEX_FLOAT.test(s)) {
    n = parseHexFloat(s);
  } else return undefined;
  return Number.isFinite(n) ? n : undefined;
}

function parseHexFloat(s: string): number {
  const neg = s[0] === '-';
  const body = s.replace(/^[+-]?0[xX]/, '');
  const [mant, exp] = body.split(/[pP]/) as [string, string];
  const [intPart, frac = ''] = mant.split('.') as [string, string?];
  let v = 0;
  for (const c of intPart) v = v * 16 + Number.parseInt(c, 16);
  let scale = 1 / 16;
  for (const c of frac) {
    v += Number.parseInt(c, 16) * scale;
    scale /= 16;
  }
  const r = v * 2 ** Number.parseInt(exp, 10);
  return neg ? -r : r;
}

/** Go's int64(float64) on amd64: truncation; NaN and out-of-range give the minimum int64. */
function float64ToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** Go's convertValue: the converted value, or undefined to leave the attribute as it was. */
export function convertValue(v: AnyValue, to: ConvertTarget): AnyValue | undefined {
  switch (to) {
    case 'string':
      return typeof v === 'string' ? undefined : anyValueToString(v);
    case 'int':
      switch (typeof v) {
        case 'bigint':
          return undefined;
        case 'number':
          return float64ToInt64(v);
        case 'boolean':
          return v ? 1n : 0n;
        case 'string':
          return parseGoInt(v);
        default:
          return undefined;
      }
    case 'double':
      switch (typeof v) {
        case 'bigint':
          return Number(v);
        case 'number':
          return undefined;
        case 'boolean':
          return v ? 1 : 0;
        case 'string':
          return parseGoFloat(v);
        default:
          return undefined;
      }
  }
}
