// Thrift's binary and compact protocols as bounded readers over complete buffers.
export { BinaryReader } from './binary.js';
export { CompactReader } from './compact.js';
export { TMessageType, TType, ThriftDecodeError, type ThriftReader } from './types.js';
