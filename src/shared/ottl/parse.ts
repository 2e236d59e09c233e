// A parser for the subset of OTTL boolean conditions the filter processor runs (contrib
// pkg/ottl/grammar.go: `or` over `and` over optional `not` of a comparison, a boolean literal, a
// converter call or a parenthesised expression). Anything outside the subset is a parse error
// naming the construct, so a condition is never silently skipped.

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Value =
  | { k: 'lit'; v: string | bigint | number | boolean | null }
  | { k: 'path'; parts: string[]; keys: string[]; text: string }
  | { k: 'enum'; name: string }
  | { k: 'call'; name: string; args: Value[] };

export type BoolExpr =
  | { k: 'or'; items: BoolExpr[] }
  | { k: 'and'; items: BoolExpr[] }
  | { k: 'not'; x: BoolExpr }
  | { k: 'cmp'; op: CompareOp; l: Value; r: Value }
  | { k: 'const'; v: boolean }
  | { k: 'call'; call: Extract<Value, { k: 'call' }> };

export class OttlParseError extends Error {
  override name = 'OttlParseError';
}

type Tok = { t: 'str' | 'num' | 'ident' | 'op' | 'punct' | 'bytes'; v: string; at: number };

const OPS = ['==', '!=', '<=', '>=', '<', '>'];
const MATH = new Set(['+', '-', '*', '/']);

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new OttlParseError(`unterminated string starting at offset ${i}`);
        const d = src[j]!;
        if (d === '"') break;
        if (d === '\\') {
          const e = src[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (e === undefined || !(e in map)) throw new OttlParseError(`unsupported escape \\${e ?? ''} in string at offset ${j}`);
          s += map[e];
          j += 2;
          continue;
        }
        s += d;
        j++;
      }
      out.push({ t: 'str', v: s, at: i });
      i = j + 1;
      continue;
    }
    const bytes = /^0x[0-9a-fA-F]+/.exec(src.slice(i));
    if (bytes) {
      out.push({ t: 'bytes', v: bytes[0], at: i });
      i += bytes[0].length;
      continue;
    }
    const num = /^-?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i));
    if (
      num &&
      (c !== '-' || out.length === 0 || out[out.length - 1]!.t === 'op' || out[out.length - 1]!.v === '(' || out[out.length - 1]!.v === ',')
    ) {
      out.push({ t: 'num', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'ident', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op, at: i });
      i += op.length;
      continue;
    }
    if ('()[],.{}'.includes(c) || MATH.has(c)) {
      out.push({ t: 'punct', v: c, at: i });
      i++;
      continue;
    }
    throw new OttlParseError(`unexpected character ${JSON.stringify(c)} at offset ${i}`);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'ident' && t.v === w;
  }
  private expect(v: string): void {
    const t = this.toks[this.i++];
    if (t?.v !== v) throw new OttlParseError(`expected ${JSON.stringify(v)} ${t ? `at offset ${t.at}, found ${JSON.stringify(t.v)}` : 'at the end'}`);
  }

  private noMath(): void {
    const t = this.peek();
    if (t !== undefined && MATH.has(t.v)) throw new OttlParseError(`math expressions ("${t.v}") are not supported`);
  }

  parseCondition(): BoolExpr {
    const e = this.or();
    const t = this.peek();
    if (t !== undefined) {
      if (MATH.has(t.v)) throw new OttlParseError(`math expressions ("${t.v}") are not supported`);
      throw new OttlParseError(`unexpected ${JSON.stringify(t.v)} at offset ${t.at}`);
    }
    return e;
  }

  private or(): BoolExpr {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { k: 'or', items };
  }

  private and(): BoolExpr {
    const items = [this.not()];
    while (this.isWord('and')) {
      this.i++;
      items.push(this.not());
    }
    return items.length === 1 ? items[0]! : { k: 'and', items };
  }

  private not(): BoolExpr {
    if (this.isWord('not')) {
      this.i++;
      return { k: 'not', x: this.not() };
    }
    return this.primary();
  }

  private primary(): BoolExpr {
    const t = this.peek();
    if (t === undefined) throw new OttlParseError('condition ends where a value was expected');
    if (t.v === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    const l = this.value();
    this.noMath();
    const op = this.peek();
    if (op?.t === 'op') {
      this.i++;
      const r = this.value();
      this.noMath();
      return { k: 'cmp', op: op.v as CompareOp, l, r };
    }
    if (l.k === 'lit' && typeof l.v === 'boolean') return { k: 'const', v: l.v };
    if (l.k === 'call') return { k: 'call', call: l };
    throw new OttlParseError(`${describe(l)} is not a boolean expression`);
  }

  private value(): Value {
    const t = this.toks[this.i++];
    if (t === undefined) throw new OttlParseError('condition ends where a value was expected');
    switch (t.t) {
      case 'str':
        return { k: 'lit', v: t.v };
      case 'num':
        return /[.eE]/.test(t.v) ? { k: 'lit', v: Number(t.v) } : { k: 'lit', v: BigInt(t.v) };
      case 'bytes':
        throw new OttlParseError(`byte literals (${t.v}) are not supported`);
      case 'ident':
        break;
      default:
        if (t.v === '[') throw new OttlParseError('list literals are not supported');
        if (t.v === '{') throw new OttlParseError('map literals are not supported');
        throw new OttlParseError(`unexpected ${JSON.stringify(t.v)} at offset ${t.at}`);
    }
    if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
    if (t.v === 'nil') return { k: 'lit', v: null };
    if (this.peek()?.v === '(') {
      this.i++;
      const args: Value[] = [];
      if (this.peek()?.v !== ')') {
        for (;;) {
          if (this.peek()?.t === 'ident' && this.toks[this.i + 1]?.v === '=') throw new OttlParseError('named arguments are not supported');
          args.push(this.value());
          if (this.peek()?.v === ',') {
            this.i++;
            continue;
          }
          break;
        }
      }
      this.expect(')');
      if (this.peek()?.v === '[') throw new OttlParseError(`indexing the result of ${t.v}() is not supported`);
      return { k: 'call', name: t.v, args };
    }
    if (/^[A-Z][A-Z0-9_]*$/.test(t.v) && this.peek()?.v !== '.' && this.peek()?.v !== '[') return { k: 'enum', name: t.v };
    const parts = [t.v];
    while (this.peek()?.v === '.') {
      this.i++;
      const n = this.toks[this.i++];
      if (n?.t !== 'ident') throw new OttlParseError(`expected a path segment after "." at offset ${n?.at ?? 'end'}`);
      parts.push(n.v);
    }
    const keys: string[] = [];
    while (this.peek()?.v === '[') {
      this.i++;
      const k = this.toks[this.i++];
      if (k?.t !== 'str') throw new OttlParseError(`only string keys are supported in ${parts.join('.')}[...]`);
      keys.push(k.v);
      this.expect(']');
    }
    return { k: 'path', parts, keys, text: parts.join('.') + keys.map((k) => `[${JSON.stringify(k)}]`).join('') };
  }
}

export function describe(v: Value): string {
  switch (v.k) {
    case 'lit':
      return `literal ${v.v === null ? 'nil' : JSON.stringify(typeof v.v === 'bigint' ? Number(v.v) : v.v)}`;
    case 'path':
      return `path ${v.text}`;
    case 'enum':
      return `enum ${v.name}`;
    case 'call':
      return `${v.name}()`;
  }
}

export function parseCondition(src: string): BoolExpr {
  return new Parser(lex(src)).parseCondition();
}
