// Runs compiled actions on one attribute array with Go's pcommon.Map semantics (contrib
// internal/coreinternal/attraction/attraction.go v0.130.0, AttrProc.Process): Get reads the first
// entry with the key; Remove swaps the last entry into the removed slot (order changes as in Go,
// which golden fixtures see); new keys are appended.

import type { RequestContext } from '../../core/consumer.js';
import { cloneAnyValue, KeyValue, type AnyValue } from '../../pdata/common.js';
import type { CompiledAction } from './config.js';
import { convertValue, hashValue } from './values.js';

function indexOfKey(attrs: readonly KeyValue[], key: string): number {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return i;
  return -1;
}

/** pcommon.Map.Remove: the first entry with `key`, replaced by the last entry. */
function goRemove(attrs: KeyValue[], key: string): boolean {
  const i = indexOfKey(attrs, key);
  if (i < 0) return false;
  const last = attrs.length - 1;
  attrs[i] = attrs[last]!;
  attrs.length = last;
  return true;
}

/** pcommon.Map.PutStr and friends: replace the first entry's value, else append. */
function goPut(attrs: KeyValue[], key: string, value: AnyValue): void {
  const i = indexOfKey(attrs, key);
  if (i >= 0) attrs[i]!.value = value;
  else attrs.push(new KeyValue(key, value));
}

const copyOf = (v: AnyValue): AnyValue => (v === null || typeof v !== 'object' ? v : cloneAnyValue(v));

const V4_IN_V6 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Go's clientutil.Address: the peer's IP, printed as net.IP.String does. */
function clientAddress(ctx: RequestContext): string {
  const a = ctx.clientAddress ?? '';
  return V4_IN_V6.exec(a)?.[1] ?? a;
}

function metadataGet(ctx: RequestContext, key: string): readonly string[] | undefined {
  const md = ctx.metadata;
  if (md === undefined) return undefined;
  // Go's client.Metadata keeps keys lower-cased and lower-cases the lookup.
  return md.get(key.toLowerCase()) ?? md.get(key);
}

/** Go's getAttributeValueFromContext: a Str, multiple values joined with ';'. */
function valueFromContext(ctx: RequestContext, key: string): string | undefined {
  let vals: readonly string[] | undefined;
  if (key === 'client.address') vals = [clientAddress(ctx)];
  else if (key.startsWith('metadata.')) vals = metadataGet(ctx, key.slice('metadata.'.length));
  else if (key.startsWith('auth.')) {
    if (ctx.auth === undefined) return undefined;
    const attr = ctx.auth[key.slice('auth.'.length)];
    if (typeof attr === 'string') return attr;
    if (Array.isArray(attr) && attr.every((x) => typeof x === 'string')) vals = attr as string[];
    else return undefined;
  } else vals = metadataGet(ctx, key);
  if (vals === undefined || vals.length === 0) return undefined;
  return vals.join(';');
}

export class AttrProc {
  /** Per action, extract's submatch cache (a field lookup per record, not a WeakMap lookup). */
  private readonly submatches: Map<string, string[] | null>[];

  constructor(readonly actions: readonly CompiledAction[]) {
    this.submatches = actions.map(() => new Map());
  }

  private source(a: CompiledAction, attrs: readonly KeyValue[], ctx: RequestContext): AnyValue | undefined {
    if (a.hasValue) return copyOf(a.value!);
    if (a.fromContext !== '') return valueFromContext(ctx, a.fromContext);
    const i = indexOfKey(attrs, a.fromAttribute);
    return i < 0 ? undefined : copyOf(attrs[i]!.value);
  }

  /**
   * Applies every action in order to `attrs` (changed in place). Returns whether anything was
   * written, so a caller holding undecoded bytes keeps them when nothing changed.
   */
  process(attrs: KeyValue[], ctx: RequestContext): boolean {
    let changed = false;
    const actions = this.actions;
    for (let ai = 0; ai < actions.length; ai++) {
      const a = actions[ai]!;
      switch (a.kind) {
        case 'delete':
          if (goRemove(attrs, a.key)) changed = true;
          if (a.regex) for (const k of matchingKeys(a, attrs)) if (goRemove(attrs, k)) changed = true;
          break;
        case 'insert': {
          const v = this.source(a, attrs, ctx);
          if (v === undefined || indexOfKey(attrs, a.key) >= 0) break;
          attrs.push(new KeyValue(a.key, v));
          changed = true;
          break;
        }
        case 'update': {
          const v = this.source(a, attrs, ctx);
          if (v === undefined) break;
          const i = indexOfKey(attrs, a.key);
          if (i >= 0) {
            attrs[i]!.value = v;
            changed = true;
          }
          break;
        }
        case 'upsert': {
          const v = this.source(a, attrs, ctx);
          if (v !== undefined) {
            goPut(attrs, a.key, v);
            changed = true;
          }
          break;
        }
        case 'hash': {
          if (hashKey(attrs, a.key)) changed = true;
          if (a.regex) for (const k of matchingKeys(a, attrs)) if (hashKey(attrs, k)) changed = true;
          break;
        }
        case 'extract': {
          const i = indexOfKey(attrs, a.key);
          if (i < 0) break;
          const v = attrs[i]!.value;
          // Go extracts from strings only.
          if (typeof v !== 'string') break;
          const m = cachedSubmatch(a, v, this.submatches[ai]!);
          if (m === null) break;
          const names = a.groupNames!;
          for (let g = 1; g < m.length; g++) goPut(attrs, names[g]!, m[g]!);
          changed = true;
          break;
        }
        case 'convert': {
          const i = indexOfKey(attrs, a.key);
          if (i < 0) break;
          const c = convertValue(attrs[i]!.value, a.convertTo!);
          if (c !== undefined) {
            attrs[i]!.value = c;
            changed = true;
          }
          break;
        }
      }
    }
    return changed;
  }
}

function hashKey(attrs: KeyValue[], key: string): boolean {
  const i = indexOfKey(attrs, key);
  if (i < 0) return false;
  attrs[i]!.value = hashValue(attrs[i]!.value);
  return true;
}

/** Keys matching the action's pattern, collected before any change (Go's getMatchingKeys). */
function matchingKeys(a: CompiledAction, attrs: readonly KeyValue[]): string[] {
  const keys: string[] = [];
  for (const kv of attrs) if (a.regex!.test(kv.key)) keys.push(kv.key);
  return keys;
}

// Extract runs on values that repeat across records (the seed's container_name: a handful of
// containers); re2js findSubmatch costs ~2 µs on the seed pattern, a Map hit ~50 ns. Bounded:
// cleared when full, so distinct values (ids, paths) cost one Map insert each and no growth.
const SUBMATCH_CACHE_MAX = 512;
const MAX_CACHED_LENGTH = 256;
function cachedSubmatch(a: CompiledAction, v: string, cache: Map<string, string[] | null>): string[] | null {
  if (v.length > MAX_CACHED_LENGTH) return a.regex!.findSubmatch(v);
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  const m = a.regex!.findSubmatch(v);
  if (cache.size >= SUBMATCH_CACHE_MAX) cache.clear();
  cache.set(v, m);
  return m;
}
