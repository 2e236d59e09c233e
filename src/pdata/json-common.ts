// OTLP/JSON building blocks (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
// trace/span ids as hex, 64-bit integers as decimal strings (numbers accepted), enums by
// number or name, bytes as base64. Decoding accepts lowerCamelCase and snake_case keys and
// skips unknown ones, as Go's pdata unmarshalers do (pdata/internal/json/iterator.go);
// encoding emits lowerCamelCase and omits default values, as Go's marshalers do.

import { isAscii } from 'node:buffer';
import { EntityRef, InstrumentationScope, KeyValue, KeyValueList, Resource, type AnyValue } from './common.js';
import { PdataDecodeError } from './errors.js';
import { idFromHex, idToHex } from './ids.js';
import { fast } from './wire/reader.js';

export type JObj = Record<string, unknown>;

export function parseJSONText(text: string | Uint8Array): unknown {
  let s: string;
  if (typeof text === 'string') s = text;
  else {
    const buf = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    // An ASCII body becomes a one-byte string without UTF-8 decoding (latin1 == ASCII there),
    // which is several times cheaper for the 100+ KiB bodies that land in V8's large-object space.
    s = isAscii(buf) ? fast(buf).latin1Slice(0, buf.length) : buf.toString('utf8');
  }
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new PdataDecodeError(`invalid JSON: ${(e as Error).message}`);
  }
}

export function obj(v: unknown, what: string): JObj {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new PdataDecodeError(`${what}: expected an object, got ${kind(v)}`);
  return v as JObj;
}

export function arr(v: unknown, what: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new PdataDecodeError(`${what}: expected an array, got ${kind(v)}`);
  return v;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

export function str(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  throw new PdataDecodeError(`${what}: expected a string, got ${kind(v)}`);
}

export function bool(v: unknown, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined) return false;
  throw new PdataDecodeError(`${what}: expected a boolean, got ${kind(v)}`);
}

function integer(v: unknown, what: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new PdataDecodeError(`${what}: ${v} is not an integer`);
    return BigInt(v);
  }
  if (typeof v === 'string') {
    if (!/^-?[0-9]+$/.test(v)) throw new PdataDecodeError(`${what}: "${v}" is not a decimal integer`);
    return BigInt(v);
  }
  if (v === null || v === undefined) return 0n;
  throw new PdataDecodeError(`${what}: expected an integer, got ${kind(v)}`);
}

export function u64(v: unknown, what: string): bigint {
  const n = integer(v, what);
  if (n < 0n || n > 0xffffffffffffffffn) throw new PdataDecodeError(`${what}: ${n} is out of range for uint64`);
  return n;
}

export function i64(v: unknown, what: string): bigint {
  const n = integer(v, what);
  if (n < -(1n << 63n) || n >= 1n << 63n) throw new PdataDecodeError(`${what}: ${n} is out of range for int64`);
  return n;
}

export function u32(v: unknown, what: string): number {
  const n = integer(v, what);
  if (n < 0n || n > 0xffffffffn) throw new PdataDecodeError(`${what}: ${n} is out of range for uint32`);
  return Number(n);
}

export function i32(v: unknown, what: string): number {
  const n = integer(v, what);
  if (n < -0x80000000n || n > 0x7fffffffn) throw new PdataDecodeError(`${what}: ${n} is out of range for int32`);
  return Number(n);
}

export function f64(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n)) throw new PdataDecodeError(`${what}: "${v}" is not a number`);
    return n;
  }
  if (v === null || v === undefined) return 0;
  throw new PdataDecodeError(`${what}: expected a number, got ${kind(v)}`);
}

/** An enum by number or by its proto name (Go: ReadEnumValue). */
export function enumValue(v: unknown, names: Readonly<Record<string, number>>, what: string): number {
  if (typeof v === 'string' && !/^-?[0-9]+$/.test(v)) {
    const n = names[v];
    if (n === undefined) throw new PdataDecodeError(`${what}: unknown enum value "${v}"`);
    return n;
  }
  return i32(v, what);
}

export function hexId(v: unknown, bytes: number, what: string): string {
  const s = str(v, what);
  if (s === '') return '';
  if (s.length !== bytes * 2) throw new PdataDecodeError(`${what}: "${s}" is not ${bytes * 2} hex digits`);
  try {
    return idFromHex(s);
  } catch {
    throw new PdataDecodeError(`${what}: "${s}" is not hex`);
  }
}

