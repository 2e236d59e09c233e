// The `json` line (Go's json.Marshal of encode.go's lokiEntry) written straight into the push
// request's bytes. The text is go-json.ts's byte for byte; what differs is how it is made:
// - a string is escaped by one loop over its chars into bytes (Go's rules: `"` `\` and the \b \f
//   \n \r \t short forms, other controls as \u00xx, `<` `>` `&` U+2028 U+2029 escaped, U+FFFD and
//   lone surrogates as \ufffd), where goJsonString tests two regexes, calls JSON.stringify and
//   replaces; the docker lines all carry `"` and `&`, so every one took that slow path;
// - the attributes and resources maps (sorted, deduplicated by go-json.ts) repeat record after
//   record (one container's id and tag), so the map's bytes are kept while the next record's
//   kept entries are the same keys and values, and only rebuilt when they change.
// Measured on the seed's docker path (docker-path.bench.ts; figures in the README).

import { idToHex, isEmptyId, type AnyValue, type InstrumentationScope, type KeyValue, type LogRecord } from '../../../pdata/index.js';
import { goJsonMap, goJsonValue } from '../../../pdata/go-json.js';
import { goJsonString } from '../../../pdata/go-strings.js';
import type { EntryWriter } from '../../../shared/codec/loki/push-builder.js';

// For ASCII: 0 = as is, 1 = backslash + itself, 2 = \u00xx, else the short escape's letter.
const ASCII_ESCAPE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) ASCII_ESCAPE[c] = 2;
ASCII_ESCAPE[0x08] = 0x62; // \b
ASCII_ESCAPE[0x0c] = 0x66; // \f
ASCII_ESCAPE[0x0a] = 0x6e; // \n
ASCII_ESCAPE[0x0d] = 0x72; // \r
ASCII_ESCAPE[0x09] = 0x74; // \t
ASCII_ESCAPE[0x22] = 1;
ASCII_ESCAPE[0x5c] = 1;
ASCII_ESCAPE[0x3c] = 2;
ASCII_ESCAPE[0x3e] = 2;
ASCII_ESCAPE[0x26] = 2;

const HEX = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];

function uEscape(buf: Uint8Array, p: number, c: number): number {
  buf[p] = 0x5c;
  buf[p + 1] = 0x75;
  buf[p + 2] = HEX[c >> 12]!;
  buf[p + 3] = HEX[(c >> 8) & 15]!;
  buf[p + 4] = HEX[(c >> 4) & 15]!;
  buf[p + 5] = HEX[c & 15]!;
  return p + 6;
}

/** goJsonString(s) as UTF-8 bytes. */
export function writeJsonString(w: EntryWriter, s: string): void {
  const n = s.length;
  // Worst case 6 bytes per char (\u00xx); a surrogate pair is 2 chars for 4 bytes.
  w.ensure(n * 6 + 2);
  const buf = w.buf;
  let p = w.pos;
  buf[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      const e = ASCII_ESCAPE[c]!;
      if (e === 0) buf[p++] = c;
      else if (e === 1) {
        buf[p++] = 0x5c;
        buf[p++] = c;
      } else if (e === 2) p = uEscape(buf, p, c);
      else {
        buf[p++] = 0x5c;
        buf[p++] = e;
      }
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[p++] = 0xf0 | (cp >> 18);
        buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[p++] = 0x80 | (cp & 0x3f);
        i++;
      } else p = uEscape(buf, p, 0xfffd); // lone surrogate: Go's decoder made it U+FFFD
    } else if (c === 0x2028 || c === 0x2029 || c === 0xfffd) p = uEscape(buf, p, c);
    else {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  buf[p++] = 0x22;
  w.pos = p;
}

/** Object.is for the values a cached map may hold (the same object only within one request). */
const sameValue = (a: AnyValue, b: AnyValue): boolean => a === b && (typeof a !== 'number' || Object.is(a, b));

/**
 * The JSON bytes of the last map written for one field (`attributes` or `resources`): reused while
 * the entries kept for the line are the same keys and values in the same order. Valid within one
 * request only (an object value is compared by identity): reset() between requests.
 */
export class MapBytesCache {
  private keys: string[] = [];
  private values: AnyValue[] = [];
  private bytes: Uint8Array | null = null;
  private readonly kept: KeyValue[] = [];

