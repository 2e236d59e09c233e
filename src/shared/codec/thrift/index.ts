// Thrift's binary and compact protocols as bounded readers over complete buffers.
export { BinaryReader } from './binary.js';
export { CompactReader } from './compact.js';
export { MAX_DEPTH, TMessageType, TType, ThriftDecodeError, type MessageHeader, type ThriftErrorCode, type ThriftReader } from './types.js';
