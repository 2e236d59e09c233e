// Thrift wire vocabulary shared by the binary and compact readers: the TType codes (the binary
// protocol's own numbering; the compact reader maps its codes onto these), the reader interface
// the IDL decoders program against, and the one error type every malformed input raises.

export const TType = {
  STOP: 0,
  VOID: 1,
  BOOL: 2,
  BYTE: 3,
  DOUBLE: 4,
  I16: 6,
  I32: 8,
  I64: 10,
  STRING: 11,
  STRUCT: 12,
  MAP: 13,
  SET: 14,
  LIST: 15,
  UUID: 16,
} as const;

export const TMessageType = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;

/** Apache Thrift's DEFAULT_RECURSION_DEPTH (lib/go/thrift/protocol.go): deeper nesting is refused. */
export const MAX_DEPTH = 64;

type ThriftErrorCode =
  | 'truncated' // fewer bytes than a length or fixed-size value needs
  | 'negative_size' // a string, list or map length below zero
  | 'size_limit' // a length that cannot fit in what remains of the input
  | 'bad_varint' // a varint longer than its type allows
  | 'bad_type' // an unknown field or element type code
  | 'depth_limit' // nesting beyond MAX_DEPTH
  | 'bad_message' // a message envelope that is not a Thrift message
  | 'missing_field' // a required IDL field absent (or sent with a wrong type, which is skipped)
  | 'bad_value'; // a value the IDL cannot hold

/** Every decode failure: `code` for tests and metrics, the message names the problem and the offset. */
export class ThriftDecodeError extends Error {
  override name = 'ThriftDecodeError';
  constructor(
    readonly code: ThriftErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface MessageHeader {
  name: string;
  type: number;
  seqId: number;
}

/**
 * One protocol's reader over a complete in-memory buffer (an HTTP body or a UDP datagram). The
 * IDL decoders drive it field by field, as Thrift's generated code drives a TProtocol.
 */
export interface ThriftReader {
  /** Bytes not consumed yet. */
  remaining(): number;
  readMessageBegin(): MessageHeader;
  structBegin(): void;
  structEnd(): void;
  /** The next field's TType (STOP ends the struct); its id is left in `fieldId`. */
  readFieldBegin(): number;
  fieldId: number;
  readBool(): boolean;
  readByte(): number;
  readI16(): number;
  readI32(): number;
  readI64(): bigint;
  readDouble(): number;
  /** A STRING field as UTF-8 text (invalid sequences become U+FFFD, as Go's string conversion keeps bytes but JSON shows them). */
  readString(): string;
  readBinary(): Uint8Array;
  /** Element type and count; the count is already checked against the bytes left. */
  readListBegin(): { elemType: number; size: number };
  readSetBegin(): { elemType: number; size: number };
  readMapBegin(): { keyType: number; valueType: number; size: number };
  /** Skips one value of `type`, however nested (up to MAX_DEPTH). */
  skip(type: number): void;
}

/**
 * Skips a STRUCT, LIST, SET or MAP through the reader's own headers, which is the same walk in
 * every protocol (the container counts as one nesting level for MAX_DEPTH). Primitives differ per
 * protocol and stay in each reader's skip().
 */
export function skipContainer(r: ThriftReader, type: typeof TType.STRUCT | typeof TType.LIST | typeof TType.SET | typeof TType.MAP): void {
  if (type === TType.STRUCT) {
    r.structBegin();
    for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) r.skip(t);
    r.structEnd();
    return;
  }
  if (type === TType.MAP) {
    const { keyType, valueType, size } = r.readMapBegin();
    r.structBegin();
    for (let i = 0; i < size; i++) {
      r.skip(keyType);
      r.skip(valueType);
    }
    r.structEnd();
    return;
  }
  const { elemType, size } = type === TType.LIST ? r.readListBegin() : r.readSetBegin();
  r.structBegin();
  for (let i = 0; i < size; i++) r.skip(elemType);
  r.structEnd();
}
