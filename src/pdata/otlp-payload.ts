// The lazy life cycle every signal payload shares. A payload holds the serialized request
// (`bytes`), the decoded tree, or both:
//   fromProto(bytes)      bytes only. itemCount() scans the wire structure; toProto() returns
//                         the same bytes (pass-through costs nothing).
//   read access           decodes once and keeps the bytes: still clean, toProto() unchanged.
//   mutable()             decodes if needed and drops the bytes: toProto() re-encodes.
// Bytes are never written to after they are adopted, so clones and concatenations share them.

import type { PayloadBase, Signal } from '../core/payload.js';
import { PdataDecodeError } from './errors.js';
import { countItems, splitRequest, type Levels } from './wire/scan.js';
import { validateRequest, type ValidateOptions } from './wire/validate.js';
import type { MsgDef } from './wire/schema.js';

export interface SignalCodec<R> {
  readonly signal: Signal;
  readonly requestDef: MsgDef;
  readonly levels: Levels;
  decode(buf: Buffer): R[];
  encode(list: readonly R[]): Buffer;
  count(list: readonly R[]): number;
  clone(list: readonly R[]): R[];
}

export interface FromProtoOptions extends ValidateOptions {
  /** Walk every field now and throw PdataDecodeError on malformed input (receivers set this). */
  validate?: boolean;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (!(bytes instanceof Uint8Array)) throw new PdataDecodeError('protobuf input must be a Uint8Array or Buffer');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export abstract class OtlpPayload<R> implements PayloadBase {
  abstract readonly signal: Signal;
  abstract toJSON(): string;
  protected abstract readonly codec: SignalCodec<R>;
  #bytes: Buffer | null = null;
  #tree: R[] | null;
  #count = -1;

  protected constructor(tree: R[] | null) {
    this.#tree = tree;
  }

  /** Makes an empty instance of the concrete class, for clone/split/concat. */
  protected abstract make(): this;

  protected adopt(bytes: Buffer, count: number): this {
    this.#bytes = bytes;
    this.#tree = null;
    this.#count = count;
    return this;
  }

  protected adoptProto(bytes: Uint8Array, opts: FromProtoOptions): this {
    const buf = asBuffer(bytes);
    const count = opts.validate === true ? validateRequest(buf, this.codec.requestDef, opts) : -1;
    return this.adopt(buf, count);
  }

  /** The decoded tree for reading. Mutating it without mutable() leaves toProto() stale. */
  protected read(): R[] {
    if (this.#tree === null) this.#tree = this.#bytes === null ? [] : this.codec.decode(this.#bytes);
    return this.#tree;
  }

  /** The decoded tree for changing: the original bytes are dropped and will be re-encoded. */
  mutableTree(): R[] {
    const t = this.read();
    this.#bytes = null;
    this.#count = -1;
    return t;
  }

  /** True when the tree has been decoded (or the payload was built from one). */
  isDecoded(): boolean {
    return this.#tree !== null;
  }

  /** True when toProto() will return bytes without encoding. */
  hasProto(): boolean {
    return this.#bytes !== null;
  }

  itemCount(): number {
    if (this.#bytes === null) return this.codec.count(this.#tree!);
    if (this.#count < 0) this.#count = this.#tree !== null ? this.codec.count(this.#tree) : countItems(this.#bytes, this.codec.levels);
    return this.#count;
  }

  /** The serialized Export*ServiceRequest: the adopted bytes untouched, or a fresh encoding. */
  toProto(): Buffer {
    if (this.#bytes === null) this.#bytes = this.codec.encode(this.#tree!);
    return this.#bytes;
  }

  /** Size of toProto() in bytes (encodes a mutated tree). */
  protoSize(): number {
    return this.toProto().length;
  }

  clone(): this {
    const c = this.make();
    if (this.#bytes !== null) return c.adopt(this.#bytes, this.#count);
    c.#tree = this.codec.clone(this.#tree!);
    return c;
  }

  /**
   * Requests of at most `max` items each, in order (batch send_batch_max_size). Works on the
   * bytes: whole resource/scope blocks are copied, never decoded. Returns [this] when it fits.
   */
  splitByItems(max: number): this[] {
    if (this.itemCount() <= max) return [this];
    return splitRequest(this.toProto(), this.codec.levels, max).map((b) => this.make().adopt(b, -1));
  }

  /**
   * Merges payloads into one (batching). Concatenated requests are a valid request (field 1 is
   * repeated), so this concatenates bytes, encoding only payloads that have none; when none of
   * them has bytes the trees are joined instead. Takes ownership of the inputs.
   */
  protected concatInto(list: readonly OtlpPayload<R>[]): this {
    if (list.length > 0 && list.every((p) => p.#bytes === null)) {
      this.#tree = list.flatMap((p) => p.#tree!);
      return this;
    }
    let count = 0;
    for (const p of list) count = count >= 0 && p.#count >= 0 ? count + p.#count : -1;
    return this.adopt(Buffer.concat(list.map((p) => p.toProto())), count);
  }
}
