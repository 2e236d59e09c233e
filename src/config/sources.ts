// Where config comes from: `--config` URIs (a path, `file:`, `yaml:`, `env:`, `http(s):`) and
// `--set` overrides, retrieved in order and deep-merged the way the Go collector's resolver does
// (core `confmap/resolver.go`, `confmap/provider/*`, `otelcol/flags.go`, `confmap/README.md`).

import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { checkEnvName, splitEnvUri, unsetWarning } from './expand.js';
import { isPlainMap, joinPath, parseYaml, setKey, type Position, type PositionMap, type YamlProblem } from './yaml.js';

/** Schemes a `--config` URI (and an embedded `${scheme:…}`) may use. */
export const SCHEMES: ReadonlySet<string> = new Set(['file', 'env', 'yaml', 'http', 'https']);

const URI_RE = /^([A-Za-z][A-Za-z0-9+.-]+):(.*)$/s;
/** core `confmap/resolver.go` driverLetterRegexp (`[A-z]` includes a few punctuation marks, as in Go). */
const DRIVE_LETTER_RE = /^[A-z]:/;
const HTTP_TIMEOUT_MS = 30_000;

export class SourceError extends Error {}

interface Location {
  scheme: string;
  opaque: string;
}

/** A `--config` value → scheme and rest; no scheme (or a drive letter) means a file path. */
export function parseConfigUri(uri: string): Location {
  if (DRIVE_LETTER_RE.test(uri) || !uri.includes(':')) return { scheme: 'file', opaque: uri };
  const m = URI_RE.exec(uri);
  if (!m) throw new SourceError(`invalid uri: ${JSON.stringify(uri)}`);
  if (!SCHEMES.has(m[1]!)) throw new SourceError(`unsupported scheme on URI ${JSON.stringify(uri)}`);
  return { scheme: m[1]!, opaque: m[2]! };
}

/** `--set a.b=c` → `yaml:a::b: c` (core `otelcol/flags.go`): dots become the key delimiter. */
export function setFlagToUri(set: string): string {
  const at = set.indexOf('=');
  if (at < 0) throw new SourceError('missing equal sign');
  return `yaml:${set.slice(0, at).replaceAll('.', '::').trim()}: ${set.slice(at + 1).trim()}`;
}

/** Node's fs error in the words Go's os package uses (`open x: no such file or directory`). */
function fsMessage(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return err instanceof Error ? err.message : String(err);
}

interface RetrieveContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  warn(message: string): void;
}

/** The text behind a URI, with the provider's error messages. */
export async function retrieveText(loc: Location, ctx: RetrieveContext): Promise<string> {
  const uri = `${loc.scheme}:${loc.opaque}`;
  switch (loc.scheme) {
    case 'file': {
      const path = resolvePath(ctx.cwd, loc.opaque);
      try {
        return await readFile(path, 'utf8');
      } catch (err) {
        throw new SourceError(`unable to read the file ${uri}: ${fsMessage(err, loc.opaque)}`);
      }
    }
    case 'yaml':
      return loc.opaque;
    case 'env': {
      const { name, def } = splitEnvUri(loc.opaque);
      try {
        checkEnvName(name);
      } catch (err) {
        throw new SourceError((err as Error).message);
      }
      const val = ctx.env[name];
      if (val !== undefined) return val;
      if (def !== undefined) return def;
      ctx.warn(unsetWarning(name));
      return '';
    }
    case 'http':
    case 'https': {
      let res: Response;
      try {
        res = await fetch(uri, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
      } catch (err) {
        const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
        throw new SourceError(`unable to download the file via HTTP GET for uri ${JSON.stringify(uri)}: ${cause}`);
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new SourceError(`failed to load resource from uri ${JSON.stringify(uri)}. status code: ${res.status}`);
      }
      try {
        return await res.text();
      } catch {
        throw new SourceError(`fail to read the response body from uri ${JSON.stringify(uri)}`);
      }
    }
    default:
      throw new SourceError(`scheme ${JSON.stringify(loc.scheme)} is not supported for uri ${JSON.stringify(uri)}`);
  }
}

interface SourceProblem {
  path: string[];
  message: string;
  at?: Position;
  /** Shown when there is no line:col (a whole source failed to load). */
  where?: string;
}

interface MergedSources {
  value: Record<string, unknown>;
  positions: PositionMap;
  problems: SourceProblem[];
  warnings: string[];
  /** One label per source in merge order (file paths, URIs, `--set …`). */
  labels: string[];
}

function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return typeof v;
}

