// The errors decompression reports, so a receiver can answer 400 for bad data and 413 for a
// body that inflates past its limit, and the names a client or server may not use.

/** The body is not valid data for its Content-Encoding. */
export class DecompressionError extends Error {
  constructor(
    readonly algorithm: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${algorithm}: ${message}`, options);
    this.name = 'DecompressionError';
  }
}

/** The body inflates (or declares it would inflate) past the allowed size; inflating stopped there. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly algorithm: string,
    readonly limitBytes: number,
  ) {
    super(`${algorithm === '' ? 'body' : `${algorithm}: decompressed body`} exceeds the limit of ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** A compression name this build cannot encode or decode. */
export class UnsupportedCompressionError extends Error {
  constructor(readonly algorithm: string) {
    super(
      algorithm === 'lz4'
        ? 'compression "lz4" is not supported by otelcol-ts; use gzip, zstd, snappy, zlib or deflate'
        : `unsupported compression type "${algorithm}"`,
    );
    this.name = 'UnsupportedCompressionError';
  }
}
