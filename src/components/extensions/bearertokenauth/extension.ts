// The bearertokenauth extension (contrib `extension/bearertokenauthextension/bearertokenauth.go`):
// clients send `<header>: <scheme> <token>`; servers accept a request whose header equals one of
// the configured values (compared in constant time). With `filename`, the tokens are the file's
// lines, re-read whenever the file changes.
//
// Deliberate differences from Go: blank lines of the token file are not tokens (Go would accept
// a bare "Bearer " header from a file ending in a newline), and a refused token is not echoed
// into the error text.

import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Extension } from '../../../core/component.js';
import { AuthError, headerValue, type ClientAuthenticator, type ServerAuthenticator } from '../../../shared/auth/auth.js';
import { WatchedFile } from '../../../shared/auth/file-value.js';
import type { BearerTokenAuthConfig } from './config.js';

interface BearerTokenAuthOptions {
  /** Poll interval for `filename` (tests shorten it). */
  fileIntervalMs?: number;
}

function equalConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

class BearerTokenAuth implements ClientAuthenticator, ServerAuthenticator {
  readonly requiresTransportSecurity = true;
  private values: string[] = [];
  private readonly file: WatchedFile | undefined;

  constructor(
    private readonly cfg: BearerTokenAuthConfig,
    private readonly logger: Logger,
    opts: BearerTokenAuthOptions = {},
  ) {
    if (cfg.filename !== '' && (cfg.token !== '' || cfg.tokens.length > 0)) {
      logger.warn('a filename is specified. Configured token(s) is ignored!');
    }
    if (cfg.filename !== '') {
      this.file = new WatchedFile(cfg.filename, {
        intervalMs: opts.fileIntervalMs,
        onChange: (content) => {
          logger.info({ filename: cfg.filename }, 'refresh token');
          this.setTokens(content.split('\n'));
        },
        onError: (err) =>
          logger.error({ filename: cfg.filename, error: err.message }, 'Failed to read the bearer token file; keeping the previous token.'),
      });
    } else {
      this.setTokens(cfg.tokens.length > 0 ? cfg.tokens : [cfg.token]);
    }
  }

  private setTokens(tokens: string[]): void {
    this.values = tokens
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .map((t) => (this.cfg.scheme !== '' ? `${this.cfg.scheme} ${t}` : t));
  }

  start(): void {
    if (!this.file) return;
    // Go logs a missing file and starts anyway; the token appears once the file does.
    try {
      this.setTokens(this.file.read().split('\n'));
    } catch (err) {
      this.logger.error({ filename: this.cfg.filename, error: (err as Error).message }, 'Failed to read the bearer token file.');
    }
    this.file.start();
  }

  stop(): void {
    this.file?.stop();
  }

  authHeaders(): Record<string, string> {
    const first = this.values[0];
    return first === undefined ? {} : { [this.cfg.header]: first };
  }

  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Record<string, unknown>> {
    const got = headerValue(headers, this.cfg.header);
    if (!got) throw new AuthError(`missing or empty authorization header: ${this.cfg.header}`);
    let ok = false;
    // Every value is compared, so the time taken does not reveal which one matched.
    for (const want of this.values) ok = equalConstantTime(want, got) || ok;
    if (!ok) throw new AuthError('scheme or token does not match');
    return {};
  }
}

export function createBearerTokenAuth(cfg: BearerTokenAuthConfig, logger: Logger, opts: BearerTokenAuthOptions = {}): Extension {
  const auth = new BearerTokenAuth(cfg, logger, opts);
  return {
    clientAuth: auth,
    serverAuth: auth,
    async start() {
      auth.start();
    },
    async shutdown() {
      auth.stop();
    },
  };
}