function base64(v: unknown, what: string): Uint8Array {
  const s = str(v, what);
  if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(s)) throw new PdataDecodeError(`${what}: invalid base64`);
  return Buffer.from(s, 'base64');
}

// ---- decode ----

export function anyValueFromJSON(v: unknown, what: string, depth = 0): AnyValue {
  if (depth > 64) throw new PdataDecodeError(`${what}: AnyValue nested deeper than 64`);
  const o = obj(v, what);
  let out: AnyValue = null;
  for (const k in o) {
    const x = o[k];
    switch (k) {
      case 'stringValue':
      case 'string_value':
        out = str(x, `${what}.stringValue`);
        break;
      case 'boolValue':
      case 'bool_value':
        out = bool(x, `${what}.boolValue`);
        break;
      case 'intValue':
      case 'int_value':
        out = i64(x, `${what}.intValue`);
        break;
      case 'doubleValue':
      case 'double_value':
        out = f64(x, `${what}.doubleValue`);
        break;
      case 'bytesValue':
      case 'bytes_value':
        out = base64(x, `${what}.bytesValue`);
        break;
      case 'arrayValue':
      case 'array_value':
        out = arr(obj(x, `${what}.arrayValue`)['values'], `${what}.arrayValue.values`).map((e) => anyValueFromJSON(e, what, depth + 1));
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        out = new KeyValueList(keyValuesFromJSON(obj(x, `${what}.kvlistValue`)['values'], `${what}.kvlistValue.values`, depth + 1));
        break;
    }
  }
  return out;
}

export function keyValuesFromJSON(v: unknown, what: string, depth = 0): KeyValue[] {
  const a = arr(v, what);
  const out = new Array<KeyValue>(a.length);
  for (let i = 0; i < a.length; i++) {
    const o = obj(a[i], what);
    const key = str(o['key'], `${what}.key`);
    out[i] = new KeyValue(key, anyValueFromJSON(o['value'], `${what}[${JSON.stringify(key)}]`, depth));
  }
  return out;
}

export function resourceFromJSON(v: unknown): Resource {
  const o = obj(v, 'resource');
  const r = new Resource();
  for (const k in o) {
    const x = o[k];
    if (k === 'attributes') r.attributes = keyValuesFromJSON(x, 'resource.attributes');
    else if (k === 'droppedAttributesCount' || k === 'dropped_attributes_count') r.droppedAttributesCount = u32(x, 'resource.droppedAttributesCount');
    else if (k === 'entityRefs' || k === 'entity_refs') r.entityRefs = arr(x, 'resource.entityRefs').map(entityRefFromJSON);
  }
  return r;
}

function entityRefFromJSON(v: unknown): EntityRef {
  const o = obj(v, 'entityRef');
  const e = new EntityRef();
  for (const k in o) {
    const x = o[k];
    if (k === 'schemaUrl' || k === 'schema_url') e.schemaUrl = str(x, 'entityRef.schemaUrl');
    else if (k === 'type') e.type = str(x, 'entityRef.type');
    else if (k === 'idKeys' || k === 'id_keys') e.idKeys = arr(x, 'entityRef.idKeys').map((s) => str(s, 'entityRef.idKeys'));
    else if (k === 'descriptionKeys' || k === 'description_keys')
      e.descriptionKeys = arr(x, 'entityRef.descriptionKeys').map((s) => str(s, 'entityRef.descriptionKeys'));
  }
  return e;
}

export function scopeFromJSON(v: unknown): InstrumentationScope {
  const o = obj(v, 'scope');
  const s = new InstrumentationScope();
  for (const k in o) {
    const x = o[k];
    if (k === 'name') s.name = str(x, 'scope.name');
    else if (k === 'version') s.version = str(x, 'scope.version');
    else if (k === 'attributes') s.attributes = keyValuesFromJSON(x, 'scope.attributes');
    else if (k === 'droppedAttributesCount' || k === 'dropped_attributes_count') s.droppedAttributesCount = u32(x, 'scope.droppedAttributesCount');
  }
  return s;
}

/** The resource-level array of a request, by camelCase or snake_case name. */
export function topArray(text: string | Uint8Array, camel: string, snake: string): unknown[] {
  const o = obj(parseJSONText(text), 'request');
  return arr(o[camel] ?? o[snake], camel);
}

// ---- encode (fragments appended to a string; JSON.stringify does string escaping) ----

const q = JSON.stringify;

