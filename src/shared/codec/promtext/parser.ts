// The Prometheus text exposition format 0.0.4 and OpenMetrics 1.0, read entry by entry like
// Prometheus's model/textparse (promparse.go, openmetricsparse.go): `next()` returns one HELP, TYPE,
// UNIT or sample at a time, so a scrape body is walked once without building a tree. A malformed
// line throws PromTextParseError naming its line; a scrape with one is rejected whole, as
// Prometheus does (the scrape loop appends nothing from a body it cannot parse).
//
// Differences between the two formats that matter here (checked against the formats' specs and
// Prometheus's parsers): OpenMetrics timestamps are float seconds, text ones integer milliseconds;
// OpenMetrics ends with `# EOF` and nothing after it, has `# UNIT`, exemplars after ` # `, and
// allows no other comments; text tolerates free `#` comments and blank lines.

import { parseGoFloat, parseGoInt64 } from './float.js';

export type ExpositionFormat = 'text' | 'openmetrics';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown' | 'untyped';

const TEXT_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const OM_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

export interface PromLabelPair {
  name: string;
  value: string;
}

export interface Exemplar {
  labels: PromLabelPair[];
  value: number;
  timestampMs?: number;
}

export type Entry =
  | { kind: 'help'; name: string; help: string; line: number }
  | { kind: 'type'; name: string; type: MetricType; line: number }
  | { kind: 'unit'; name: string; unit: string; line: number }
  | {
      kind: 'sample';
      name: string;
      /** Without __name__, in exposition order. */
      labels: PromLabelPair[];
      value: number;
      timestampMs?: number;
      exemplar?: Exemplar;
      line: number;
    };

export class PromTextParseError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'PromTextParseError';
  }
}

/** `Content-Type` of a scrape response → the parser to use (Prometheus falls back to text). */
export function formatOfContentType(contentType: string | undefined): ExpositionFormat {
  return contentType !== undefined && /^\s*application\/openmetrics-text\b/i.test(contentType) ? 'openmetrics' : 'text';
}

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isMetricChar = (c: number): boolean => isNameChar(c) || c === 58;
const isBlank = (c: number): boolean => c === 32 || c === 9;

const MAX_EXEMPLAR_RUNES = 128;

export class PromTextParser {
  private pos = 0;
  private lineNo = 0;
  private eof = false;
  // The current line, and the cursor within it.
  private s = '';
  private i = 0;

  constructor(
    private readonly text: string,
    readonly format: ExpositionFormat,
  ) {}

  /** The next entry, or null at the end of the body. */
  next(): Entry | null {
    for (;;) {
      if (this.pos >= this.text.length) {
        if (this.format === 'openmetrics' && !this.eof) throw new PromTextParseError(this.lineNo, 'data does not end with # EOF');
        return null;
      }
      if (this.eof) {
        this.readLine();
        throw new PromTextParseError(this.lineNo, 'unexpected data after # EOF');
      }
      this.readLine();
      const s = this.s;
      if (this.format === 'text') {
        let k = 0;
        while (k < s.length && isBlank(s.charCodeAt(k))) k++;
        if (k === s.length) continue;
        this.i = k;
        if (s.charCodeAt(k) === 35 /* # */) {
          const meta = this.textComment();
          if (meta !== null) return meta;
          continue;
        }
        return this.sample();
      }
      if (s.length === 0) throw this.fail('empty line');
      if (s.charCodeAt(0) === 35) {
        const meta = this.omComment();
        if (meta === null) continue;
        return meta;
      }
      return this.sample();
    }
  }

