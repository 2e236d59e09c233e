// Finds where one msgpack value (a forward frame) ends in a growing byte stream, without building
// anything. Resumable: when the bytes stop inside a value it keeps its place (offset and the stack
// of elements still owed by open arrays/maps), so a 16 MiB event arriving in 64 KiB segments is
// walked once, not once per segment. Lengths are checked against the limits as soon as a header
// is seen, so an absurd length fails at once instead of waiting for bytes that never come.

import { ForwardDecodeError, type ForwardLimits } from './errors.js';

export class FrameScanner {
  /** Offset of the next unscanned value, relative to the frame start. */
  private pos = 0;
  /** Elements still owed by each open array/map, innermost last. */
  private readonly owed: number[] = [];
  private started = false;
  /** When the last stop was inside a string/bin/ext body: the end offset that body needs. */
  private needed = 0;

  constructor(private readonly limits: ForwardLimits) {}

  reset(): void {
    this.pos = 0;
    this.owed.length = 0;
    this.started = false;
    this.needed = 0;
  }

  /**
   * Continues the scan of the frame starting at buf[start] with `length` bytes available. Returns
   * the frame's byte length once complete, or -1 when more bytes are needed.
   */
  scan(buf: Uint8Array, start: number, length: number): number {
    if (length < this.needed) return -1;
    const limits = this.limits;
    const owed = this.owed;
    let pos = this.pos;
    if (!this.started) {
      if (length < 1) return -1;
      const b = buf[start]!;
      if (!((b >= 0x90 && b <= 0x9f) || b === 0xdc || b === 0xdd)) {
        throw new ForwardDecodeError('not_an_array', `a forward frame must be a msgpack array, got first byte 0x${b.toString(16).padStart(2, '0')}`);
      }
      owed.push(1);
      this.started = true;
    }
    while (owed.length > 0) {
      if (pos >= length) return this.stop(pos, 0);
      const b = buf[start + pos]!;
      let size: number; // bytes of this value's header + body (for containers: header only)
      let children = -1;
      if (b <= 0x7f || b >= 0xe0) size = 1;
      else if (b <= 0x8f) ((children = (b & 0x0f) * 2), (size = 1));
      else if (b <= 0x9f) ((children = b & 0x0f), (size = 1));
      else if (b <= 0xbf) size = 1 + (b & 0x1f);
      else {
        switch (b) {
          case 0xc0:
          case 0xc2:
          case 0xc3:
            size = 1;
            break;
          case 0xcc:
          case 0xd0:
            size = 2;
            break;
          case 0xcd:
          case 0xd1:
            size = 3;
            break;
          case 0xca:
          case 0xce:
          case 0xd2:
            size = 5;
            break;
          case 0xcb:
          case 0xcf:
          case 0xd3:
            size = 9;
            break;
          case 0xd4:
            size = 3;
            break;
          case 0xd5:
            size = 4;
            break;
          case 0xd6:
            size = 6;
            break;
          case 0xd7:
            size = 10;
            break;
          case 0xd8:
            size = 18;
            break;
          case 0xc4:
          case 0xd9:
          case 0xc7:
          case 0xc5:
          case 0xda:
          case 0xc8:
          case 0xc6:
          case 0xdb:
          case 0xc9: {
            const lenBytes = b === 0xc4 || b === 0xd9 || b === 0xc7 ? 1 : b === 0xc5 || b === 0xda || b === 0xc8 ? 2 : 4;
            if (pos + 1 + lenBytes > length) return this.stop(pos, 0);
            const n = readLength(buf, start + pos + 1, lenBytes);
            const ext = b === 0xc7 || b === 0xc8 || b === 0xc9 ? 1 : 0;
            if (n > limits.maxFrameBytes) {
              throw new ForwardDecodeError('frame_too_large', `a ${n}-byte value exceeds the ${limits.maxFrameBytes}-byte frame limit`);
            }
            size = 1 + lenBytes + ext + n;
            break;
          }
          case 0xdc:
          case 0xde:
          case 0xdd:
          case 0xdf: {
            const lenBytes = b === 0xdc || b === 0xde ? 2 : 4;
            if (pos + 1 + lenBytes > length) return this.stop(pos, 0);
            const n = readLength(buf, start + pos + 1, lenBytes);
            children = b === 0xde || b === 0xdf ? n * 2 : n;
            size = 1 + lenBytes;
            break;
          }
          default:
            throw new ForwardDecodeError('bad_prefix', `byte 0xc1 at offset ${pos} starts no msgpack value`);
        }
      }
      if (pos + size > length) return this.stop(pos, pos + size);
      pos += size;
      if (pos > limits.maxFrameBytes) {
        throw new ForwardDecodeError('frame_too_large', `frame exceeds the ${limits.maxFrameBytes}-byte limit`);
      }
      owed[owed.length - 1]!--;
      if (children > 0) {
        const elements = b >= 0x80 && b <= 0x8f ? children / 2 : b === 0xde || b === 0xdf ? children / 2 : children;
        if (elements > limits.maxElements) {
          throw new ForwardDecodeError(
            'too_many_elements',
            `a ${elements}-element ${isMap(b) ? 'map' : 'array'} exceeds the limit of ${limits.maxElements}`,
          );
        }
        if (owed.length >= limits.maxDepth) {
          throw new ForwardDecodeError('too_deep', `arrays/maps nested deeper than ${limits.maxDepth}`);
        }
        owed.push(children);
      }
      while (owed.length > 0 && owed[owed.length - 1] === 0) owed.pop();
    }
    this.reset();
    return pos;
  }

  private stop(pos: number, needed: number): number {
    this.pos = pos;
    this.needed = needed;
    return -1;
  }
}

function isMap(b: number): boolean {
  return (b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf;
}

function readLength(buf: Uint8Array, at: number, bytes: number): number {
  if (bytes === 1) return buf[at]!;
  if (bytes === 2) return (buf[at]! << 8) | buf[at + 1]!;
  return ((buf[at]! << 24) >>> 0) + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
}
