// Errors and bounds of the fluent forward decoder. Every rejection names its problem with a
// stable code, so the receiver can log the reason, count it, and close only that connection.

export type ForwardErrorCode =
  | 'not_an_array' // a frame must be a msgpack array (catches HTTP or garbage on the port early)
  | 'bad_prefix' // a byte that starts no msgpack value (0xc1)
  | 'too_many_elements'
  | 'too_deep'
  | 'frame_too_large'
  | 'tag_too_large'
  | 'packed_too_large'
  | 'decompressed_too_large'
  | 'bad_mode' // the second element is neither a time, an entries array nor packed bytes
  | 'bad_arity' // wrong element count for the mode (Message 3–4, Forward/PackedForward 2–3, entry 2)
  | 'bad_type' // a field of the wrong msgpack type (tag not a string, record not a map, …)
  | 'bad_time'
  | 'bad_gzip'
  | 'truncated' // a complete-looking frame or packed entry stream ends inside a value
  | 'trailing_bytes';

export class ForwardDecodeError extends Error {
  /** From ForwardFramer.push: the complete frames that preceded the bad bytes in that chunk. */
  framesBefore: Buffer[] = [];

  constructor(
    readonly code: ForwardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForwardDecodeError';
  }
}

export interface ForwardLimits {
  /** Elements in one msgpack array or map (entries, record keys, nested values). */
  maxElements: number;
  /** Nesting of arrays and maps inside a frame (the frame itself is level 1). */
  maxDepth: number;
  /** Bytes of one frame (one event, whatever its mode). */
  maxFrameBytes: number;
  maxTagBytes: number;
  /** Bytes of a PackedForward entries string/bin, before decompression. */
  maxPackedBytes: number;
  /** Bytes a CompressedPackedForward payload may inflate to. */
  maxDecompressedBytes: number;
}

// The element, tag and packed bounds are the newest Go receiver's (contrib
// receiver/fluentforwardreceiver/conversion.go after v0.130: 64 Ki elements, 128 KiB tag,
// 16 MiB packed); depth 64 is the AnyValue nesting pdata accepts; a frame may hold one maximal
// packed payload plus its envelope.
export const DEFAULT_FORWARD_LIMITS: Readonly<ForwardLimits> = Object.freeze({
  maxElements: 64 * 1024,
  maxDepth: 64,
  maxFrameBytes: 17 * 1024 * 1024,
  maxTagBytes: 128 * 1024,
  maxPackedBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
});