  private readLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl;
    this.s = this.text.slice(this.pos, end);
    this.pos = end + 1;
    this.i = 0;
    this.lineNo++;
    // A body whose last line lacks '\n' is accepted by Prometheus's text parser; OpenMetrics
    // requires it only after # EOF, which we do not insist on.
  }

  private fail(detail: string): PromTextParseError {
    return new PromTextParseError(this.lineNo, detail);
  }

  /** `# HELP`/`# TYPE` in the text format; any other comment is skipped (null). */
  private textComment(): Entry | null {
    const s = this.s;
    let k = this.i + 1;
    while (k < s.length && isBlank(s.charCodeAt(k))) k++;
    const kwEnd = scanWhile(s, k, (c) => !isBlank(c));
    const kw = s.slice(k, kwEnd);
    if (kw !== 'HELP' && kw !== 'TYPE') return null;
    k = kwEnd;
    if (k === s.length) return null;
    while (k < s.length && isBlank(s.charCodeAt(k))) k++;
    const nameEnd = scanWhile(s, k, isMetricChar);
    const name = s.slice(k, nameEnd);
    if (name === '' || (!isNameStart(s.charCodeAt(k)) && s.charCodeAt(k) !== 58)) throw this.fail(`invalid metric name in ${kw} line`);
    k = nameEnd;
    if (k < s.length && !isBlank(s.charCodeAt(k))) throw this.fail(`invalid metric name in ${kw} line`);
    while (k < s.length && isBlank(s.charCodeAt(k))) k++;
    const rest = s.slice(k);
    if (kw === 'HELP') return { kind: 'help', name, help: unescapeHelp(rest, false), line: this.lineNo };
    const type = rest.trimEnd();
    if (!TEXT_TYPES.has(type)) throw this.fail(`invalid metric type ${JSON.stringify(type)}`);
    return { kind: 'type', name, type: type as MetricType, line: this.lineNo };
  }

  /** OpenMetrics: `# HELP|TYPE|UNIT name value` or `# EOF`; every other comment is an error. */
  private omComment(): Entry | null {
    const s = this.s;
    if (s === '# EOF') {
      this.eof = true;
      return null;
    }
    const m = /^# (HELP|TYPE|UNIT) /.exec(s);
    if (m === null) throw this.fail(`invalid comment (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF): ${preview(s)}`);
    let k = m[0].length;
    const nameEnd = scanWhile(s, k, isMetricChar);
    const name = s.slice(k, nameEnd);
    if (name === '' || (!isNameStart(s.charCodeAt(k)) && s.charCodeAt(k) !== 58)) throw this.fail(`invalid metric name in ${m[1]} line`);
    k = nameEnd;
    let rest = '';
    if (k < s.length) {
      if (s.charCodeAt(k) !== 32) throw this.fail(`invalid metric name in ${m[1]} line`);
      rest = s.slice(k + 1);
    }
    switch (m[1]) {
      case 'HELP':
        return { kind: 'help', name, help: unescapeHelp(rest, true), line: this.lineNo };
      case 'UNIT':
        return { kind: 'unit', name, unit: rest, line: this.lineNo };
      default:
        if (!OM_TYPES.has(rest)) throw this.fail(`invalid metric type ${JSON.stringify(rest)}`);
        return { kind: 'type', name, type: rest as MetricType, line: this.lineNo };
    }
  }

  private sample(): Entry {
    const s = this.s;
    const om = this.format === 'openmetrics';
    let name = '';
    const start = this.i;
    if (s.charCodeAt(start) !== 123 /* { */) {
      const end = scanWhile(s, start, isMetricChar);
      if (end === start || !(isNameStart(s.charCodeAt(start)) || s.charCodeAt(start) === 58))
        throw this.fail(`invalid metric name: ${preview(s.slice(start))}`);
      name = s.slice(start, end);
      this.i = end;
    }
    let labels: PromLabelPair[] = [];
    if (!om && name !== '') {
      // The text format tolerates blanks between the name and its label set.
      let k = this.i;
      while (k < s.length && isBlank(s.charCodeAt(k))) k++;
      if (s.charCodeAt(k) === 123) this.i = k;
    }
    if (s.charCodeAt(this.i) === 123) {
      const parsed = this.labelSet(name === '');
      labels = parsed.labels;
      if (name === '') {
        if (parsed.name === undefined) throw this.fail('metric name missing');
        name = parsed.name;
      }
    } else if (name === '') throw this.fail('metric name missing');
    if (!isBlank(s.charCodeAt(this.i))) throw this.fail(`expected value after metric ${name}, got ${preview(s.slice(this.i))}`);
    this.skipSeparator(om);
    const valueEnd = scanWhile(s, this.i, (c) => !isBlank(c));
    const valueText = s.slice(this.i, valueEnd);
    const value = parseGoFloat(valueText);
    if (value === undefined) throw this.fail(`invalid value ${JSON.stringify(valueText)} for metric ${name}`);
    this.i = valueEnd;
    const entry: Entry = { kind: 'sample', name, labels, value, line: this.lineNo };
    if (this.atEnd(om)) return entry;
    this.skipSeparator(om);
    if (s.charCodeAt(this.i) !== 35) {
      const tsEnd = scanWhile(s, this.i, (c) => !isBlank(c));
      entry.timestampMs = this.timestamp(s.slice(this.i, tsEnd), om);
      this.i = tsEnd;
      if (this.atEnd(om)) return entry;
      this.skipSeparator(om);
    }
    if (om && s.charCodeAt(this.i) === 35) {
      entry.exemplar = this.exemplar();
      return entry;
    }
    throw this.fail(`unexpected ${preview(s.slice(this.i))} after the value of ${name}`);
  }

  private exemplar(): Exemplar {
    const s = this.s;
    if (s.charCodeAt(this.i + 1) !== 32 || s.charCodeAt(this.i + 2) !== 123) throw this.fail('invalid exemplar: expected " # {"');
    this.i += 2;
    const { labels } = this.labelSet(false);
    let runes = 0;
    for (const l of labels) runes += [...l.name].length + [...l.value].length;
    if (runes > MAX_EXEMPLAR_RUNES) throw this.fail(`exemplar labels have ${runes} UTF-8 characters, exceeding the limit of ${MAX_EXEMPLAR_RUNES}`);
    if (s.charCodeAt(this.i) !== 32) throw this.fail('invalid exemplar: expected a value');
    this.i++;
    const vEnd = scanWhile(s, this.i, (c) => !isBlank(c));
    const value = parseGoFloat(s.slice(this.i, vEnd));
    if (value === undefined) throw this.fail(`invalid exemplar value ${JSON.stringify(s.slice(this.i, vEnd))}`);
    this.i = vEnd;
    const ex: Exemplar = { labels, value };
    if (this.i < s.length) {
      if (s.charCodeAt(this.i) !== 32) throw this.fail('invalid exemplar');
      this.i++;
      const tEnd = scanWhile(s, this.i, (c) => !isBlank(c));
      ex.timestampMs = this.timestamp(s.slice(this.i, tEnd), true);
      this.i = tEnd;
      if (this.i < s.length) throw this.fail(`unexpected ${preview(s.slice(this.i))} after exemplar`);
    }
    return ex;
  }

  private timestamp(text: string, om: boolean): number {
    if (om) {
      const sec = parseGoFloat(text);
      if (sec === undefined || !Number.isFinite(sec)) throw this.fail(`invalid timestamp ${JSON.stringify(text)}`);
      // Prometheus converts with int64(ts*1000): truncation toward zero.
      return Math.trunc(sec * 1000);
    }
    const ms = parseGoInt64(text);
    if (ms === undefined) throw this.fail(`invalid timestamp ${JSON.stringify(text)}`);
    return ms;
  }

  /** `{a="b",…}` from `{` to after `}`; with allowName, a bare quoted string is the metric name. */
  private labelSet(allowName: boolean): { labels: PromLabelPair[]; name?: string } {
    const s = this.s;
    const labels: PromLabelPair[] = [];
    let name: string | undefined;
    this.i++;
    for (;;) {
      this.skipBlanks();
      const c = s.charCodeAt(this.i);
      if (c === 125 /* } */) {
        this.i++;
        break;
      }
      let lname: string;
      if (c === 34 /* " */) {
        lname = this.quoted();
        this.skipBlanks();
        if (s.charCodeAt(this.i) !== 61 /* = */) {
          if (!allowName || name !== undefined || labels.length > 0) throw this.fail(`expected '=' after label name ${JSON.stringify(lname)}`);
          name = lname;
          this.afterLabel();
          continue;
        }
      } else {
        const end = scanWhile(s, this.i, isNameChar);
        if (end === this.i || !isNameStart(c)) throw this.fail(`invalid label name: ${preview(s.slice(this.i))}`);
        lname = s.slice(this.i, end);
        this.i = end;
        this.skipBlanks();
        if (s.charCodeAt(this.i) !== 61) throw this.fail(`expected '=' after label name ${lname}`);
      }
      this.i++;
      this.skipBlanks();
      if (s.charCodeAt(this.i) !== 34) throw this.fail(`expected a quoted value for label ${lname}`);
      const value = this.quoted();
      for (const l of labels) if (l.name === lname) throw this.fail(`label name ${JSON.stringify(lname)} is not unique`);
      labels.push({ name: lname, value });
      this.afterLabel();
    }
    return name === undefined ? { labels } : { labels, name };
  }

  private afterLabel(): void {
    this.skipBlanks();
    const c = this.s.charCodeAt(this.i);
    if (c === 44 /* , */) this.i++;
    else if (c !== 125) throw this.fail(`expected ',' or '}' in label set, got ${preview(this.s.slice(this.i))}`);
  }

  /** A double-quoted string at the cursor with the label-value escapes `\\`, `\"`, `\n`. */
  private quoted(): string {
    const s = this.s;
    let k = this.i + 1;
    let out = '';
    let from = k;
    for (;;) {
      if (k >= s.length) throw this.fail('unterminated quoted string');
      const c = s.charCodeAt(k);
      if (c === 34) break;
      if (c === 92 /* \ */) {
        if (k + 1 >= s.length) throw this.fail('unterminated quoted string');
        const n = s[k + 1];
        out += s.slice(from, k);
        // Unknown escapes stay as written, like Prometheus's lvalReplacer.
        out += n === 'n' ? '\n' : n === '\\' ? '\\' : n === '"' ? '"' : '\\' + n;
        k += 2;
        from = k;
        continue;
      }
      k++;
    }
    out += s.slice(from, k);
    this.i = k + 1;
    return out;
  }

  private skipBlanks(): void {
    while (this.i < this.s.length && isBlank(this.s.charCodeAt(this.i))) this.i++;
  }

  /** OpenMetrics separates tokens by exactly one space; text by any run of blanks. */
  private skipSeparator(om: boolean): void {
    if (om) {
      if (this.s.charCodeAt(this.i) !== 32) throw this.fail('expected a single space');
      this.i++;
      if (isBlank(this.s.charCodeAt(this.i))) throw this.fail('OpenMetrics separates tokens by a single space');
    } else this.skipBlanks();
  }

  private atEnd(om: boolean): boolean {
    if (this.i >= this.s.length) return true;
    if (om) return false;
    let k = this.i;
    while (k < this.s.length && isBlank(this.s.charCodeAt(k))) k++;
    return k === this.s.length;
  }
}

function scanWhile(s: string, from: number, ok: (c: number) => boolean): number {
  let k = from;
  while (k < s.length && ok(s.charCodeAt(k))) k++;
  return k;
}

function unescapeHelp(s: string, om: boolean): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (all, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : om && c === '"' ? '"' : all));
}

function preview(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

/** Every entry of a body (tests, small bodies); the receiver walks a parser instead. */
export function parseExposition(text: string, format: ExpositionFormat): Entry[] {
  const p = new PromTextParser(text, format);
  const out: Entry[] = [];
  for (let e = p.next(); e !== null; e = p.next()) out.push(e);
  return out;
}
