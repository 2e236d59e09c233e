// The `tls` settings of clients and servers, as Go's configtls declares them (core
// `config/configtls/{configtls.go,generated_config.go}`), with its Validate() messages.
// PEM contents are secrets (Go: configopaque.String).

import { s, type ConfigIssue, type Infer } from '../../core/schema.js';

function commonFields() {
  return {
    ca_file: s.string('').doc('CA certificate(s) to verify the peer with (default: the built-in roots for clients).'),
    ca_pem: s.string('').secret().doc('The same as ca_file, inline PEM.'),
    cert_file: s.string('').doc('Certificate presented to the peer.'),
    cert_pem: s.string('').secret().doc('The same as cert_file, inline PEM.'),
    key_file: s.string('').doc('Private key of cert_file / cert_pem.'),
    key_pem: s.string('').secret().doc('The same as key_file, inline PEM.'),
    min_version: s.string('1.2').doc('Lowest TLS version accepted: 1.0, 1.1, 1.2 or 1.3.'),
    max_version: s.string('').doc('Highest TLS version accepted (default: the highest supported).'),
    cipher_suites: s.list(s.string()).doc('TLS 1.0–1.2 cipher suites by Go name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.'),
    include_insecure_cipher_suites: s.bool(false).doc('Allow cipher suites Go lists as insecure in cipher_suites.'),
    curve_preferences: s.list(s.string()).doc('Key-exchange groups in preference order: X25519, P256, P384, P521.'),
    include_system_ca_certs_pool: s.bool(false).doc('Trust the system CA pool in addition to ca_file / ca_pem.'),
    reload_interval: s.duration(0).doc('Re-read certificate and key files this often (0 = never).'),
  };
}

export const tlsClientSchema = s.object({
  insecure: s.bool(false).doc('gRPC: plaintext instead of TLS (HTTP clients follow the endpoint scheme).'),
  insecure_skip_verify: s.bool(false).doc('Do not verify the server certificate.'),
  server_name_override: s.string('').doc('Server name to verify the certificate against (and send as SNI).'),
  ...commonFields(),
});

export const tlsServerSchema = s.object({
  ...commonFields(),
  client_ca_file: s.string('').doc('CA to verify client certificates with; when set, clients must present one.'),
  client_ca_file_reload: s.bool(false).doc('Re-read client_ca_file when it changes.'),
});

export type TlsClientConfig = Infer<(typeof tlsClientSchema)['fields']>;
export type TlsServerConfig = Infer<(typeof tlsServerSchema)['fields']>;
/** The fields clients and servers share. */
export type TlsCommonConfig = Omit<TlsClientConfig, 'insecure' | 'insecure_skip_verify' | 'server_name_override'>;

export const TLS_VERSIONS: Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

const hasCert = (c: TlsCommonConfig) => c.cert_file !== '' || c.cert_pem !== '';
const hasKey = (c: TlsCommonConfig) => c.key_file !== '' || c.key_pem !== '';

/** Go's configtls Config.Validate(): the first problem, as Go reports one error. */
export function tlsCommonProblem(c: TlsCommonConfig): string | undefined {
  if (c.ca_file !== '' && c.ca_pem !== '') return 'provide either a CA file or the PEM-encoded string, but not both';
  if (c.cert_file !== '' && c.cert_pem !== '') return 'provide either certificate file or PEM, but not both';
  if (c.key_file !== '' && c.key_pem !== '') return 'provide either key file or PEM, but not both';
  if (hasCert(c) !== hasKey(c)) {
    return 'TLS configuration must include both certificate and key (CertFile/CertPem and KeyFile/KeyPem)';
  }
  if (c.min_version !== '' && !TLS_VERSIONS[c.min_version]) return `invalid TLS min_version: unsupported TLS version: "${c.min_version}"`;
  if (c.max_version !== '' && !TLS_VERSIONS[c.max_version]) return `invalid TLS max_version: unsupported TLS version: "${c.max_version}"`;
  const min = c.min_version || '1.2';
  if (c.max_version !== '' && c.max_version < min) return 'invalid TLS configuration: min_version cannot be greater than max_version';
  return undefined;
}

export function validateTlsClient(cfg: TlsClientConfig, path: string[] = ['tls']): ConfigIssue[] {
  const p = tlsCommonProblem(cfg);
  return p ? [{ path, message: p }] : [];
}

export function validateTlsServer(cfg: TlsServerConfig, path: string[] = ['tls']): ConfigIssue[] {
  const p = tlsCommonProblem(cfg);
  if (p) return [{ path, message: p }];
  if (!hasCert(cfg) && !hasKey(cfg)) {
    return [{ path, message: 'TLS configuration must include both certificate and key for server connections' }];
  }
  return [];
}
