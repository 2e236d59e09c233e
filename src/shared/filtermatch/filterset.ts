// String sets and attribute matchers of Go's legacy include/exclude filters (contrib
// internal/filter v0.130.0: filterset/{strict,regexp}, filtermatcher/attributematcher.go).

import type { ConfigIssue } from '../../core/schema.js';
import { KeyValueList, type AnyValue, type KeyValue } from '../../pdata/common.js';
import { GoRegexp } from '../regex/regex.js';
import { configValueToAnyValue } from '../attraction/values.js';

export interface FilterSet {
  matches(s: string): boolean;
}

interface RegexpCacheConfig {
  cacheenabled: boolean;
  cachemaxnumentries: number;
}

class StrictSet implements FilterSet {
  private readonly set: Set<string>;
  constructor(items: readonly string[]) {
    this.set = new Set(items);
  }
  matches(s: string): boolean {
    return this.set.has(s);
  }
}

class RegexpSet implements FilterSet {
  private cache: Map<string, boolean> | undefined;
  constructor(
    private readonly regexes: GoRegexp[],
    cfg: RegexpCacheConfig | undefined,
    private readonly cacheMax = cfg?.cachemaxnumentries || Number.MAX_SAFE_INTEGER,
  ) {
    if (cfg?.cacheenabled) this.cache = new Map();
  }
  matches(s: string): boolean {
    const c = this.cache;
    if (c !== undefined) {
      const hit = c.get(s);
      if (hit !== undefined) {
        // LRU as Go's golang-lru: a hit becomes the most recent entry.
        c.delete(s);
        c.set(s, hit);
        return hit;
      }
    }
    let r = false;
    for (const re of this.regexes)
      if (re.test(s)) {
        r = true;
        break;
      }
    if (c !== undefined) {
      if (c.size >= this.cacheMax) c.delete(c.keys().next().value!);
      c.set(s, r);
    }
    return r;
  }
}

export const unrecognizedMatchType = (t: string) => `unrecognized match_type: '${t}', valid types are: [regexp strict]`;

/** Go's filterset.CreateFilterSet; an issue (and undefined) for a bad match type or regex. */
export function createFilterSet(
  items: readonly string[],
  matchType: string,
  regexpCfg: RegexpCacheConfig | undefined,
  path: string[],
  issues: ConfigIssue[],
  what: string,
): FilterSet | undefined {
  if (matchType === 'strict') return new StrictSet(items);
  if (matchType !== 'regexp') {
    issues.push({ path, message: unrecognizedMatchType(matchType) });
    return undefined;
  }
  const res: GoRegexp[] = [];
  const seen = new Set<string>();
  for (const [i, f] of items.entries()) {
    if (seen.has(f)) continue;
    seen.add(f);
    try {
      res.push(GoRegexp.compile(f));
    } catch (err) {
      issues.push({ path: [...path, String(i)], message: `error creating ${what} filters: ${(err as Error).message}` });
      return undefined;
    }
  }
  return new RegexpSet(res, regexpCfg);
}

interface AttributeConfig {
  key: string;
  value: unknown;
}

interface AttributeMatcher {
  key: string;
  value?: AnyValue;
  filter?: FilterSet;
}

export type AttributesMatcher = AttributeMatcher[];

/** Go's NewAttributesMatcher; `what` names the list in errors ("attribute", "resource"). */
export function newAttributesMatcher(
  attrs: readonly AttributeConfig[],
  matchType: string,
  regexpCfg: RegexpCacheConfig | undefined,
  path: string[],
  issues: ConfigIssue[],
  what: string,
): AttributesMatcher | undefined {
  const out: AttributeMatcher[] = [];
  for (const [i, a] of attrs.entries()) {
    const p = [...path, String(i)];
    if (a.key === '') {
      issues.push({ path: p, message: `error creating ${what} filters: can't have empty key in the list of attributes` });
      return undefined;
    }
    const m: AttributeMatcher = { key: a.key };
    if (a.value !== undefined && a.value !== null) {
      const v = configValueToAnyValue(a.value, true);
      if (matchType === 'regexp') {
        if (typeof v !== 'string') {
          issues.push({
            path: [...p, 'value'],
            message: `error creating ${what} filters: match_type=regexp for ${JSON.stringify(a.key)} only supports Str, but found ${goTypeName(v)}`,
          });
          return undefined;
        }
        const fs = createFilterSet([v], matchType, regexpCfg, [...p, 'value'], issues, what);
        if (fs === undefined) return undefined;
        m.filter = fs;
      } else if (matchType === 'strict') m.value = v;
      else {
        issues.push({ path, message: `error creating ${what} filters: ${unrecognizedMatchType(matchType)}` });
        return undefined;
      }
    }
    out.push(m);
  }
  return out;
}

function goTypeName(v: AnyValue): string {
  if (typeof v === 'bigint') return 'Int';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Bool';
  if (v instanceof KeyValueList) return 'Map';
  if (Array.isArray(v)) return 'Slice';
  return v === null ? 'Empty' : 'Bytes';
}

function firstValue(attrs: readonly KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return attrs[i]!.value;
  return undefined;
}

/** Go's AttributesMatcher.Match: every listed key present and (when given) its value matching. */
export function matchAttributes(ma: AttributesMatcher | undefined, attrs: readonly KeyValue[]): boolean {
  if (ma === undefined || ma.length === 0) return true;
  if (attrs.length === 0) return false;
  for (const m of ma) {
    const v = firstValue(attrs, m.key);
    if (v === undefined) return false;
    if (m.filter !== undefined) {
      const s = attributeStringValue(v);
      if (s === undefined || !m.filter.matches(s)) return false;
    } else if (m.value !== undefined && !valuesEqual(m.value, v)) return false;
  }
  return true;
}

/** Go's attributeStringValue: Str, Bool, Double ('f' format), Int; other types do not match. */
function attributeStringValue(v: AnyValue): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatF(v);
    default:
      return undefined;
  }
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const s = String(f);
  const e = s.indexOf('e');
  if (e < 0) return Object.is(f, -0) ? '-0' : s;
  const neg = s[0] === '-';
  const body = s.slice(neg ? 1 : 0, e);
  const dot = body.indexOf('.');
  const mant = body.replace('.', '');
  const pointAt = (dot < 0 ? body.length : dot) + Number(s.slice(e + 1));
  let out: string;
  if (pointAt <= 0) out = '0.' + '0'.repeat(-pointAt) + mant;
  else if (pointAt >= mant.length) out = mant + '0'.repeat(pointAt - mant.length);
  else out = mant.slice(0, pointAt) + '.' + mant.slice(pointAt);
  return (neg ? '-' : '') + out;
}

/** Deep equality of two attribute values, types included (Go compares maps/slices by hash). */
function valuesEqual(a: AnyValue, b: AnyValue): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || typeof a !== 'object') return a === b;
  if (b === null || typeof b !== 'object') return false;
  if (a instanceof KeyValueList) {
    if (!(b instanceof KeyValueList)) return false;
    const ma = new Map(a.values.map((kv) => [kv.key, kv.value]));
    const mb = new Map(b.values.map((kv) => [kv.key, kv.value]));
    if (ma.size !== mb.size) return false;
    for (const [k, v] of ma) if (!mb.has(k) || !valuesEqual(v, mb.get(k)!)) return false;
    return true;
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (Array.isArray(b) || b instanceof KeyValueList) return false;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
