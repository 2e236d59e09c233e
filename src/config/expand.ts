// `${…}` expansion after YAML parsing and merging, with the Go collector's semantics
// (core `confmap/expand.go`, `confmap/provider/envprovider/provider.go`,
// `confmap/internal/e2e/testdata/expand-escaped-env.yaml`):
// - `${env:NAME}` and `${NAME}` (default scheme env); `${env:NAME:-default}` (split on the first
//   `:-`, default only when unset); as an extension `${NAME:-default}` too (Go rejects it as scheme
//   "NAME"). Naked `$NAME` is literal.
// - A value that is exactly one `${…}` takes the YAML type of what it expands to, and keeps the raw
//   text for string fields (`Expanded`); inside a longer string it is concatenated as text.
// - `$$` is a literal `$`, so `$${env:X}` is the literal `${env:X}`. Nested `${env:${env:N}}`
//   expands inside out; what a provider returns is expanded again (Go re-scans it), up to a limit.
// - Unset without default → empty (a string field gets "", others keep their default) and one
//   warning per variable.
// - Inside a `prometheus` receiver's `config:` (a Prometheus config, whose relabel `replacement`
//   uses `$1`/`${1}`), only `${env:…}` expands and `$$` is still `$`; every other `${…}` is kept as
//   written, so a prometheus.yml pasted in works without Go's `$$1` rewrite.
// Deliberate differences: Go's scanner stops at the first escaped `$${` in a string and leaves every
// later `${…}` of that string unexpanded; here each occurrence is handled on its own. And an escaped
// reference in a default (`${env:X:-$${env:Y}}`) is the literal default `${env:Y}`, where Go leaves
// the whole string unexpanded.

import { Expanded } from '../core/schema.js';
import { isPlainMap, joinPath, parseYaml, setKey } from './yaml.js';

/** core `confmap/internal/envvar/pattern.go` */
const ENV_NAME_PATTERN = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const ENV_NAME_RE = new RegExp(ENV_NAME_PATTERN);
/** core `confmap/expand.go` uriRegexp: a scheme is at least two characters, so `C:` is a drive. */
const URI_RE = /^([A-Za-z][A-Za-z0-9+.-]+):(.*)$/s;
const FRIENDLY_DEFAULT_RE = /^[A-Za-z_][A-Za-z0-9_]*:-/;
const MAX_DEPTH = 1000;

class ExpandError extends Error {}

/** Text a non-env provider (file, yaml, http) returned for an embedded `${scheme:…}`. */
interface RetrievedText {
  text: string;
  secret: boolean;
}

interface ExpandOptions {
  env: NodeJS.ProcessEnv;
  /** Schemes `${scheme:…}` may name besides env; the rest are "not supported". */
  schemes?: ReadonlySet<string>;
  /** Fetches an embedded URI for a scheme in `schemes` other than env. */
  retrieve?: (scheme: string, opaque: string, uri: string) => Promise<RetrievedText>;
}

/** One resolved `${…}`: YAML-typed value, its text form, and whether it came from a secret source. */
interface Resolved {
  value: unknown;
  raw: string;
  secret: boolean;
}

type Part = string | UriPart;
interface UriPart {
  parts: Part[];
  text: string;
}

/** Splits a string into literal text and `${…}` references (nested ones inside). */
function scan(s: string, start: number, inUri: boolean): { parts: Part[]; next: number; closed: boolean } {
  const parts: Part[] = [];
  let lit = '';
  let i = start;
  // Braces opened by an escaped `$${` inside a reference: their `}` is text, not the reference's end.
  let literalBraces = 0;
  const flush = (): void => {
    if (lit) parts.push(lit);
    lit = '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (inUri && c === '}') {
      if (literalBraces > 0) {
        literalBraces--;
        lit += c;
        i++;
        continue;
      }
      flush();
      return { parts, next: i + 1, closed: true };
    }
    if (c === '$' && s[i + 1] === '$') {
      // Inside a reference the escape is kept, so a default value is unescaped when it is expanded.
      lit += inUri ? '$$' : '$';
      i += 2;
      if (inUri && s[i] === '{') {
        literalBraces++;
        lit += '{';
        i++;
      }
      continue;
    }
    if (c === '$' && s[i + 1] === '{') {
      const inner = scan(s, i + 2, true);
      if (inner.closed) {
        flush();
        parts.push({ parts: inner.parts, text: s.slice(i, inner.next) });
        i = inner.next;
        continue;
      }
      if (inUri) return { parts, next: s.length, closed: false };
      lit += '${';
      i += 2;
      continue;
    }
    lit += c;
    i++;
  }
  flush();
  return { parts, next: i, closed: false };
}

