// The forward protocol v1 handshake (Forward Protocol Specification v1, "Handshake Messages"),
// which Go's receiver does not implement: on connect the server sends
//   ['HELO', {nonce, auth: '', keepalive: true}]
// the client answers
//   ['PING', client_hostname, shared_key_salt, sha512_hex(salt + client_hostname + nonce + shared_key), username, password]
// and the server replies
//   ['PONG', ok, reason, server_hostname, sha512_hex(salt + server_hostname + nonce + shared_key)]
// then events flow. User/password authentication (`auth` salt) is not offered: `auth` is empty.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_FORWARD_LIMITS, ForwardDecodeError, MsgpackReader } from '../../../shared/codec/forward/index.js';

export interface Helo {
  bytes: Buffer;
  nonce: Buffer;
}

function str(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  if (b.length <= 31) return Buffer.concat([Buffer.from([0xa0 | b.length]), b]);
  if (b.length <= 0xff) return Buffer.concat([Buffer.from([0xd9, b.length]), b]);
  const h = Buffer.alloc(3);
  h[0] = 0xda;
  h.writeUInt16BE(b.length, 1);
  return Buffer.concat([h, b]);
}

function bin(b: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xc4, b.length]), b]);
}

export function makeHelo(): Helo {
  const nonce = randomBytes(16);
  // fluentd sends the nonce as bin; the client hashes its raw bytes.
  const bytes = Buffer.concat([
    Buffer.from([0x92]),
    str('HELO'),
    Buffer.from([0x83]),
    str('nonce'),
    bin(nonce),
    str('auth'),
    str(''),
    str('keepalive'),
    Buffer.from([0xc3]),
  ]);
  return { bytes, nonce };
}

interface PingResult {
  ok: boolean;
  reason: string;
  pong: Buffer;
}

function digest(salt: Buffer, host: Buffer, nonce: Buffer, key: string): string {
  return createHash('sha512').update(salt).update(host).update(nonce).update(key).digest('hex');
}

/** Checks a PING frame; the PONG to send either way (a failed one is followed by a close). */
export function checkPing(frame: Buffer, nonce: Buffer, sharedKey: string, selfHostname: string): PingResult {
  const r = new MsgpackReader(frame, 0, frame.length, DEFAULT_FORWARD_LIMITS);
  const fields: Buffer[] = [];
  const n = r.arrayHeader('PING');
  for (let i = 0; i < n; i++) {
    const body = r.bytesBody(true, true);
    if (!body) throw new ForwardDecodeError('bad_type', `PING element ${i} must be a string`);
    fields.push(frame.subarray(body[0], body[1]));
  }
  if (fields.length < 4 || fields[0]!.toString('latin1') !== 'PING') {
    throw new ForwardDecodeError('bad_type', 'expected a PING message after HELO (is the client configured with a shared key?)');
  }
  const [, clientHost, salt, clientDigest] = fields as [Buffer, Buffer, Buffer, Buffer];
  const expected = Buffer.from(digest(salt, clientHost, nonce, sharedKey), 'latin1');
  const ok = clientDigest.length === expected.length && timingSafeEqual(clientDigest, expected);
  const reason = ok ? '' : 'shared_key mismatch';
  const self = Buffer.from(selfHostname, 'utf8');
  const pong = Buffer.concat([
    Buffer.from([0x95]),
    str('PONG'),
    Buffer.from([ok ? 0xc3 : 0xc2]),
    str(reason),
    str(self),
    str(ok ? digest(salt, self, nonce, sharedKey) : ''),
  ]);
  return { ok, reason, pong };
}
