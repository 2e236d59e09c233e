// The compression surface other components import.

export {
  compress,
  decompress,
  normalizeEncoding,
  isIdentity,
  isSupportedCompression,
  COMPRESSIONS,
  ASYNC_COMPRESS_FROM_BYTES,
  ASYNC_DECOMPRESS_FROM_BYTES,
  type Compression,
  type CompressOptions,
} from './compression.js';
export { DecompressionError, BodyTooLargeError, UnsupportedCompressionError } from './errors.js';
export { compressionSetting, compressionParamsSchema, validateCompression, GO_COMPRESSION_NAMES } from './config.js';
export { SNAPPY_COMPRESSOR, crc32c } from './snappy.js';
export { ZSTD_IMPLEMENTATION } from './zstd.js';
