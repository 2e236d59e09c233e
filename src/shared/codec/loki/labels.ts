// Loki stream labels in selector syntax, `{job="systemd-journal", unit="sshd.service"}`, parsed
// as Loki and the Go loki receiver parse them: Prometheus' `promql/parser.ParseMetric`
// (contrib `pkg/translator/loki/loki_to_otlp.go`). What that grammar accepts, and so do we:
// - an optional metric name before the braces (`up{…}`, or `up` alone), returned as `__name__`;
// - `{}`, items `name="value"` separated by commas, a trailing comma;
// - names `[a-zA-Z_][a-zA-Z0-9_]*`, or quoted (Prometheus 3's UTF-8 names, `{"service.name"="x"}`);
// - values in "…" or '…' with Go's escapes (\a \b \f \n \r \t \v \\ \<quote> \ooo \xHH \uHHHH
//   \UHHHHHHHH), or raw in backquotes; whitespace and `# comments` between tokens.
// Errors carry Prometheus' `line:col: parse error: …` position prefix. `formatLabels` writes the
// canonical form Go's receiver builds from a JSON stream map (sorted, strconv.Quote values).

import { goQuote } from '../../../pdata/go-strings.js';
import { LokiDecodeError, type LokiLabelPair } from './push-model.js';

/** A label string that is not valid selector syntax; `offset` is the character index. */
export class LokiLabelError extends LokiDecodeError {
  override name = 'LokiLabelError';
  constructor(
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${line}:${column}: parse error: ${problem}`);
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isAlpha = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** How a token looks in an error message, as Prometheus quotes it. */
function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text.charCodeAt(pos);
  if (c === 0x7b) return '"{"';
  if (c === 0x7d) return '"}"';
  if (c === 0x2c) return '","';
  if (c === 0x3d) return text.startsWith('=~', pos) ? '"=~"' : '"="';
  if (c === 0x21) return text.startsWith('!~', pos) ? '"!~"' : '"!="';
  if (c === 0x22 || c === 0x27 || c === 0x60) return 'string';
  if (isAlpha(c)) return `identifier "${/^[A-Za-z0-9_:]*/.exec(text.slice(pos, pos + 64))![0]}"`;
  return JSON.stringify(String.fromCodePoint(text.codePointAt(pos)!));
}

/** Go's `%#U`: `U+0071 'q'`. */
function goRune(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${String.fromCodePoint(cp)}'`;
}

class LabelParser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(problem: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new LokiLabelError(at, line, at - lineStart + 1, problem);
  }

  unexpected(context: string, expected: string): never {
    return this.fail(`unexpected ${describe(this.text, this.pos)} in ${context}, expected ${expected}`);
  }

  /** Skips whitespace and `#` comments (to the end of the line). */
  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 0x23) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl;
      } else return;
    }
  }

  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  identifier(allowColon: boolean): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (isAlpha(c) || isDigit(c) || (allowColon && c === 0x3a)) this.pos++;
      else break;
    }
    return t.slice(start, this.pos);
  }

  /** A quoted string at `pos` (which holds the quote), unquoted. */
  string(): string {
    const t = this.text;
    const quote = t.charCodeAt(this.pos);
    const start = this.pos;
    this.pos++;
    if (quote === 0x60) {
      const end = t.indexOf('`', this.pos);
      if (end < 0) this.fail('unterminated raw string', start);
      const raw = t.slice(this.pos, end);
      this.pos = end + 1;
      return raw;
    }
    const contentStart = this.pos;
    let escaped = false;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated quoted string', start);
      const c = t.charCodeAt(this.pos);
      if (c === quote) break;
      if (c === 0x0a) this.fail('unterminated quoted string', start);
      if (c === 0x5c) {
        escaped = true;
        this.pos += 2;
      } else this.pos++;
    }
    const body = t.slice(contentStart, this.pos);
    this.pos++;
    return escaped ? this.unescape(body, contentStart, quote) : body;
  }

  /**
   * Go's unquoting of a string with escapes. \x and octal escapes are bytes, so the result is
   * assembled as UTF-8 and decoded once (a byte sequence that is not UTF-8 becomes U+FFFD).
   */
  unescape(body: string, offset: number, quote: number): string {
    const bytes: number[] = [];
    const enc = new TextEncoder();
    let i = 0;
    let literalFrom = 0;
    const flush = (to: number) => {
      if (to > literalFrom) for (const b of enc.encode(body.slice(literalFrom, to))) bytes.push(b);
    };
    while (i < body.length) {
      if (body.charCodeAt(i) !== 0x5c) {
        i++;
        continue;
      }
      flush(i);
      const at = offset + i;
      const e = body[i + 1];
      let consumed = 2;
      switch (e) {
        case 'a':
          bytes.push(7);
          break;
        case 'b':
          bytes.push(8);
          break;
        case 'f':
          bytes.push(12);
          break;
        case 'n':
          bytes.push(10);
          break;
        case 'r':
          bytes.push(13);
          break;
        case 't':
          bytes.push(9);
          break;
        case 'v':
          bytes.push(11);
          break;
        case '\\':
          bytes.push(0x5c);
          break;
        case undefined:
          this.fail('escape sequence not terminated', at);
          break;
        default: {
          if (e.charCodeAt(0) === quote) {
            bytes.push(quote);
            break;
          }
          let digits: number;
          let base: number;
          let max: number;
          let from = i + 2;
          if (e >= '0' && e <= '7') [digits, base, max, from] = [3, 8, 255, i + 1];
          else if (e === 'x') [digits, base, max] = [2, 16, 255];
          else if (e === 'u') [digits, base, max] = [4, 16, 0x10ffff];
          else if (e === 'U') [digits, base, max] = [8, 16, 0x10ffff];
          else this.fail(`unknown escape sequence ${goRune(e)}`, at);
          let v = 0;
          for (let k = 0; k < digits; k++) {
            // Running out of body means the closing quote came too early: Go names the quote.
            const ch = body[from + k] ?? String.fromCharCode(quote);
            const d = parseInt(ch, 16);
            if (!(d < base)) this.fail(`illegal character ${goRune(ch)} in escape sequence`, offset + from + k);
            v = v * base + d;
          }
          if (v > max || (v >= 0xd800 && v < 0xe000)) this.fail('escape sequence is an invalid Unicode code point', at);
          consumed = from + digits - i;
          if (max === 255) bytes.push(v);
          else for (const b of enc.encode(String.fromCodePoint(v))) bytes.push(b);
        }
      }
      i += consumed;
      literalFrom = i;
    }
    flush(body.length);
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}

