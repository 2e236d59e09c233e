// The error every TLS loading failure is reported with, prefixed as Go's LoadTLSConfig does.

export class TlsConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`failed to load TLS config: ${message}`, options);
    this.name = 'TlsConfigError';
  }
}
