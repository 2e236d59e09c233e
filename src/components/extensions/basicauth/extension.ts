// The basicauth extension (contrib `extension/basicauthextension/extension.go`): as a client it
// adds `Authorization: Basic base64(user:pass)`; as a server it checks that header against
// htpasswd entries and exposes `username` and `raw` (the base64 part) as auth data.

import type { Logger } from 'pino';
import type { Extension } from '../../../core/component.js';
import { AuthError, headerValue, type ClientAuthenticator, type ServerAuthenticator } from '../../../shared/auth/auth.js';
import { WatchedFile } from '../../../shared/auth/file-value.js';
import { readFileGo } from '../../../shared/tls/loader.js';
import type { BasicAuthConfig } from './config.js';
import { Htpasswd } from './htpasswd.js';

interface BasicAuthOptions {
  /** Poll interval for username_file / password_file (tests shorten it). */
  fileIntervalMs?: number;
}

type ClientSettings = NonNullable<BasicAuthConfig['client_auth']>;

/** A credential given inline or in a watched file; the file wins, as in Go. */
class Credential {
  private value: string;
  private readonly file: WatchedFile | undefined;
  constructor(inline: string, path: string, logger: Logger, intervalMs?: number) {
    this.value = inline;
    this.file =
      path === ''
        ? undefined
        : new WatchedFile(path, {
            intervalMs,
            onChange: (content) => {
              this.value = content.trim();
              logger.info({ file: path }, 'Reloaded basicauth credential file.');
            },
            onError: (err) =>
              logger.error({ file: path, error: err.message }, 'Failed to reload basicauth credential file; keeping the previous value.'),
          });
  }
  start(): void {
    if (!this.file) return;
    this.value = this.file.read().trim();
    this.file.start();
  }
  stop(): void {
    this.file?.stop();
  }
  get(): string {
    return this.value;
  }
}

class BasicAuthClient implements ClientAuthenticator {
  readonly requiresTransportSecurity = true;
  private readonly username: Credential;
  private readonly password: Credential;
  constructor(cfg: ClientSettings, logger: Logger, opts: BasicAuthOptions) {
    this.username = new Credential(cfg.username, cfg.username_file, logger, opts.fileIntervalMs);
    this.password = new Credential(cfg.password, cfg.password_file, logger, opts.fileIntervalMs);
  }
  start(): void {
    this.username.start();
    this.password.start();
    // Go refuses to build the round tripper for such a username: it cannot be encoded unambiguously.
    if (this.username.get().includes(':')) throw new Error('invalid authorization format');
  }
  stop(): void {
    this.username.stop();
    this.password.stop();
  }
  authHeaders(): Record<string, string> {
    const token = Buffer.from(`${this.username.get()}:${this.password.get()}`).toString('base64');
    return { Authorization: `Basic ${token}` };
  }
}

function decodeBasic(auth: string): { username: string; password: string; raw: string } {
  const prefix = 'basic ';
  if (auth.length < prefix.length || auth.slice(0, prefix.length).toLowerCase() !== prefix) {
    throw new AuthError('invalid authorization scheme prefix');
  }
  const raw = auth.slice(prefix.length);
  // Go's base64.StdEncoding: padded standard alphabet only.
  if (raw.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw new AuthError('invalid authorization format');
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  const cut = decoded.indexOf(':');
  if (cut < 0) throw new AuthError('invalid authorization format');
  return { username: decoded.slice(0, cut), password: decoded.slice(cut + 1), raw };
}

class BasicAuthServer implements ServerAuthenticator {
  private table: Htpasswd | undefined;
  constructor(private readonly cfg: NonNullable<BasicAuthConfig['htpasswd']>) {}
  start(): void {
    let content = '';
    if (this.cfg.file !== '') {
      try {
        content = readFileGo(this.cfg.file).toString('utf8') + '\n';
      } catch (err) {
        throw new Error(`open htpasswd file: ${(err as Error).message}`);
      }
    }
    try {
      this.table = new Htpasswd(content + this.cfg.inline);
    } catch (err) {
      throw new Error(`read htpasswd content: ${(err as Error).message}`);
    }
  }
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Record<string, unknown>> {
    const auth = headerValue(headers, 'authorization');
    if (!auth) throw new AuthError('no basic auth provided');
    const { username, password, raw } = decodeBasic(auth);
    if (!this.table || !(await this.table.match(username, password))) throw new AuthError('invalid credentials');
    return { username, raw };
  }
}

export function createBasicAuth(cfg: BasicAuthConfig, logger: Logger, opts: BasicAuthOptions = {}): Extension {
  const client = cfg.client_auth ? new BasicAuthClient(cfg.client_auth, logger, opts) : undefined;
  const server = cfg.htpasswd ? new BasicAuthServer(cfg.htpasswd) : undefined;
  return {
    clientAuth: client,
    serverAuth: server,
    async start() {
      client?.start();
      server?.start();
    },
    async shutdown() {
      client?.stop();
    },
  };
}