/**
 * The labels of a stream, in the order written; `__name__` for a metric name before the
 * braces. A name given twice keeps both pairs (Prometheus does too); the caller decides.
 */
export function parseLabels(text: string): LokiLabelPair[] {
  const p = new LabelParser(text);
  const out: LokiLabelPair[] = [];
  p.skip();
  const first = p.peek();
  if (first !== 0x7b) {
    if (first === -1) return out;
    if (!(isAlpha(first) || first === 0x3a)) p.unexpected('metric', 'metric name or "{"');
    out.push({ name: '__name__', value: p.identifier(true) });
    p.skip();
    if (p.peek() === -1) return out;
    if (p.peek() !== 0x7b) p.unexpected('metric', '"{"');
  }
  p.pos++;
  for (;;) {
    p.skip();
    let c = p.peek();
    if (c === 0x7d) break;
    let name = '';
    if (isAlpha(c)) name = p.identifier(false);
    else if (c === 0x22 || c === 0x27 || c === 0x60) name = p.string();
    else if (c === -1) p.fail('unexpected end of input inside braces');
    else p.unexpected('label set', 'identifier or "}"');
    p.skip();
    if (p.peek() !== 0x3d || p.text.startsWith('=~', p.pos)) p.unexpected('label set', '"="');
    p.pos++;
    p.skip();
    c = p.peek();
    if (c !== 0x22 && c !== 0x27 && c !== 0x60) {
      if (c === -1) p.fail('unexpected end of input inside braces');
      p.unexpected('label set', 'string');
    }
    out.push({ name, value: p.string() });
    p.skip();
    c = p.peek();
    if (c === 0x2c) {
      p.pos++;
      continue;
    }
    if (c === 0x7d) break;
    if (c === -1) p.fail('unexpected end of input inside braces');
    p.unexpected('label set', '"," or "}"');
  }
  p.pos++;
  p.skip();
  if (p.peek() !== -1) p.unexpected('metric', 'end of input');
  return out;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `{a="1", b="2"}`: sorted by name, values quoted as Go's strconv.Quote (Go's LabelSet.String).
 * A name that is not an identifier is quoted too (Prometheus 3 syntax), so the result parses.
 */
export function formatLabels(pairs: readonly LokiLabelPair[]): string {
  const sorted = [...pairs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `{${sorted.map((p) => `${LABEL_NAME.test(p.name) ? p.name : goQuote(p.name)}=${goQuote(p.value)}`).join(', ')}}`;
}