/** Go's `NewRetrievedFromYAML`: YAML-typed, but a string (or non-YAML text) keeps its exact bytes. */
export function yamlTyped(text: string): { value: unknown; raw: string } {
  const parsed = parseYaml(text, { label: '' });
  if (parsed.problems.length || typeof parsed.value === 'string') return { value: text, raw: text };
  return { value: parsed.value, raw: text };
}

/** `NAME[:-default]` → name and optional default (core envprovider `parseEnvVarURI`). */
export function splitEnvUri(opaque: string): { name: string; def?: string } {
  const at = opaque.indexOf(':-');
  return at < 0 ? { name: opaque } : { name: opaque.slice(0, at), def: opaque.slice(at + 2) };
}

export function checkEnvName(name: string): void {
  if (!ENV_NAME_RE.test(name)) {
    throw new ExpandError(`environment variable ${JSON.stringify(name)} has invalid name: must match regex ${ENV_NAME_PATTERN}`);
  }
}

export function unsetWarning(name: string): string {
  return `Configuration references unset environment variable ${JSON.stringify(name)}`;
}

/** `receivers::prometheus[/name]::config::…`: a Prometheus config held inline. */
function isPrometheusScrapeConfig(path: readonly string[]): boolean {
  const id = path[1];
  return path[0] === 'receivers' && path[2] === 'config' && id !== undefined && (id === 'prometheus' || id.startsWith('prometheus/'));
}

export class Expander {
  readonly warnings: string[] = [];
  readonly problems: Array<{ path: string[]; message: string }> = [];
  /** `::`-joined paths whose value came (wholly or partly) from the environment or a file. */
  readonly secrets = new Set<string>();
  private readonly warned = new Set<string>();
  private readonly schemes: ReadonlySet<string>;

  constructor(private readonly opts: ExpandOptions) {
    this.schemes = new Set(['env', ...(opts.schemes ?? [])]);
  }

