// A small declarative schema for component configs. Each node decodes a user value over its
// default with the weak typing of the 2023 Go collector (mapstructure WeaklyTypedInput), collects
// every problem with its key path instead of stopping at the first, and can encode the decoded
// value back (print-config). Durations decode to milliseconds, sizes to bytes.

import { parseDuration, formatDuration, parseSize } from './units.js';

export interface ConfigIssue {
  path: string[];
  message: string;
}

/**
 * A scalar produced by `${…}` expansion of a whole value. `value` is the YAML-typed reading,
 * `raw` the string as substituted: string fields keep `raw` (so `0123` stays `0123`, as in Go).
 */
export class Expanded {
  constructor(
    readonly value: unknown,
    readonly raw: string,
    readonly secret: boolean,
  ) {}
}

/**
 * A YAML float whose value is integral (`1.0`, `1e3`): as a plain number it would read as an int.
 * The config loader also leaves ints beyond 2^53 as bigints. Typed nodes see both as numbers.
 */
export class YamlFloat {
  constructor(readonly value: number) {}
}

/** A loaded value with the two kind markers above turned into plain numbers (what typed nodes read). */
function plainNumber(v: unknown): unknown {
  if (v instanceof YamlFloat) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export class DecodeContext {
  readonly issues: ConfigIssue[] = [];
  /** Paths (joined by `::`) whose value is a secret: from the environment or declared secret. */
  readonly secrets = new Set<string>();
  issue(path: string[], message: string): void {
    this.issues.push({ path: [...path], message });
  }
}

export const REDACTED = '[REDACTED]';

export abstract class SchemaNode<T> {
  description = '';
  isSecret = false;
  abstract defaultValue(): T;
  /** Decodes `input` (already env-expanded) over the default. Never throws: issues go to ctx. */
  abstract decode(input: unknown, path: string[], ctx: DecodeContext): T;
  /** The user-facing form of a decoded value (durations as `200ms`, secrets redacted on request). */
  encode(value: T, redact: boolean): unknown {
    if (redact && this.isSecret && value !== '' && value !== undefined) return REDACTED;
    return value;
  }
  abstract typeName(): string;
  doc(text: string): this {
    this.description = text;
    return this;
  }
  /** Marks the value as a secret: redacted by print-config and never logged. */
  secret(): this {
    this.isSecret = true;
    return this;
  }
  protected unwrap(input: unknown, path: string[], ctx: DecodeContext, wantString: boolean): unknown {
    if (input instanceof Expanded) {
      if (input.secret || this.isSecret) ctx.secrets.add(path.join('::'));
      return wantString ? input.raw : plainNumber(input.value);
    }
    if (this.isSecret) ctx.secrets.add(path.join('::'));
    return plainNumber(input);
  }
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function rel(path: string[]): string {
  return path.length ? path[path.length - 1]! : '';
}

class StringNode extends SchemaNode<string> {
  constructor(private readonly def: string) {
    super();
  }
  defaultValue(): string {
    return this.def;
  }
  typeName(): string {
    return 'string';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): string {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined) return this.def;
    if (typeof v === 'string') return v;
    // Weak typing: `username: 447801` is a string field given a YAML int.
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? '1' : '0';
    ctx.issue(path, `'${rel(path)}' expected type 'string', got unconvertible type '${kindOf(v)}'`);
    return this.def;
  }
}

class IntNode extends SchemaNode<number> {
  constructor(
    private readonly def: number,
    private readonly min?: number,
  ) {
    super();
  }
  defaultValue(): number {
    return this.def;
  }
  typeName(): string {
    return 'int';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): number {
    const v = this.unwrap(input, path, ctx, false);
    let n: number | undefined;
    if (v === null || v === undefined) return this.def;
    if (typeof v === 'number' && Number.isInteger(v)) n = v;
    else if (typeof v === 'number') n = Math.trunc(v);
    else if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) n = Number.parseInt(v, 10);
    if (n === undefined) {
      ctx.issue(path, `cannot parse '${rel(path)}' as int: ${JSON.stringify(v)}`);
      return this.def;
    }
    if (this.min !== undefined && n < this.min) ctx.issue(path, `'${rel(path)}' must be at least ${this.min}, got ${n}`);
    return n;
  }
}

class NumberNode extends SchemaNode<number> {
  constructor(private readonly def: number) {
    super();
  }
  defaultValue(): number {
    return this.def;
  }
  typeName(): string {
    return 'float';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): number {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) return this.def;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    ctx.issue(path, `cannot parse '${rel(path)}' as float: ${JSON.stringify(v)}`);
    return this.def;
  }
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

