// basicauth configuration (contrib `extension/basicauthextension/config.go`): `htpasswd` makes a
// server authenticator, `client_auth` a client authenticator, and exactly one must be given.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const basicAuthConfig = s.object({
  htpasswd: s
    .presence(
      s.object({
        file: s.string('').doc('Path of an htpasswd file.'),
        inline: s.string('').secret().doc('htpasswd content inline; its entries override the file’s.'),
      }),
    )
    .doc('Server side: the accepted users.'),
  client_auth: s
    .presence(
      s.object({
        username: s.string('').doc('Username sent by clients.'),
        username_file: s.string('').doc('File holding the username (re-read when it changes); overrides username.'),
        password: s.string('').secret().doc('Password sent by clients.'),
        password_file: s.string('').doc('File holding the password (re-read when it changes); overrides password.'),
        aws_secrets_manager: s.presence(s.any()).doc('Not supported by otelcol-ts.'),
      }),
    )
    .doc('Client side: the credentials to send.'),
});

export type BasicAuthConfig = Infer<(typeof basicAuthConfig)['fields']>;

export function validateBasicAuth(cfg: BasicAuthConfig): ConfigIssue[] {
  if (cfg.htpasswd && cfg.client_auth) return [{ path: [], message: 'only one of `htpasswd` or `client_auth` can be specified' }];
  if (!cfg.htpasswd && !cfg.client_auth) return [{ path: [], message: 'no credential source provided' }];
  if (cfg.htpasswd && cfg.htpasswd.file === '' && cfg.htpasswd.inline === '') {
    return [{ path: ['htpasswd'], message: 'no credential source provided' }];
  }
  if (cfg.client_auth?.aws_secrets_manager !== undefined) {
    return [
      {
        path: ['client_auth', 'aws_secrets_manager'],
        message: 'aws_secrets_manager is not supported by otelcol-ts; use password_file or ${env:VAR}',
      },
    ];
  }
  return [];
}