/**
 * Deep-merges `src` into `dst`: maps merge key by key, anything else (lists, scalars, and a null
 * that wipes an earlier map, see core `confmap/README.md` "Null Maps") replaces. Positions of a
 * replaced subtree are dropped and the newer ones taken.
 */
export function mergeInto(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
  positions: PositionMap,
  srcPositions: PositionMap,
  path: string[] = [],
): void {
  for (const [k, v] of Object.entries(src)) {
    const p = [...path, k];
    const key = joinPath(p);
    const srcPos = srcPositions.get(key);
    if (srcPos) positions.set(key, srcPos);
    const cur = Object.prototype.hasOwnProperty.call(dst, k) ? dst[k] : undefined;
    if (isPlainMap(v) && isPlainMap(cur)) {
      mergeInto(cur, v, positions, srcPositions, p);
      continue;
    }
    const prefix = `${key}::`;
    for (const old of [...positions.keys()]) if (old.startsWith(prefix)) positions.delete(old);
    for (const [nk, pos] of srcPositions) if (nk.startsWith(prefix)) positions.set(nk, pos);
    setKey(dst, k, v);
  }
}

interface SourceSpec {
  uri: string;
  label: string;
  /** Inline one-liners get no line:col in messages. */
  showLine: boolean;
}

/** Retrieves every source in order (configs, then sets) and merges them. */
export async function loadSources(configs: readonly string[], sets: readonly string[], ctx: RetrieveContext): Promise<MergedSources> {
  const out: MergedSources = { value: {}, positions: new Map(), problems: [], warnings: [], labels: [] };
  const warn = (m: string): void => {
    if (!out.warnings.includes(m)) out.warnings.push(m);
  };
  if (configs.length === 0) {
    out.problems.push({ path: [], message: 'at least one config flag must be provided' });
    return out;
  }
  const specs: SourceSpec[] = configs.map((uri) => {
    const isFile = DRIVE_LETTER_RE.test(uri) || !uri.includes(':') || uri.startsWith('file:');
    const label = uri.startsWith('file:') ? uri.slice('file:'.length) : uri;
    return { uri, label, showLine: isFile || uri.startsWith('env:') || uri.startsWith('http') };
  });
  for (const set of sets) {
    try {
      specs.push({ uri: setFlagToUri(set), label: `--set ${set}`, showLine: false });
    } catch (err) {
      out.problems.push({ path: [], message: `invalid argument ${JSON.stringify(set)} for "--set" flag: ${(err as Error).message}` });
    }
  }
  const docs: Array<{ value: Record<string, unknown>; positions: PositionMap }> = [];
  for (const [index, spec] of specs.entries()) {
    out.labels.push(spec.label);
    let loc: Location;
    let text: string;
    try {
      loc = parseConfigUri(spec.uri);
    } catch (err) {
      out.problems.push({ path: [], message: (err as Error).message });
      continue;
    }
    try {
      text = await retrieveText(loc, { ...ctx, warn });
    } catch (err) {
      out.problems.push({ path: [], message: `cannot retrieve the configuration: ${(err as Error).message}` });
      continue;
    }
    const parsed = parseYaml(text, { label: spec.label, source: index, showLine: spec.showLine, unflatten: true });
    if (parsed.problems.length) {
      out.problems.push(...parsed.problems.map((p: YamlProblem) => ({ ...p, where: p.at ? undefined : spec.label })));
      continue;
    }
    if (parsed.value === null) docs.push({ value: {}, positions: parsed.positions });
    else if (isPlainMap(parsed.value)) docs.push({ value: parsed.value, positions: parsed.positions });
    else {
      out.problems.push({
        path: [],
        message: `retrieved value (type=${goTypeName(parsed.value)}) cannot be used as a Conf`,
        where: spec.label,
      });
    }
  }
  if (out.problems.length) return out;
  for (const d of docs) mergeInto(out.value, d.value, out.positions, d.positions);
  return out;
}