class BoolNode extends SchemaNode<boolean> {
  constructor(private readonly def: boolean) {
    super();
  }
  defaultValue(): boolean {
    return this.def;
  }
  typeName(): string {
    return 'bool';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): boolean {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) return this.def;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') {
      // Go's strconv.ParseBool vocabulary (weakly typed input); an empty string is false.
      if (v === '') return false;
      if (TRUE_WORDS.has(v)) return true;
      if (FALSE_WORDS.has(v)) return false;
    }
    ctx.issue(path, `cannot parse '${rel(path)}' as bool: ${JSON.stringify(v)}`);
    return this.def;
  }
}

/** A duration in milliseconds. Strings use Go's syntax (`200ms`, `1m30s`); bare numbers are nanoseconds as in Go. */
class DurationNode extends SchemaNode<number> {
  constructor(private readonly defMs: number) {
    super();
  }
  defaultValue(): number {
    return this.defMs;
  }
  typeName(): string {
    return 'duration';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): number {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined || v === '') return this.defMs;
    if (typeof v === 'number') return v / 1e6;
    if (typeof v === 'string') {
      const ms = parseDuration(v);
      if (ms !== undefined) return ms;
      ctx.issue(path, `'${rel(path)}' time: invalid duration ${JSON.stringify(v)}`);
      return this.defMs;
    }
    ctx.issue(path, `'${rel(path)}' expected a duration, got '${kindOf(v)}'`);
    return this.defMs;
  }
  override encode(value: number): unknown {
    return formatDuration(value);
  }
}

/** A byte size: an integer, or a string with a unit (`20MiB`, `512KiB`, `1GB`). */
class SizeNode extends SchemaNode<number> {
  constructor(private readonly def: number) {
    super();
  }
  defaultValue(): number {
    return this.def;
  }
  typeName(): string {
    return 'size';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): number {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined || v === '') return this.def;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (typeof v === 'string') {
      const n = parseSize(v);
      if (n !== undefined) return n;
    }
    ctx.issue(path, `cannot parse '${rel(path)}' as a size in bytes: ${JSON.stringify(v)}`);
    return this.def;
  }
}

class EnumNode<T extends string> extends SchemaNode<T> {
  constructor(
    private readonly values: readonly T[],
    private readonly def: T,
    private readonly caseInsensitive: boolean,
  ) {
    super();
  }
  defaultValue(): T {
    return this.def;
  }
  typeName(): string {
    return this.values.map((v) => v || '""').join('|');
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): T {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined) return this.def;
    const s = String(v);
    const hit = this.values.find((x) => (this.caseInsensitive ? x.toLowerCase() === s.toLowerCase() : x === s));
    if (hit !== undefined) return hit;
    ctx.issue(path, `invalid value ${JSON.stringify(s)} for '${rel(path)}': must be one of [${this.values.join(', ')}]`);
    return this.def;
  }
}

class ListNode<T> extends SchemaNode<T[]> {
  constructor(
    readonly item: SchemaNode<T>,
    private readonly def: T[],
  ) {
    super();
  }
  defaultValue(): T[] {
    return this.def.slice();
  }
  typeName(): string {
    return `list of ${this.item.typeName()}`;
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): T[] {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) return this.defaultValue();
    // Weak typing: a single scalar where a list is expected becomes a one-element list.
    const arr = Array.isArray(v) ? v : [input];
    return arr.map((x, i) => this.item.decode(x, [...path, String(i)], ctx));
  }
  override encode(value: T[], redact: boolean): unknown {
    return value.map((x) => this.item.encode(x, redact));
  }
}

class MapNode<T> extends SchemaNode<Record<string, T>> {
  constructor(
    readonly item: SchemaNode<T>,
    private readonly def: Record<string, T>,
  ) {
    super();
  }
  defaultValue(): Record<string, T> {
    return { ...this.def };
  }
  typeName(): string {
    return `map of ${this.item.typeName()}`;
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): Record<string, T> {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) return this.defaultValue();
    if (typeof v !== 'object' || Array.isArray(v)) {
      ctx.issue(path, `'${rel(path)}' expected a map, got '${kindOf(v)}'`);
      return this.defaultValue();
    }
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = this.item.decode(x, [...path, k], ctx);
    return out;
  }
  override encode(value: Record<string, T>, redact: boolean): unknown {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) out[k] = this.item.encode(x, redact);
    return out;
  }
}

export type Shape = Record<string, SchemaNode<unknown>>;
export type Infer<S extends Shape> = { [K in keyof S]: S[K] extends SchemaNode<infer T> ? T : never };