  reset(): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.bytes = null;
  }

  /**
   * The bytes of goJsonMap(the entries of attrs whose `keep` is true), or null when none are kept.
   * Throws GoJsonError (NaN/±Inf) as goJsonMap does.
   */
  get(attrs: readonly KeyValue[], keep: readonly boolean[]): Uint8Array | null {
    const keys = this.keys;
    const values = this.values;
    let n = 0;
    let hit = this.bytes !== null;
    for (let i = 0; i < attrs.length; i++) {
      const kv = attrs[i]!;
      if (!keep[i]) continue;
      if (hit && (n >= keys.length || keys[n] !== kv.key || !sameValue(values[n]!, kv.value))) hit = false;
      n++;
    }
    if (n === 0) return null;
    if (hit && n === keys.length) return this.bytes;
    const kept = this.kept;
    kept.length = 0;
    for (let i = 0; i < attrs.length; i++) if (keep[i]) kept.push(attrs[i]!);
    this.bytes = null;
    const bytes = Buffer.from(goJsonMap(kept), 'utf8');
    keys.length = 0;
    values.length = 0;
    for (const kv of kept) {
      keys.push(kv.key);
      values.push(kv.value);
    }
    kept.length = 0;
    this.bytes = bytes;
    return bytes;
  }
}

/** `,"instrumentation_scope":{…}` of a scope (per ScopeLogs, not per record), or null when it has no name. */
export function scopeJson(scope: InstrumentationScope): Uint8Array | null {
  if (scope.name === '') return null;
  let out = ',"instrumentation_scope":{"name":' + goJsonString(scope.name);
  if (scope.version !== '') out += ',"version":' + goJsonString(scope.version);
  if (scope.attributes.length > 0) out += ',"attributes":' + goJsonMap(scope.attributes);
  return Buffer.from(out + '}', 'utf8');
}

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const BODY = enc(',"body":');
const TRACE_ID = enc(',"traceid":"');
const SPAN_ID = enc(',"spanid":"');
const SEVERITY = enc(',"severity":');
const FLAGS = enc(',"flags":');
const ATTRIBUTES = enc(',"attributes":');
const RESOURCES = enc(',"resources":');

function field(w: EntryWriter, name: Uint8Array, first: boolean): void {
  if (first) {
    w.ensure(name.length);
    w.buf.set(name, w.pos);
    w.buf[w.pos] = 0x7b; // the leading ',' becomes the object's '{'
    w.pos += name.length;
  } else w.bytes(name);
}

/**
 * Go's json.Marshal of its lokiEntry (encode.go Encode): body, traceid, spanid, severity, flags,
 * attributes, resources, instrumentation_scope; empty ones left out. `attributes`/`resources` are
 * the kept maps' bytes (MapBytesCache), `scope` the scopeJson bytes.
 */
export function writeJsonLine(
  w: EntryWriter,
  lr: LogRecord,
  attributes: Uint8Array | null,
  resources: Uint8Array | null,
  scope: Uint8Array | null,
): void {
  let first = true;
  const body = lr.body;
  if (body !== null) {
    field(w, BODY, first);
    first = false;
    if (typeof body === 'string') writeJsonString(w, body);
    else w.utf8(goJsonValue(body));
  }
  if (!isEmptyId(lr.traceId)) {
    field(w, TRACE_ID, first);
    first = false;
    w.utf8(idToHex(lr.traceId) + '"');
  }
  if (!isEmptyId(lr.spanId)) {
    field(w, SPAN_ID, first);
    first = false;
    w.utf8(idToHex(lr.spanId) + '"');
  }
  if (lr.severityText !== '') {
    field(w, SEVERITY, first);
    first = false;
    writeJsonString(w, lr.severityText);
  }
  if (lr.flags !== 0) {
    field(w, FLAGS, first);
    first = false;
    w.utf8(String(lr.flags >>> 0));
  }
  if (attributes !== null) {
    field(w, ATTRIBUTES, first);
    first = false;
    w.bytes(attributes);
  }
  if (resources !== null) {
    field(w, RESOURCES, first);
    first = false;
    w.bytes(resources);
  }
  if (scope !== null) {
    field(w, scope, first);
    w.ensure(1);
    w.buf[w.pos++] = 0x7d;
    return;
  }
  w.ensure(2);
  if (first) w.buf[w.pos++] = 0x7b;
  w.buf[w.pos++] = 0x7d;
}
