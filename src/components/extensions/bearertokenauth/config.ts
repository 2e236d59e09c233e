// bearertokenauth configuration (contrib `extension/bearertokenauthextension/config.go`).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const bearerTokenAuthConfig = s.object({
  header: s.string('Authorization').doc('Header carrying the token.'),
  scheme: s.string('Bearer').doc('Prefix of the header value ("" sends the bare token).'),
  token: s.string('').secret().doc('The token.'),
  tokens: s.list(s.string().secret()).doc('Several tokens: servers accept any, clients send the first.'),
  filename: s.string('').doc('File holding the token(s), one per line; re-read when it changes. Overrides token/tokens.'),
});

export type BearerTokenAuthConfig = Infer<(typeof bearerTokenAuthConfig)['fields']>;

export function validateBearerTokenAuth(cfg: BearerTokenAuthConfig): ConfigIssue[] {
  if (cfg.token === '' && cfg.tokens.length === 0 && cfg.filename === '') return [{ path: [], message: 'no bearer token provided' }];
  if (cfg.token !== '' && cfg.tokens.length > 0) return [{ path: [], message: 'either tokens or token should be provided, not both' }];
  return [];
}