export class ObjectNode<S extends Shape> extends SchemaNode<Infer<S>> {
  constructor(readonly fields: S) {
    super();
  }
  defaultValue(): Infer<S> {
    const out: Record<string, unknown> = {};
    for (const [k, n] of Object.entries(this.fields)) out[k] = n.defaultValue();
    return out as Infer<S>;
  }
  typeName(): string {
    return 'map';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): Infer<S> {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) return this.defaultValue();
    if (typeof v !== 'object' || Array.isArray(v)) {
      ctx.issue(path, `'${rel(path)}' expected a map, got '${kindOf(v)}'`);
      return this.defaultValue();
    }
    const src = v as Record<string, unknown>;
    const unknownKeys = Object.keys(src).filter((k) => !(k in this.fields));
    if (unknownKeys.length) ctx.issue(path, `'${rel(path)}' has invalid keys: ${unknownKeys.join(', ')}`);
    const out: Record<string, unknown> = {};
    for (const [k, n] of Object.entries(this.fields)) {
      out[k] = k in src ? n.decode(src[k], [...path, k], ctx) : n.defaultValue();
    }
    return out as Infer<S>;
  }
  override encode(value: Infer<S>, redact: boolean): unknown {
    const out: Record<string, unknown> = {};
    for (const [k, n] of Object.entries(this.fields)) {
      const x = (value as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = n.encode(x, redact);
    }
    return out;
  }
}

/**
 * A section enabled by its key's presence (Go's configoptional): absent → undefined; present,
 * even as null, → the inner node's defaults with the user's values on top.
 */
class PresenceNode<T> extends SchemaNode<T | undefined> {
  constructor(readonly inner: SchemaNode<T>) {
    super();
  }
  defaultValue(): T | undefined {
    return undefined;
  }
  typeName(): string {
    return `optional ${this.inner.typeName()}`;
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): T | undefined {
    return this.inner.decode(input, path, ctx);
  }
  override encode(value: T | undefined, redact: boolean): unknown {
    return value === undefined ? undefined : this.inner.encode(value, redact);
  }
}

/** Accepts any YAML value unchanged (plugin-specific blobs). */
class AnyNode extends SchemaNode<unknown> {
  private kinds = false;
  constructor(private readonly def: unknown) {
    super();
  }
  /**
   * Keeps the YAML kind of numbers as Go's untyped decoding does (int vs float64, ints exact):
   * every int becomes a bigint and every float a number, so `1.0` stays a float.
   */
  keepKinds(): this {
    this.kinds = true;
    return this;
  }
  defaultValue(): unknown {
    return this.def;
  }
  typeName(): string {
    return 'any';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): unknown {
    if (input instanceof Expanded && (input.secret || this.isSecret)) ctx.secrets.add(path.join('::'));
    else if (this.isSecret) ctx.secrets.add(path.join('::'));
    return this.kinds ? withKinds(input) : stripExpanded(input);
  }
  /** print-config shows numbers as before: a bigint as a number (JSON output cannot hold a bigint). */
  override encode(value: unknown, redact: boolean): unknown {
    return super.encode(this.kinds ? stripExpanded(value) : value, redact);
  }
}

/** Expanded values unwrapped, numbers plain (a bigint or YamlFloat becomes a number). */
function stripExpanded(v: unknown): unknown {
  if (v instanceof Expanded) return stripExpanded(v.value);
  if (Array.isArray(v)) return v.map(stripExpanded);
  if (v instanceof YamlFloat || typeof v === 'bigint') return plainNumber(v);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = stripExpanded(x);
    return out;
  }
  return v;
}

/** Expanded values unwrapped; an int (a plain integral number or bigint) a bigint, a float a number. */
function withKinds(v: unknown): unknown {
  if (v instanceof Expanded) return withKinds(v.value);
  if (v instanceof YamlFloat) return v.value;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(withKinds);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = withKinds(x);
    return out;
  }
  return v;
}

export const s = {
  string: (def = '') => new StringNode(def),
  int: (def = 0, min?: number) => new IntNode(def, min),
  number: (def = 0) => new NumberNode(def),
  bool: (def = false) => new BoolNode(def),
  duration: (defMs = 0) => new DurationNode(defMs),
  size: (def = 0) => new SizeNode(def),
  enum: <T extends string>(values: readonly T[], def: T, caseInsensitive = false) => new EnumNode<T>(values, def, caseInsensitive),
  list: <T>(item: SchemaNode<T>, def: T[] = []) => new ListNode<T>(item, def),
  map: <T>(item: SchemaNode<T>, def: Record<string, T> = {}) => new MapNode<T>(item, def),
  object: <S extends Shape>(fields: S) => new ObjectNode<S>(fields),
  presence: <T>(inner: SchemaNode<T>) => new PresenceNode<T>(inner),
  any: (def: unknown = undefined) => new AnyNode(def),
};
