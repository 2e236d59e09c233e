// The compression surface other components import.

export { compress, decompress, normalizeEncoding, isIdentity, isSupportedCompression, COMPRESSIONS } from './compression.js';
export { DecompressionError, BodyTooLargeError } from './errors.js';
export { validateCompression } from './config.js';
