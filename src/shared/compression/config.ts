// The `compression` setting of confighttp / configgrpc clients (core `config/configcompression/
// compressiontype.go`): Go's names, Go's error for an unknown one, and a clear refusal for lz4,
// which Go's clients can send but ours do not (our servers do decode lz4 bodies, see lz4.ts).

import { s, type ConfigIssue } from '../../core/schema.js';
import { isIdentity, isSupportedCompression } from './compression.js';

/** Every name Go accepts; `lz4` is refused by validateCompression. */
const GO_COMPRESSION_NAMES = ['', 'none', 'gzip', 'zlib', 'deflate', 'snappy', 'x-snappy-framed', 'zstd', 'lz4'] as const;

/** The `compression` key; each exporter passes its Go default (`gzip` for OTLP, `snappy` for remote write). */
export function compressionSetting(def = 'gzip') {
  return s.string(def).doc(`Compression of request bodies: ${GO_COMPRESSION_NAMES.filter((n) => n && n !== 'lz4').join(', ')}.`);
}

/** `compression_params` (Go: configcompression.CompressionParams). */
export const compressionParamsSchema = s.object({
  level: s.int(0).doc('Compression level; 0 = the algorithm default (zlib -1 i.e. 6, zstd 3).'),
});

export function validateCompression(name: string, level = 0, path: string[] = ['compression']): ConfigIssue[] {
  if (isIdentity(name)) {
    return level !== 0 ? [{ path, message: `unsupported parameters {Level:${level}} for compression type "${name}"` }] : [];
  }
  if (name === 'lz4') {
    return [{ path, message: 'compression "lz4" is not supported by otelcol-ts; use gzip, zstd, snappy, zlib or deflate' }];
  }
  if (!isSupportedCompression(name) || name !== name.toLowerCase()) {
    return [{ path, message: `unsupported compression type "${name}"` }];
  }
  // Go: zlib-family levels are -1, -2 (Huffman only), 0 and 1–9; zstd maps any level; others take none.
  if (name === 'gzip' || name === 'zlib' || name === 'deflate') {
    if (level === 0 || level === -1 || level === -2 || (level >= 1 && level <= 9)) return [];
  } else if (name === 'zstd' || level === 0) {
    return [];
  }
  return [{ path, message: `unsupported parameters {Level:${level}} for compression type "${name}"` }];
}
