// The parts of the OTLP model every signal shares: AnyValue, attributes, resource and scope.
//
// AnyValue is a plain JS value, not a wrapper object, which saves one allocation per attribute
// on the decode hot path. The mapping is lossless and each OTLP kind has exactly one JS type:
//   string → string, bool → boolean, int (int64) → bigint, double → number,
//   bytes → Uint8Array, array → AnyValue[], kvlist → KeyValueList, empty → null.

export type AnyValue = string | boolean | bigint | number | Uint8Array | AnyValue[] | KeyValueList | null;

export class KeyValue {
  key: string;
  value: AnyValue;
  constructor(key: string, value: AnyValue) {
    this.key = key;
    this.value = value;
  }
}

/** OTLP KeyValueList (AnyValue.kvlist_value): a class so it is distinguishable from an array. */
export class KeyValueList {
  values: KeyValue[];
  constructor(values: KeyValue[] = []) {
    this.values = values;
  }
}

export class EntityRef {
  schemaUrl = '';
  type = '';
  idKeys: string[] = [];
  descriptionKeys: string[] = [];
}

export class Resource {
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
  entityRefs: EntityRef[] = [];
}

export class InstrumentationScope {
  name = '';
  version = '';
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
}

/** The OTLP kind of an AnyValue, named as Go's pcommon.ValueType prints it. */
type ValueType = 'Empty' | 'Str' | 'Bool' | 'Int' | 'Double' | 'Bytes' | 'Slice' | 'Map';

export function valueType(v: AnyValue): ValueType {
  switch (typeof v) {
    case 'string':
      return 'Str';
    case 'boolean':
      return 'Bool';
    case 'bigint':
      return 'Int';
    case 'number':
      return 'Double';
    default:
      if (v === null) return 'Empty';
      if (v instanceof KeyValueList) return 'Map';
      if (Array.isArray(v)) return 'Slice';
      return 'Bytes';
  }
}

// AnyValue constructors: they make the intended OTLP kind explicit where a JS literal is ambiguous
// (an int must be a bigint; a number is always a double).
export const intValue = (n: number | bigint): bigint => BigInt.asIntN(64, typeof n === 'bigint' ? n : BigInt(Math.trunc(n)));
export const mapValue = (entries: Record<string, AnyValue> | KeyValue[] = []): KeyValueList =>
  new KeyValueList(Array.isArray(entries) ? entries : Object.entries(entries).map(([k, v]) => new KeyValue(k, v)));

// ---- attribute arrays (Go's pcommon.Map semantics over KeyValue[]; first match wins on read) ----

function findAttribute(attrs: readonly KeyValue[], key: string): KeyValue | undefined {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return attrs[i];
  return undefined;
}

/** The value under `key`, or undefined when absent (null is a present Empty value). */
export function getAttribute(attrs: readonly KeyValue[], key: string): AnyValue | undefined {
  const kv = findAttribute(attrs, key);
  return kv === undefined ? undefined : kv.value;
}

/** Upsert: replaces the value of an existing key (Go's PutXxx), else appends. */
export function setAttribute(attrs: KeyValue[], key: string, value: AnyValue): void {
  const kv = findAttribute(attrs, key);
  if (kv !== undefined) kv.value = value;
  else attrs.push(new KeyValue(key, value));
}

/** Removes every entry with `key`; returns whether one existed. */
export function removeAttribute(attrs: KeyValue[], key: string): boolean {
  let w = 0;
  for (let r = 0; r < attrs.length; r++) if (attrs[r]!.key !== key) attrs[w++] = attrs[r]!;
  const removed = w !== attrs.length;
  attrs.length = w;
  return removed;
}

// ---- deep copies ----

export function cloneAnyValue(v: AnyValue): AnyValue {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof KeyValueList) return new KeyValueList(cloneAttributes(v.values));
  if (Array.isArray(v)) return v.map(cloneAnyValue);
  return Uint8Array.prototype.slice.call(v);
}

export function cloneAttributes(attrs: readonly KeyValue[]): KeyValue[] {
  const out = new Array<KeyValue>(attrs.length);
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i]!;
    const v = kv.value;
    out[i] = new KeyValue(kv.key, v === null || typeof v !== 'object' ? v : cloneAnyValue(v));
  }
  return out;
}

export function cloneResource(r: Resource): Resource {
  const c = new Resource();
  c.attributes = cloneAttributes(r.attributes);
  c.droppedAttributesCount = r.droppedAttributesCount;
  c.entityRefs = r.entityRefs.map((e) => {
    const n = new EntityRef();
    n.schemaUrl = e.schemaUrl;
    n.type = e.type;
    n.idKeys = e.idKeys.slice();
    n.descriptionKeys = e.descriptionKeys.slice();
    return n;
  });
  return c;
}

export function cloneScope(s: InstrumentationScope): InstrumentationScope {
  const c = new InstrumentationScope();
  c.name = s.name;
  c.version = s.version;
  c.attributes = cloneAttributes(s.attributes);
  c.droppedAttributesCount = s.droppedAttributesCount;
  return c;
}
