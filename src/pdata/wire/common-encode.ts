// Encoders for common.v1 / resource.v1 messages, written backwards (see writer.ts): each
// function writes its fields last-to-first and the caller closes it with lenTag.

import { KeyValueList, type AnyValue, type EntityRef, type InstrumentationScope, type KeyValue, type Resource } from '../common.js';
import type { Writer } from './writer.js';

export function writeAnyValueBody(w: Writer, v: AnyValue): void {
  switch (typeof v) {
    case 'string':
      // Go always emits string_value even when empty, so "" stays a Str rather than Empty.
      w.stringAlways(0x0a, v);
      return;
    case 'boolean':
      w.byte(v ? 1 : 0);
      w.byte(0x10);
      return;
    case 'bigint':
      w.varint64(v);
      w.byte(0x18);
      return;
    case 'number':
      w.double(v);
      w.byte(0x21);
      return;
  }
  if (v === null) return;
  const m = w.len();
  if (v instanceof KeyValueList) {
    writeAttributes(w, 0x0a, v.values);
    w.lenTag(m, 0x32);
  } else if (Array.isArray(v)) {
    for (let i = v.length - 1; i >= 0; i--) {
      const em = w.len();
      writeAnyValueBody(w, v[i]!);
      w.lenTag(em, 0x0a);
    }
    w.lenTag(m, 0x2a);
  } else {
    w.bytesBody(v);
    w.lenTag(m, 0x3a);
  }
}

function writeKeyValueBody(w: Writer, kv: KeyValue): void {
  const m = w.len();
  writeAnyValueBody(w, kv.value);
  w.lenTag(m, 0x12);
  w.stringField(0x0a, kv.key);
}

/** A repeated KeyValue field, in order. */
export function writeAttributes(w: Writer, tag: number, attrs: readonly KeyValue[]): void {
  for (let i = attrs.length - 1; i >= 0; i--) {
    const m = w.len();
    writeKeyValueBody(w, attrs[i]!);
    w.lenTag(m, tag);
  }
}

export function writeUint32Field(w: Writer, tag: number, v: number): void {
  if (v !== 0) {
    w.varint(v >>> 0);
    w.varint(tag);
  }
}

/** An int32 enum field (negative values are sign-extended). */
export function writeEnumField(w: Writer, tag: number, v: number): void {
  if (v !== 0) {
    w.varint(v | 0);
    w.varint(tag);
  }
}

export function writeFixed64Field(w: Writer, tag: number, v: bigint): void {
  if (v !== 0n) {
    w.fixed64(v);
    w.varint(tag);
  }
}

export function writeFixed32Field(w: Writer, tag: number, v: number): void {
  if (v !== 0) {
    w.fixed32(v);
    w.varint(tag);
  }
}

export function writeDoubleField(w: Writer, tag: number, v: number): void {
  if (v !== 0 || Object.is(v, -0)) {
    w.double(v);
    w.varint(tag);
  }
}

/** Resource as field `tag`; omitted when it carries nothing. */
export function writeResource(w: Writer, tag: number, r: Resource): void {
  if (r.attributes.length === 0 && r.droppedAttributesCount === 0 && r.entityRefs.length === 0) return;
  const m = w.len();
  for (let i = r.entityRefs.length - 1; i >= 0; i--) writeEntityRef(w, r.entityRefs[i]!);
  writeUint32Field(w, 0x10, r.droppedAttributesCount);
  writeAttributes(w, 0x0a, r.attributes);
  w.lenTag(m, tag);
}

function writeEntityRef(w: Writer, e: EntityRef): void {
  const m = w.len();
  for (let i = e.descriptionKeys.length - 1; i >= 0; i--) w.stringAlways(0x22, e.descriptionKeys[i]!);
  for (let i = e.idKeys.length - 1; i >= 0; i--) w.stringAlways(0x1a, e.idKeys[i]!);
  w.stringField(0x12, e.type);
  w.stringField(0x0a, e.schemaUrl);
  w.lenTag(m, 0x1a);
}

export function writeScope(w: Writer, tag: number, s: InstrumentationScope): void {
  if (s.name === '' && s.version === '' && s.attributes.length === 0 && s.droppedAttributesCount === 0) return;
  const m = w.len();
  writeUint32Field(w, 0x20, s.droppedAttributesCount);
  writeAttributes(w, 0x1a, s.attributes);
  w.stringField(0x12, s.version);
  w.stringField(0x0a, s.name);
  w.lenTag(m, tag);
}
