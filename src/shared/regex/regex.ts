// Go regexp semantics (RE2 syntax, Perl flags, leftmost-first, unanchored Match/Find) for the
// patterns users copy from Go collector configs (`(?P<name>…)`, `\pL`, no lookaround or
// backreferences). re2js is a port of RE2/J, itself a port of Go's regexp, so a pattern it
// accepts or rejects is accepted or rejected by Go with the same message
// ("error parsing regexp: missing closing ): `(abc`").
//
// Chosen by measurement (README.md here): re2js against re2-wasm and the native `re2` addon,
// CPU time per operation on the seed's extract pattern and three typical ones.

import { RE2JS } from 're2js';

type RE2 = ReturnType<RE2JS['re2']>;
import type { ConfigIssue } from '../../core/schema.js';

export class GoRegexp {
  /** Names of the capture groups; index 0 is the whole match (''), unnamed groups are ''. */
  readonly subexpNames: readonly string[];
  // re2js's Go-shaped RE2 object (match, findSubmatch): 522 k findSubmatch/s on the seed's
  // extract pattern, against 47 k/s through its JS-RegExp-shaped exec() (CPU time, loaded box).
  private readonly re: RE2;
  private constructor(
    readonly source: string,
    compiled: RE2JS,
  ) {
    this.re = compiled.re2();
    const names: string[] = new Array<string>(compiled.groupCount() + 1).fill('');
    for (const [name, index] of Object.entries(compiled.namedGroups())) names[index] = name;
    this.subexpNames = names;
  }

  /** Compiles like Go's regexp.Compile; throws RegexSyntaxError with Go's message. */
  static compile(pattern: string): GoRegexp {
    try {
      return new GoRegexp(pattern, RE2JS.compile(pattern));
    } catch (err) {
      throw new RegexSyntaxError(pattern, err instanceof Error ? err.message : String(err));
    }
  }

  /** Go's MatchString: does the pattern match anywhere in s. */
  test(s: string): boolean {
    return this.re.match(s) as boolean;
  }

  /**
   * Go's FindStringSubmatch: null when there is no match, else the whole match then every
   * group, with '' for a group that did not take part (Go cannot tell it from an empty match).
   */
  findSubmatch(s: string): string[] | null {
    const m = this.re.findSubmatch(s) as Array<string | null> | null;
    if (m === null) return null;
    const out = new Array<string>(m.length);
    for (let i = 0; i < m.length; i++) out[i] = m[i] ?? '';
    return out;
  }
}

export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(message.startsWith('error parsing regexp') ? message : `error parsing regexp: ${message}`);
    this.name = 'RegexSyntaxError';
  }
}

/** Compiles for a config field: a rejected pattern becomes an issue at `path`, and undefined. */
export function compileConfigRegex(pattern: string, path: string[], issues: ConfigIssue[], what = 'pattern'): GoRegexp | undefined {
  try {
    return GoRegexp.compile(pattern);
  } catch (err) {
    issues.push({ path, message: `invalid ${what} ${JSON.stringify(pattern)}: ${(err as Error).message}` });
    return undefined;
  }
}