export function numJSON(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

export function anyValueToJSON(v: AnyValue): string {
  switch (typeof v) {
    case 'string':
      return `{"stringValue":${q(v)}}`;
    case 'boolean':
      return `{"boolValue":${v}}`;
    case 'bigint':
      return `{"intValue":"${v}"}`;
    case 'number':
      return `{"doubleValue":${numJSON(v)}}`;
  }
  if (v === null) return '{}';
  if (v instanceof KeyValueList) return `{"kvlistValue":{${v.values.length > 0 ? `"values":${keyValuesToJSON(v.values)}` : ''}}}`;
  if (Array.isArray(v)) return `{"arrayValue":{${v.length > 0 ? `"values":[${v.map(anyValueToJSON).join(',')}]` : ''}}}`;
  return `{"bytesValue":${q(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'))}}`;
}

function keyValuesToJSON(attrs: readonly KeyValue[]): string {
  let s = '[';
  for (let i = 0; i < attrs.length; i++) {
    if (i > 0) s += ',';
    s += `{"key":${q(attrs[i]!.key)},"value":${anyValueToJSON(attrs[i]!.value)}}`;
  }
  return s + ']';
}

/** Joins `"name":value` members, skipping undefined ones (defaults). */
export function members(parts: (string | undefined)[]): string {
  let s = '{';
  for (const p of parts) {
    if (p === undefined) continue;
    if (s.length > 1) s += ',';
    s += p;
  }
  return s + '}';
}

export const jStr = (name: string, v: string): string | undefined => (v === '' ? undefined : `"${name}":${q(v)}`);
export const jNum = (name: string, v: number): string | undefined => (v === 0 ? undefined : `"${name}":${v}`);
export const jU64 = (name: string, v: bigint): string | undefined => (v === 0n ? undefined : `"${name}":"${v}"`);
export const jId = (name: string, v: string): string | undefined => (v === '' ? undefined : `"${name}":"${idToHex(v)}"`);
export const jAttrs = (name: string, v: readonly KeyValue[]): string | undefined => (v.length === 0 ? undefined : `"${name}":${keyValuesToJSON(v)}`);

function resourceToJSON(r: Resource): string {
  return members([
    jAttrs('attributes', r.attributes),
    jNum('droppedAttributesCount', r.droppedAttributesCount),
    r.entityRefs.length === 0
      ? undefined
      : `"entityRefs":[${r.entityRefs
          .map((e) =>
            members([
              jStr('schemaUrl', e.schemaUrl),
              jStr('type', e.type),
              e.idKeys.length ? `"idKeys":${q(e.idKeys)}` : undefined,
              e.descriptionKeys.length ? `"descriptionKeys":${q(e.descriptionKeys)}` : undefined,
            ]),
          )
          .join(',')}]`,
  ]);
}

function scopeToJSON(s: InstrumentationScope): string {
  return members([
    jStr('name', s.name),
    jStr('version', s.version),
    jAttrs('attributes', s.attributes),
    jNum('droppedAttributesCount', s.droppedAttributesCount),
  ]);
}

/** Field names of one signal's resource → scope → item envelope (`resourceSpans`/`scopeSpans`/`spans`, …). */
interface EnvelopeKeys {
  resources: string;
  scopes: string;
  items: string;
}

interface ResourceLevel {
  resource: Resource;
  schemaUrl: string;
}
interface ScopeLevel {
  scope: InstrumentationScope;
  schemaUrl: string;
}

/** The OTLP/JSON request shared by every signal; only the item encoder differs. */
export function envelopeToJSON<R extends ResourceLevel, S extends ScopeLevel, I>(
  keys: EnvelopeKeys,
  list: readonly R[],
  scopesOf: (r: R) => readonly S[],
  itemsOf: (s: S) => readonly I[],
  itemToJSON: (item: I) => string,
): string {
  const resources = list.map((r) => {
    const scopes = scopesOf(r);
    return members([
      `"resource":${resourceToJSON(r.resource)}`,
      scopes.length
        ? `"${keys.scopes}":[${scopes
            .map((s) => {
              const items = itemsOf(s);
              return members([
                `"scope":${scopeToJSON(s.scope)}`,
                items.length ? `"${keys.items}":[${items.map(itemToJSON).join(',')}]` : undefined,
                jStr('schemaUrl', s.schemaUrl),
              ]);
            })
            .join(',')}]`
        : undefined,
      jStr('schemaUrl', r.schemaUrl),
    ]);
  });
  return `{"${keys.resources}":[${resources.join(',')}]}`;
}
