// htpasswd content as the Go basicauth extension reads it (contrib `extension/basicauthextension/
// extension.go` with tg123/go-htpasswd): `user:hash` lines, blank and `#` lines ignored, the
// first matching format wins in go-htpasswd's order — MD5-crypt ($apr1$, $1$), {SHA}, bcrypt
// ($2a$/$2b$/$2y$), {SSHA}, SHA-crypt ($5$, $6$) — and anything else is a plain-text password
// (also matched with nginx's `{PLAIN}` prefix). A later line for the same user wins, so inline
// content, read after the file, overrides it.

import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { md5Crypt, shaCrypt } from './crypt.js';

type Matcher = (password: string) => boolean | Promise<boolean>;

function constantTimeEquals(a: string | Buffer, b: string | Buffer): boolean {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();

/** The matcher for one encoded password, or throws when a known format is malformed. */
function parseEncoded(user: string, enc: string): Matcher {
  for (const magic of ['$apr1$', '$1$'] as const) {
    if (!enc.startsWith(magic)) continue;
    const rest = enc.slice(magic.length);
    const cut = rest.indexOf('$');
    if (cut < 0) throw new Error(`malformed md5 password for user ${user}`);
    const salt = rest.slice(0, cut);
    const hash = rest.slice(cut + 1);
    return (pw) => constantTimeEquals(md5Crypt(pw, salt, magic), hash);
  }
  if (enc.startsWith('{SHA}')) {
    const want = decodeBase64Strict(enc.slice(5));
    if (!want || want.length !== 20) throw new Error(`malformed sha1 password for user ${user}`);
    return (pw) => constantTimeEquals(sha1(Buffer.from(pw)), want);
  }
  if (/^\$2[abxy]\$\d\d\$/.test(enc)) {
    if (enc.length !== 60) throw new Error(`malformed bcrypt password for user ${user}`);
    // bcryptjs handles $2a$/$2b$/$2y$ alike; the async form yields to the event loop while hashing.
    const stored = enc.startsWith('$2x$') ? `$2a$${enc.slice(4)}` : enc;
    return (pw) => bcrypt.compare(pw, stored);
  }
  if (enc.startsWith('{SSHA}')) {
    const raw = decodeBase64Strict(enc.slice(6));
    if (!raw || raw.length <= 20) throw new Error(`malformed ssha password for user ${user}`);
    const hash = raw.subarray(0, 20);
    const salt = raw.subarray(20);
    return (pw) => constantTimeEquals(sha1(Buffer.concat([Buffer.from(pw), salt])), hash);
  }
  if (enc.startsWith('$5$') || enc.startsWith('$6$')) {
    if (enc.split('$').length < 4) throw new Error(`malformed crypt-SHA password for user ${user}`);
    return (pw) => constantTimeEquals(shaCrypt(pw, enc) ?? '', enc);
  }
  return (pw) => constantTimeEquals(pw, enc) || constantTimeEquals(`{PLAIN}${pw}`, enc);
}

/** Successful slow (bcrypt) checks are remembered by a digest of user and password, so a client
 * that sends the same credentials on every request does not pay a full bcrypt run each time. */
const CACHE_LIMIT = 1_024;

export class Htpasswd {
  private readonly users = new Map<string, Matcher>();
  private readonly verified = new Set<string>();

  /** Parses `content`; throws `malformed line, no colon (line N)` or a malformed-hash error. */
  constructor(content: string) {
    const lines = content.split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const cut = line.indexOf(':');
      // Go prints the offending line; we print its number, as it may hold a password.
      if (cut < 0) throw new Error(`malformed line, no colon (line ${i + 1})`);
      const user = line.slice(0, cut);
      this.users.set(user, parseEncoded(user, line.slice(cut + 1)));
    });
  }

  get size(): number {
    return this.users.size;
  }

  async match(user: string, password: string): Promise<boolean> {
    const matcher = this.users.get(user);
    if (!matcher) return false;
    const key = createHash('sha256').update(user).update('\0').update(password).digest('base64');
    if (this.verified.has(key)) return true;
    const ok = await matcher(password);
    if (ok) {
      if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
      this.verified.add(key);
    }
    return ok;
  }
}
