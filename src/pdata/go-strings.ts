// Strings in the text forms Go's standard library writes, for the places that must match the Go
// collector byte for byte (AsString of maps and slices, the loki exporter's lines and stream
// labels, the loki receiver's canonical label sets). Here in pdata because pdata's own AsString
// needs the JSON form and pdata imports nothing above it.
//
// Input strings have been through our decoders, which turn invalid UTF-8 into U+FFFD; a lone
// surrogate can still arrive from a JSON `\ud800` escape, which Go's decoder turns into U+FFFD.

/** Go's string order: UTF-8 bytes. UTF-16 order differs only between a surrogate (U+10000+) and U+E000–U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

// unicode.IsPrint (strconv.IsPrint): letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
const PLAIN_ASCII = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

/** strconv.Quote. A lone surrogate is written as the U+FFFD Go's JSON decoder would have made of it (printable, so raw). */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x22 || r === 0x5c) out += '\\' + ch;
    else if (r < 0x80) {
      if (r >= 0x20 && r !== 0x7f) out += ch;
      else out += SHORT_ESCAPES[r] ?? '\\x' + r.toString(16).padStart(2, '0');
    } else if (r >= 0xd800 && r < 0xe000) out += '\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
  }
  return out + '"';
}

// Anything JSON.stringify or Go would escape, plus surrogates (lone ones become U+FFFD).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ufffd\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
const HTML_OR_LINE_SEP = /[<>&\u2028\u2029\ufffd]/;
const HTML_OR_LINE_SEP_G = /[<>&\u2028\u2029\ufffd]/g;
const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\ufffd': '\\ufffd',
};

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * A JSON string literal as encoding/json writes it with HTML escaping on (json.Marshal): `<` `>`
 * `&` → \u003c \u003e \u0026, U+2028/2029 escaped, \b \f \n \r \t short forms (Go ≥ 1.22), other
 * control characters as \u00xx. Go escapes invalid UTF-8 as `\ufffd`; our decoders have already
 * made invalid bytes U+FFFD characters, so every U+FFFD is written as that escape: exact for
 * invalid input, which is what a U+FFFD here almost always stands for (Go writes a genuine U+FFFD raw).
 */
export function goJsonString(s: string): string {
  // Most keys and lines need no escaping at all (measured: half the loki exporter's translation
  // time went to the general path below for docker-shaped records).
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (SURROGATE.test(s)) {
    const w = s as unknown as WellFormed;
    if (!w.isWellFormed()) s = w.toWellFormed();
  }
  const out = JSON.stringify(s);
  return HTML_OR_LINE_SEP.test(out) ? out.replace(HTML_OR_LINE_SEP_G, (c) => ESCAPES[c]!) : out;
}
