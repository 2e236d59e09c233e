// The line builder behind `verbosity: detailed`, with the layout rules of Go's otlptext dataBuffer
// (core `exporter/debugexporter/internal/otlptext/databuffer.go`): one entry per line, `%-15s`
// padded span fields, attribute lists as `     -> key: Type(value)`, and nested attribute
// lists indented by whatever precedes the `->` in their header.

import {
  anyValueToString,
  idToHex,
  isEmptyId,
  valueType,
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  type Resource,
} from '../../../pdata/index.js';
import { padRight } from './gofmt.js';

/** Go's valueToString: `Str(text)`, `Int(3)`, `Map({"a":1})`, `Empty()`. */
export function typedValue(v: AnyValue): string {
  return `${valueType(v)}(${anyValueToString(v)})`;
}

/** pcommon.TraceID/SpanID String(): hex, or "" for an all-zero id. */
export function idText(id: string): string {
  return isEmptyId(id) ? '' : idToHex(id);
}

export class TextBuffer {
  private readonly lines: string[] = [];

  entry(line: string): void {
    this.lines.push(line);
  }

  /** A `    Name           : value` field line. */
  field(name: string, value: string): void {
    this.lines.push(`    ${padRight(name, 15)}: ${value}`);
  }

  /** Nothing for an empty list; otherwise `<header>:` and one line per attribute. */
  attributes(header: string, attrs: readonly KeyValue[]): void {
    if (attrs.length === 0) return;
    this.lines.push(`${header}:`);
    // Go prefixes the entries with the header's text before `->` when it has one, so
    // `     -> Attributes:` nests its entries one level deeper.
    const arrow = header.indexOf('->');
    const prefix = (arrow >= 0 ? header.slice(0, arrow) : '') + '     ->';
    for (const kv of attrs) this.lines.push(`${prefix} ${kv.key}: ${typedValue(kv.value)}`);
  }

  resource(r: Resource, schemaUrl: string): void {
    this.entry(`Resource SchemaURL: ${schemaUrl}`);
    this.attributes('Resource attributes', r.attributes);
    if (r.entityRefs.length === 0) return;
    this.entry('Resource entity refs:');
    r.entityRefs.forEach((e, i) => {
      this.entry(`     -> Entity ref #${i}:`);
      this.entry(`          -> Type: ${e.type}`);
      if (e.schemaUrl !== '') this.entry(`          -> Schema URL: ${e.schemaUrl}`);
      if (e.idKeys.length > 0) {
        this.entry('          -> ID keys:');
        for (const k of e.idKeys) this.entry(`               -> ${k}`);
      }
      if (e.descriptionKeys.length > 0) {
        this.entry('          -> Description keys:');
        for (const k of e.descriptionKeys) this.entry(`               -> ${k}`);
      }
    });
  }

  scope(s: InstrumentationScope): void {
    this.entry(`InstrumentationScope ${s.name} ${s.version}`);
    this.attributes('InstrumentationScope attributes', s.attributes);
  }

  /** The text, every line newline-terminated (Go's buffer ends with "\n"). */
  toString(): string {
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }
}
