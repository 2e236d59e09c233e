// YAML text → plain JS values, recording where every key path was written so config problems can
// say `file.yaml:12:7`. Typing follows the YAML 1.2 core schema (what Go's yaml.v3 yields for an
// untyped target, near enough): `447801` is a number, `yes` a string, `~`/empty a null.
// Go keeps an int's and a float's kind apart (int vs float64) and ints exact to int64; a JS number
// cannot, so the two cases it would lose are marked: a float with an integral value (`1.0`,
// `1e3`) becomes a YamlFloat, an int beyond 2^53 a bigint. Typed schema nodes read both as plain
// numbers; `s.any().keepKinds()` (the attributes `value`) keeps the kind.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { YamlFloat } from '../core/schema.js';

/** Go's confmap key delimiter (core `confmap/internal/conf.go` KeyDelimiter). */
export const KEY_DELIMITER = '::';

export interface Position {
  /** Index of the config source (order of `--config`, then `--set`): sorts problems across files. */
  source: number;
  /** File path or URI label the position belongs to. */
  label: string;
  line: number;
  col: number;
  /** False for one-line inline sources (`yaml:…`, `--set`), where line:col adds nothing. */
  showLine: boolean;
}

/** Key path (segments joined by `::`) → where its key (or list item) was written. */
export type PositionMap = Map<string, Position>;

export function formatWhere(p: Position): string {
  return p.showLine ? `${p.label}:${p.line}:${p.col}` : p.label;
}

export interface YamlProblem {
  path: string[];
  message: string;
  at?: Position;
}

interface ParsedYaml {
  value: unknown;
  positions: PositionMap;
  problems: YamlProblem[];
}

interface ParseOptions {
  label: string;
  source?: number;
  showLine?: boolean;
  /**
   * Split keys on `::` into nested maps, as Go's confmap does when it loads a map
   * (koanf `maps.Unflatten` with KeyDelimiter): `processors::batch::timeout: 2s` is the `--set` form.
   */
  unflatten?: boolean;
}

export function joinPath(path: readonly string[]): string {
  return path.join(KEY_DELIMITER);
}

/** Assigns without tripping `__proto__` (a YAML key is data, never a prototype). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const MAX_ALIAS_DEPTH = 64;
/** Bounds alias fan-out ("billion laughs"); yaml.v3 refuses such documents too. */
const MAX_ALIAS_EXPANSIONS = 10_000;