  /** Expands every string value of a parsed config (keys are never expanded, as in Go). */
  async expandTree(value: unknown, path: string[] = []): Promise<unknown> {
    if (typeof value === 'string') {
      try {
        const r = await this.expandString(value, 0, isPrometheusScrapeConfig(path));
        if (r.secret) this.secrets.add(joinPath(path));
        return r.whole ? new Expanded(r.whole.value, r.whole.raw, r.secret) : r.text;
      } catch (err) {
        // Provider failures (a missing file, an HTTP error) are config problems like any other.
        this.problems.push({ path, message: err instanceof Error ? err.message : String(err) });
        return value;
      }
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) out.push(await this.expandTree(value[i], [...path, String(i)]));
      return out;
    }
    if (isPlainMap(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(value)) setKey(out, k, await this.expandTree(x, [...path, k]));
      return out;
    }
    return value;
  }

  /** A string: literal (escapes resolved), one whole reference, or text with inline references. */
  private async expandString(s: string, depth: number, envOnly = false): Promise<{ text: string; whole?: Resolved; secret: boolean }> {
    if (!s.includes('$')) return { text: s, secret: false };
    const scanned = scan(s, 0, false).parts;
    // Prometheus's own `${1}` references stay text; only `${env:…}` is ours to expand.
    const parts = envOnly ? scanned.map((p) => (typeof p === 'string' || p.text.startsWith('${env:') ? p : p.text)) : scanned;
    if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0]!.text === s) {
      const r = await this.resolveUri(parts[0]!, depth);
      return { text: r.raw, whole: r, secret: r.secret };
    }
    let text = '';
    let secret = false;
    for (const p of parts) {
      if (typeof p === 'string') text += p;
      else {
        const r = await this.resolveUri(p, depth);
        text += r.raw;
        secret ||= r.secret;
      }
    }
    return { text, secret };
  }

  private async resolveUri(ref: UriPart, depth: number): Promise<Resolved> {
    if (depth >= MAX_DEPTH) throw new ExpandError('too many recursive expansions');
    let content = '';
    let secret = false;
    for (const p of ref.parts) {
      if (typeof p === 'string') content += p;
      else {
        const inner = await this.resolveUri(p, depth + 1);
        // Re-escaped: the composed text is scanned again if it ends up as a default value.
        content += inner.raw.replaceAll('$', '$$');
        secret ||= inner.secret;
      }
    }
    let uri = content.includes(':') ? content : `env:${content}`;
    const head = uri.slice(0, uri.indexOf(':'));
    if (FRIENDLY_DEFAULT_RE.test(uri) && !this.schemes.has(head)) uri = `env:${uri}`;
    const m = URI_RE.exec(uri);
    if (!m) throw new ExpandError(`invalid uri: ${JSON.stringify(uri)}`);
    const scheme = m[1]!;
    const opaque = m[2]!;
    if (!this.schemes.has(scheme)) throw new ExpandError(`scheme ${JSON.stringify(scheme)} is not supported for uri ${JSON.stringify(uri)}`);

    let text: string;
    if (scheme === 'env') {
      const { name, def } = splitEnvUri(opaque);
      if (name.includes('$')) throw new ExpandError(`the uri ${JSON.stringify(uri)} contains unsupported characters ('$')`);
      checkEnvName(name);
      const val = this.opts.env[name];
      if (val !== undefined) {
        text = val;
        secret = true;
      } else if (def !== undefined) {
        // An empty default is an empty string, not YAML null (envprovider special case).
        if (def === '') return { value: '', raw: '', secret };
        text = def;
      } else {
        this.warnUnset(name);
        return { value: null, raw: '', secret };
      }
    } else {
      if (opaque.includes('$')) throw new ExpandError(`the uri ${JSON.stringify(uri)} contains unsupported characters ('$')`);
      if (!this.opts.retrieve) throw new ExpandError(`scheme ${JSON.stringify(scheme)} is not supported for uri ${JSON.stringify(uri)}`);
      const got = await this.opts.retrieve(scheme, opaque, uri);
      text = got.text;
      secret ||= got.secret;
    }
    return this.retyped(text, secret, depth);
  }

  /** What a provider returned is YAML-typed, then expanded again as Go's resolver loop does. */
  private async retyped(text: string, secret: boolean, depth: number): Promise<Resolved> {
    const typed = yamlTyped(text);
    if (typeof typed.value === 'string') {
      const r = await this.expandString(typed.value, depth + 1);
      if (r.whole) return { ...r.whole, secret: secret || r.whole.secret };
      return { value: r.text, raw: r.text, secret: secret || r.secret };
    }
    const flag = { secret };
    const value = await this.expandNested(typed.value, depth + 1, flag);
    const raw = await this.expandString(typed.raw, depth + 1).then(
      (r) => r.text,
      () => typed.raw,
    );
    return { value, raw, secret: flag.secret };
  }

  /** Expansion inside a map or list a provider returned; errors are fatal to the enclosing value. */
  private async expandNested(value: unknown, depth: number, flag: { secret: boolean }): Promise<unknown> {
    if (typeof value === 'string') {
      const r = await this.expandString(value, depth);
      flag.secret ||= r.secret;
      return r.whole ? new Expanded(r.whole.value, r.whole.raw, r.secret) : r.text;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const x of value) out.push(await this.expandNested(x, depth, flag));
      return out;
    }
    if (isPlainMap(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(value)) setKey(out, k, await this.expandNested(x, depth, flag));
      return out;
    }
    return value;
  }

  private warnUnset(name: string): void {
    this.warnOnce(unsetWarning(name));
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnings.push(message);
  }
}
