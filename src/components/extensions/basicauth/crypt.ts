// The crypt(3)-style password hashes htpasswd files carry: MD5-crypt (`$1$`, and Apache's
// `$apr1$` variant, which differs only in its magic string) and SHA-crypt (`$5$` SHA-256,
// `$6$` SHA-512, per Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification).
// go-htpasswd accepts both families (its Md5 and CryptSha parsers).

import { createHash } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** crypt's base-64: `n` characters from a 24-bit group, least significant 6 bits first. */
function b64From24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ITOA64[w & 0x3f];
    w >>>= 6;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();

/** The hash part (22 characters) of MD5-crypt for `magic` `$1$` or `$apr1$`; salt is cut to 8 bytes. */
export function md5Crypt(password: string, saltText: string, magic: '$1$' | '$apr1$'): string {
  const pw = Buffer.from(password);
  const salt = Buffer.from(saltText).subarray(0, 8);
  const alt = md5(pw, salt, pw);
  const parts: Buffer[] = [pw, Buffer.from(magic), salt];
  for (let left = pw.length; left > 0; left -= 16) parts.push(alt.subarray(0, Math.min(16, left)));
  for (let i = pw.length; i > 0; i >>>= 1) parts.push(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let fin = md5(...parts);
  for (let i = 0; i < 1000; i++) {
    fin = md5(i & 1 ? pw : fin, i % 3 ? salt : Buffer.alloc(0), i % 7 ? pw : Buffer.alloc(0), i & 1 ? fin : pw);
  }
  const f = fin;
  return (
    b64From24(f[0]!, f[6]!, f[12]!, 4) +
    b64From24(f[1]!, f[7]!, f[13]!, 4) +
    b64From24(f[2]!, f[8]!, f[14]!, 4) +
    b64From24(f[3]!, f[9]!, f[15]!, 4) +
    b64From24(f[4]!, f[10]!, f[5]!, 4) +
    b64From24(0, 0, f[11]!, 2)
  );
}

// Byte order of the final encoding, three bytes per group (b2, b1, b0), from the specification.
const SHA256_ORDER = [
  [0, 10, 20],
  [21, 1, 11],
  [12, 22, 2],
  [3, 13, 23],
  [24, 4, 14],
  [15, 25, 5],
  [6, 16, 26],
  [27, 7, 17],
  [18, 28, 8],
  [9, 19, 29],
];
const SHA512_ORDER = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

/** `len` bytes made of repeated copies of `block`. */
function stretch(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length) block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

/**
 * The full SHA-crypt string (`$5$[rounds=N$]salt$hash`) of `password` under the setting part of
 * an existing hash, so a caller compares it with the stored one.
 */
export function shaCrypt(password: string, setting: string): string | undefined {
  const m = /^\$([56])\$(?:rounds=(\d+)\$)?([^$]*)/.exec(setting);
  if (!m) return undefined;
  const alg = m[1] === '5' ? 'sha256' : 'sha512';
  const customRounds = m[2] !== undefined;
  const rounds = customRounds ? Math.min(999_999_999, Math.max(1_000, Number.parseInt(m[2]!, 10))) : 5_000;
  const saltText = m[3]!.slice(0, 16);
  const H = (...parts: Buffer[]) => createHash(alg).update(Buffer.concat(parts)).digest();
  const pw = Buffer.from(password);
  const salt = Buffer.from(saltText);

  const b = H(pw, salt, pw);
  const aParts: Buffer[] = [pw, salt, stretch(b, pw.length)];
  for (let n = pw.length; n > 0; n >>>= 1) aParts.push(n & 1 ? b : pw);
  const a = H(...aParts);
  const p = stretch(H(...Array<Buffer>(pw.length).fill(pw)), pw.length);
  const s = stretch(H(...Array<Buffer>(16 + a[0]!).fill(salt)), salt.length);
  let c = a;
  const none = Buffer.alloc(0);
  for (let i = 0; i < rounds; i++) c = H(i & 1 ? p : c, i % 3 ? s : none, i % 7 ? p : none, i & 1 ? c : p);

  let enc = '';
  if (alg === 'sha256') {
    for (const [x, y, z] of SHA256_ORDER) enc += b64From24(c[x!]!, c[y!]!, c[z!]!, 4);
    enc += b64From24(0, c[31]!, c[30]!, 3);
  } else {
    for (const [x, y, z] of SHA512_ORDER) enc += b64From24(c[x!]!, c[y!]!, c[z!]!, 4);
    enc += b64From24(0, 0, c[63]!, 2);
  }
  return `$${m[1]}$${customRounds ? `rounds=${rounds}$` : ''}${saltText}$${enc}`;
}
