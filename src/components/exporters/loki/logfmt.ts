// The subset of github.com/go-logfmt/logfmt v0.6.0 the v0.130 loki exporter uses for
// `loki.format: logfmt` (contrib pkg/translator/loki/encode.go): parsing the first line of a
// string body, and MarshalKeyvals. The quirks reproduced here are visible in Loki:
// - the body is parsed as logfmt when it can be, so plain text `hello world` becomes the keys
//   `hello= world=`; only the first line is read (bufio.Scanner, ≤ 64 KiB, trailing \r dropped);
//   any syntax error falls back to `msg="<body>"`;
// - values parsed from the body are []byte in Go: the string "null" is then written bare, and
//   `keyvalsReplaceOrAppend` (string keys) never matches them;
// - strings are quoted when they contain a rune ≤ ' ', '=', '"' or U+FFFD; quoting escapes \\ \"
//   \n \r \t, other control characters as \u00xx and U+FFFD (or invalid UTF-8) as \ufffd;
// - keys lose every rune ≤ ' ', '=', '"' and U+FFFD; a key left empty fails the record;
// - numbers via fmt.Sprint: float64 as %v (shortest digits, exponent form
//   below 1e-4 and from 1e+06), NaN, +Inf, -Inf.

export type LogfmtValue =
  | { kind: 'string'; s: string } // a Go string: "null" is quoted
  | { kind: 'bytes'; s: string | null } // a Go []byte (parsed from a body; null = nil slice)
  | { kind: 'rawbytes'; b: Uint8Array } // a pdata Bytes value, written as its raw bytes
  | { kind: 'text'; s: string }; // numbers and bools: fmt.Sprint output, never needs quoting

export interface LogfmtPair {
  key: string;
  /** Keys parsed from the body are []byte in Go: they never equal a string key. */
  parsedKey: boolean;
  value: LogfmtValue;
}

class LogfmtError extends Error {
  override name = 'LogfmtError';
}

const MAX_SCAN_TOKEN = 64 * 1024;

