// What the binary and compact readers share: one complete buffer, a position and end, the
// bounds check that names what was cut short, and BINARY values (length prefix per protocol).

import { ThriftDecodeError } from './types.js';

export abstract class BufferReader {
  protected pos: number;
  protected readonly end: number;
  protected readonly view: DataView;
  fieldId = 0;

  constructor(
    protected readonly buf: Uint8Array,
    /** 'binary' or 'compact', for error texts. */
    private readonly protocol: string,
    start: number,
    end: number,
  ) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  protected need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw new ThriftDecodeError(
        'truncated',
        `thrift ${this.protocol}: truncated ${what} at offset ${this.pos} (needs ${n} bytes, ${this.end - this.pos} left)`,
      );
    }
  }

  /** A STRING/BINARY length prefix, checked to be ≥ 0 and within the bytes left. */
  protected abstract length(what: string): number;

  /** Skips a STRING/BINARY value. */
  protected skipString(): void {
    // Not `this.pos += this.length(…)`: that reads pos before length() has moved it past the prefix.
    const n = this.length('string');
    this.pos += n;
  }

  readBinary(): Uint8Array {
    const n = this.length('binary');
    const out = new Uint8Array(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}