class Converter {
  readonly positions: PositionMap = new Map();
  readonly problems: YamlProblem[] = [];
  private aliasExpansions = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly opts: Required<ParseOptions>,
  ) {}

  at(offset: number | undefined): Position | undefined {
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { source: this.opts.source, label: this.opts.label, line, col, showLine: this.opts.showLine };
  }

  record(path: string[], offset: number | undefined): void {
    const p = this.at(offset);
    if (p && path.length) this.positions.set(joinPath(path), p);
  }

  convert(node: unknown, path: string[], inList: boolean, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      const at = this.at(node.range?.[0]);
      // Go yaml.v3 wording for both.
      if (!target) {
        this.problems.push({ path, message: `unknown anchor '${node.source}' referenced`, at });
        return null;
      }
      if (depth > MAX_ALIAS_DEPTH || ++this.aliasExpansions > MAX_ALIAS_EXPANSIONS) {
        if (!this.problems.some((p) => p.message === 'document contains excessive aliasing')) {
          this.problems.push({ path, message: 'document contains excessive aliasing', at });
        }
        return null;
      }
      return this.convert(target, path, inList, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      // Parsed with intAsBigInt, so a bigint is a YAML int and a number a YAML float.
      // yaml.v3 reads an int too big for int64 as uint64, and beyond that as a float64.
      if (typeof v === 'bigint')
        return Number.isSafeInteger(Number(v)) ? Number(v) : v >= INT64_MIN && v <= UINT64_MAX ? v : new YamlFloat(Number(v));
      if (typeof v === 'number' && Number.isInteger(v)) return new YamlFloat(v);
      return v === undefined ? null : v;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const p = [...path, String(i)];
        this.record(p, (item as Node | null)?.range?.[0]);
        return this.convert(item, p, true, depth);
      });
    }
    if (isMap(node)) return this.convertMap(node, path, inList, depth);
    return null;
  }

  private keyText(key: unknown, path: string[]): string | undefined {
    if (key === null || key === undefined) return '';
    const k = isAlias(key) ? key.resolve(this.doc) : key;
    if (isScalar(k)) return k.value === null || k.value === undefined ? '' : String(k.value);
    this.problems.push({ path, message: 'map keys must be scalars', at: this.at((key as Node).range?.[0]) });
    return undefined;
  }

  private convertMap(node: Node & { items: Array<{ key: unknown; value: unknown }> }, path: string[], inList: boolean, depth: number): unknown {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const offset = keyNode?.range?.[0];
      // `<<` merge key (YAML 1.1, which yaml.v3 honours): only the plain spelling is special.
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<') {
        merges.push(pair.value);
        continue;
      }
      const key = this.keyText(keyNode, path);
      if (key === undefined) continue;
      const line = this.at(offset)?.line ?? 0;
      const first = seen.get(key);
      if (first !== undefined) {
        // Go yaml.v3 rejects duplicate keys the same way.
        this.problems.push({ path: [...path, key], message: `mapping key "${key}" already defined at line ${first}`, at: this.at(offset) });
        continue;
      }
      seen.set(key, line);
      const segments = this.opts.unflatten && !inList ? key.split(KEY_DELIMITER) : [key];
      const full = [...path, ...segments];
      for (let i = 1; i <= segments.length; i++) {
        const sub = [...path, ...segments.slice(0, i)];
        if (i === segments.length || !this.positions.has(joinPath(sub))) this.record(sub, offset);
      }
      const value = this.convert(pair.value, full, inList, depth);
      assignPath(out, segments, value);
    }
    for (const m of merges) this.applyMerge(out, m, path, inList, depth);
    return out;
  }

  private applyMerge(out: Record<string, unknown>, source: unknown, path: string[], inList: boolean, depth: number): void {
    const resolved = isAlias(source) ? source.resolve(this.doc) : source;
    const items = isSeq(resolved) ? resolved.items : [source];
    for (const item of items) {
      const v = this.convert(item, path, inList, depth + 1);
      if (!isPlainMap(v)) {
        this.problems.push({
          path,
          message: 'map merge requires map or sequence of maps as the value',
          at: this.at((item as Node | null)?.range?.[0]),
        });
        continue;
      }
      // Explicit keys win, and earlier merge sources win over later ones.
      for (const [k, x] of Object.entries(v)) if (!Object.prototype.hasOwnProperty.call(out, k)) setKey(out, k, x);
    }
  }
}

/** Sets `segments` inside `out`, merging into maps an earlier `a::b` style key created. */
function assignPath(out: Record<string, unknown>, segments: string[], value: unknown): void {
  let cur = out;
  for (let i = 0; i < segments.length - 1; i++) {
    const k = segments[i]!;
    const next = cur[k];
    if (isPlainMap(next) && Object.prototype.hasOwnProperty.call(cur, k)) cur = next;
    else {
      const fresh: Record<string, unknown> = {};
      setKey(cur, k, fresh);
      cur = fresh;
    }
  }
  const last = segments[segments.length - 1]!;
  const prev = Object.prototype.hasOwnProperty.call(cur, last) ? cur[last] : undefined;
  if (isPlainMap(prev) && isPlainMap(value)) deepAssign(prev, value);
  else setKey(cur, last, value);
}

function deepAssign(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, x] of Object.entries(src)) {
    const prev = Object.prototype.hasOwnProperty.call(dst, k) ? dst[k] : undefined;
    if (isPlainMap(prev) && isPlainMap(x)) deepAssign(prev, x);
    else setKey(dst, k, x);
  }
}

/**
 * Parses the first YAML document of `text` (Go's yaml.Unmarshal ignores later ones). Syntax
 * errors and duplicate keys come back as problems with their position; the value is then partial.
 */
export function parseYaml(text: string, options: ParseOptions): ParsedYaml {
  const opts: Required<ParseOptions> = { source: 0, showLine: true, unflatten: false, ...options };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, intAsBigInt: true });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) return { value: null, positions: new Map(), problems: [] };
  const conv = new Converter(doc, lines, opts);
  const syntax: YamlProblem[] = doc.errors.map((e) => ({ path: [], message: e.message, at: conv.at(e.pos[0]) }));
  const value = syntax.length ? null : conv.convert(doc.contents, [], false, 0);
  return { value, positions: conv.positions, problems: [...syntax, ...conv.problems] };
}