/** fmt.Sprint(float64): strconv 'g' with the shortest digits, %e when exp < -4 || exp >= 6 (1e+06). */
export function goPrintFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const e = v.toExponential(); // shortest round-trip digits, "d.ddde±x"
  const at = e.indexOf('e');
  const exp = Number(e.slice(at + 1));
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${e.slice(0, at)}e${sign}${digits}`;
  }
  return String(v);
}

/**
 * Parses the first line of `line` as one logfmt record (go-logfmt Decoder.ScanRecord +
 * ScanKeyval). Returns null on a syntax error (the caller falls back to `msg=`).
 */
export function parseLogfmtLine(body: string): LogfmtPair[] | null {
  const nl = body.indexOf('\n');
  let line = nl === -1 ? body : body.slice(0, nl);
  // bufio.Scanner refuses a token that fills its 64 KiB buffer.
  if (line.length * 3 >= MAX_SCAN_TOKEN && Buffer.byteLength(line, 'utf8') >= MAX_SCAN_TOKEN) return null;
  if (nl === -1 && body.length === 0) return [];
  if (line.endsWith('\r')) line = line.slice(0, -1);
  const out: LogfmtPair[] = [];
  const n = line.length;
  let pos = 0;
  for (;;) {
    while (pos < n && line.charCodeAt(pos) <= 0x20) pos++;
    if (pos >= n) return out;
    const start = pos;
    let multibyte = false;
    let key: string | null = null;
    let sawEquals = false;
    for (; pos < n; pos++) {
      const c = line.charCodeAt(pos);
      if (c === 0x3d) {
        if (pos > start) key = line.slice(start, pos);
        if (key === null) return null; // unexpected '='
        sawEquals = true;
        break;
      }
      if (c === 0x22) return null; // unexpected '"'
      if (c <= 0x20) break;
      if (c >= 0x80) multibyte = true;
    }
    if (!sawEquals) {
      key = line.slice(start, pos);
      if (multibyte && hasRuneError(key)) return null;
      out.push({ key, parsedKey: true, value: { kind: 'bytes', s: null } });
      continue;
    }
    if (multibyte && hasRuneError(key!)) return null;
    pos++; // past '='
    if (pos >= n || line.charCodeAt(pos) <= 0x20) {
      out.push({ key: key!, parsedKey: true, value: { kind: 'bytes', s: null } });
      continue;
    }
    if (line.charCodeAt(pos) === 0x22) {
      const q = scanQuoted(line, pos);
      if (q === null) return null;
      pos = q.end;
      out.push({ key: key!, parsedKey: true, value: { kind: 'bytes', s: q.value } });
      continue;
    }
    const vstart = pos;
    for (; pos < n; pos++) {
      const c = line.charCodeAt(pos);
      if (c === 0x3d || c === 0x22) return null;
      if (c <= 0x20) break;
    }
    out.push({ key: key!, parsedKey: true, value: { kind: 'bytes', s: line.slice(vstart, pos) } });
  }
}

function hasRuneError(s: string): boolean {
  return s.includes('\ufffd') || !(s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** A quoted value starting at `open` (the '"'); null on an unterminated or invalid one. */
function scanQuoted(line: string, open: number): { end: number; value: string | null } | null {
  let hasEsc = false;
  let esc = false;
  for (let p = open + 1; p < line.length; p++) {
    const c = line.charCodeAt(p);
    if (esc) esc = false;
    else if (c === 0x5c) hasEsc = esc = true;
    else if (c === 0x22) {
      if (!hasEsc) return { end: p + 1, value: p - 1 > open ? line.slice(open + 1, p) : null };
      const v = unquote(line.slice(open + 1, p));
      return v === null ? null : { end: p + 1, value: v };
    }
  }
  return null;
}

function hex4(s: string, at: number): number {
  if (s.charCodeAt(at) !== 0x5c || s.charCodeAt(at + 1) !== 0x75 || at + 6 > s.length) return -1;
  const h = s.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1;
}

/** go-logfmt unquoteBytes on the text between the quotes. */
function unquote(s: string): string | null {
  let out = '';
  for (let r = 0; r < s.length;) {
    const c = s.charCodeAt(r);
    if (c === 0x5c) {
      const e = s[r + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
        case "'":
          out += e;
          r += 2;
          continue;
        case 'b':
          out += '\b';
          r += 2;
          continue;
        case 'f':
          out += '\f';
          r += 2;
          continue;
        case 'n':
          out += '\n';
          r += 2;
          continue;
        case 'r':
          out += '\r';
          r += 2;
          continue;
        case 't':
          out += '\t';
          r += 2;
          continue;
        case 'u': {
          let rr = hex4(s, r);
          if (rr < 0) return null;
          r += 6;
          if (rr >= 0xd800 && rr < 0xe000) {
            const rr1 = hex4(s, r);
            if (rr < 0xdc00 && rr1 >= 0xdc00 && rr1 < 0xe000) {
              out += String.fromCharCode(rr, rr1);
              r += 6;
              continue;
            }
            rr = 0xfffd;
          }
          out += String.fromCharCode(rr);
          continue;
        }
        default:
          return null;
      }
    }
    if (c < 0x20) return null;
    out += s[r];
    r++;
  }
  return out;
}

// ---- encoding ----

const needsQuote = (c: number) => c <= 0x20 || c === 0x3d || c === 0x22 || c === 0xfffd;

function stringNeedsQuote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (needsQuote(c)) return true;
    if (c >= 0xd800 && c < 0xe000) {
      // a lone surrogate is invalid UTF-8 on the wire, i.e. RuneError in Go
      const next = s.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) i++;
      else return true;
    }
  }
  return false;
}

function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x5c && c !== 0x22) out += s[i];
      else if (c === 0x5c || c === 0x22) out += '\\' + s[i];
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else out += '\\u00' + c.toString(16).padStart(2, '0');
      continue;
    }
    if (c === 0xfffd) {
      out += '\\ufffd';
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const next = s.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\\ufffd';
      continue;
    }
    out += s[i];
  }
  return out + '"';
}

/** Go's utf8.DecodeRune walk over raw bytes: invalid bytes become U+FFFD one byte at a time. */
function bytesToGoString(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) [need, cp, min] = [1, c & 0x1f, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, cp, min] = [2, c & 0x0f, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, cp, min] = [3, c & 0x07, 0x10000];
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) ok = false;
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function writeKey(key: string): string {
  let k = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0xfffd) continue;
    if (c >= 0xd800 && c < 0xe000) {
      const next = key.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        k += key[i]! + key[i + 1]!;
        i++;
      }
      continue;
    }
    k += key[i];
  }
  if (k === '') throw new LogfmtError('invalid key');
  return k;
}

function writeValue(v: LogfmtValue): string {
  switch (v.kind) {
    case 'text':
      return v.s;
    case 'string':
      if (v.s === 'null') return '"null"';
      return stringNeedsQuote(v.s) ? quote(v.s) : v.s;
    case 'bytes':
      if (v.s === null) return '';
      return stringNeedsQuote(v.s) ? quote(v.s) : v.s;
    case 'rawbytes': {
      const s = bytesToGoString(v.b);
      return stringNeedsQuote(s) ? quote(s) : s;
    }
  }
}

/** logfmt.MarshalKeyvals. Throws LogfmtError when a key is empty after filtering. */
export function marshalLogfmt(pairs: readonly LogfmtPair[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    out += (i === 0 ? '' : ' ') + writeKey(p.key) + '=' + writeValue(p.value);
  }
  return out;
}
