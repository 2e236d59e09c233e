// The one TLS loader: configtls settings → Node TLS options, reading files and checking every
// PEM now, so a bad path or certificate fails the component's start with Go's wording
// (core `config/configtls/configtls.go`: `failed to load TLS config: failed to load CA
// CertPool File: failed to load cert /x: open /x: no such file or directory`).

import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { TLS_VERSIONS, tlsCommonProblem, type TlsClientConfig, type TlsCommonConfig, type TlsServerConfig } from './config.js';
import { TlsConfigError } from './errors.js';
import { cipherList, curveList } from './suites.js';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** A file's contents, or an Error worded as Go's os.ReadFile (`open /x: no such file or directory`). */
export function readFileGo(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Go's ReadFile reports EISDIR on read, not open.
    const op = e.code === 'EISDIR' ? 'read' : 'open';
    throw new Error(`${op} ${path}: ${ERRNO_TEXT[e.code ?? ''] ?? e.message}`, { cause: err });
  }
}

/** The certificates of a PEM bundle; throws Go's `failed to parse cert` when there is none. */
function parseCertBundle(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certs = blocks.filter((b) => {
    try {
      new X509Certificate(b);
      return true;
    } catch {
      return false;
    }
  });
  if (certs.length === 0) throw new Error('failed to parse cert');
  return certs;
}

function systemRoots(): string[] {
  const getCA = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  const system = typeof getCA === 'function' ? getCA('system') : [];
  return [...tls.rootCertificates, ...system];
}

function loadCaPool(c: TlsCommonConfig): string[] | undefined {
  if (c.ca_file !== '' && c.ca_pem !== '') {
    throw new TlsConfigError('failed to load CA CertPool: provide either a CA file or the PEM-encoded string, but not both');
  }
  let certs: string[];
  if (c.ca_file !== '') {
    try {
      let text: string;
      try {
        text = readFileGo(c.ca_file).toString('utf8');
      } catch (err) {
        throw new Error(`failed to load cert ${c.ca_file}: ${(err as Error).message}`);
      }
      certs = parseCertBundle(text);
    } catch (err) {
      throw new TlsConfigError(`failed to load CA CertPool File: ${(err as Error).message}`, { cause: err });
    }
  } else if (c.ca_pem !== '') {
    try {
      certs = parseCertBundle(c.ca_pem);
    } catch (err) {
      throw new TlsConfigError(`failed to load CA CertPool PEM: ${(err as Error).message}`, { cause: err });
    }
  } else {
    return undefined;
  }
  return c.include_system_ca_certs_pool ? [...systemRoots(), ...certs] : certs;
}

function loadKeyPair(c: TlsCommonConfig): { cert: Buffer | string; key: Buffer | string } | undefined {
  const hasCert = c.cert_file !== '' || c.cert_pem !== '';
  const hasKey = c.key_file !== '' || c.key_pem !== '';
  const fail = (msg: string, cause?: unknown) => new TlsConfigError(`failed to load TLS cert and key: ${msg}`, { cause });
  if (hasCert !== hasKey) throw fail('for auth via TLS, provide both certificate and key, or neither');
  if (!hasCert) return undefined;
  if (c.cert_file !== '' && c.cert_pem !== '') throw fail('for auth via TLS, provide either a certificate or the PEM-encoded string, but not both');
  if (c.key_file !== '' && c.key_pem !== '') throw fail('for auth via TLS, provide either a key or the PEM-encoded string, but not both');
  let cert: Buffer | string;
  let key: Buffer | string;
  try {
    cert = c.cert_file !== '' ? readFileGo(c.cert_file) : c.cert_pem;
    key = c.key_file !== '' ? readFileGo(c.key_file) : c.key_pem;
  } catch (err) {
    throw fail((err as Error).message, err);
  }
  try {
    tls.createSecureContext({ cert, key });
  } catch (err) {
    throw fail(`failed to load TLS cert and key PEMs: ${(err as Error).message}`, err);
  }
  return { cert, key };
}

/** Options both sides share: versions, cipher suites, curves. */
function protocolOptions(c: TlsCommonConfig): tls.SecureContextOptions {
  const problem = tlsCommonProblem(c);
  if (problem?.startsWith('invalid TLS')) throw new TlsConfigError(problem);
  const out: tls.SecureContextOptions = { minVersion: TLS_VERSIONS[c.min_version || '1.2'] };
  if (c.max_version !== '') out.maxVersion = TLS_VERSIONS[c.max_version];
  if (c.cipher_suites.length > 0) out.ciphers = cipherList(c.cipher_suites, c.include_insecure_cipher_suites);
  if (c.curve_preferences.length > 0) out.ecdhCurve = curveList(c.curve_preferences);
  return out;
}

function checkContext(opts: tls.SecureContextOptions): void {
  try {
    tls.createSecureContext(opts);
  } catch (err) {
    throw new TlsConfigError((err as Error).message, { cause: err });
  }
}

/**
 * Node connection options for a TLS client, or null for plaintext (Go: `insecure` without a CA).
 * HTTP clients use them for https:// endpoints only; gRPC clients also honour `insecure`.
 */
export function loadClientTls(cfg: TlsClientConfig): tls.ConnectionOptions | null {
  const hasCa = cfg.ca_file !== '' || cfg.ca_pem !== '';
  if (cfg.insecure && !hasCa) return null;
  const ca = loadCaPool(cfg);
  const pair = loadKeyPair(cfg);
  const opts: tls.ConnectionOptions = { ...protocolOptions(cfg), rejectUnauthorized: !cfg.insecure_skip_verify };
  if (ca) opts.ca = ca;
  if (pair) Object.assign(opts, pair);
  if (cfg.server_name_override !== '') opts.servername = cfg.server_name_override;
  checkContext(opts);
  return opts;
}

/**
 * Node server options for TLS, or null when the `tls` section is absent (plaintext). A server
 * needs a certificate and key; `client_ca_file` makes client certificates mandatory (Go:
 * RequireAndVerifyClientCert).
 */
export function loadServerTls(cfg: TlsServerConfig | undefined): tls.TlsOptions | null {
  if (!cfg) return null;
  const problem = tlsCommonProblem(cfg);
  if (problem && !problem.startsWith('invalid TLS')) throw new TlsConfigError(problem);
  const pair = loadKeyPair(cfg);
  if (!pair) throw new TlsConfigError('TLS configuration must include both certificate and key for server connections');
  const opts: tls.TlsOptions = { ...protocolOptions(cfg), ...pair };
  if (cfg.client_ca_file !== '') {
    try {
      let text: string;
      try {
        text = readFileGo(cfg.client_ca_file).toString('utf8');
      } catch (err) {
        throw new Error(`failed to load CA ${cfg.client_ca_file}: ${(err as Error).message}`);
      }
      try {
        opts.ca = parseCertBundle(text);
      } catch {
        throw new Error(`failed to parse CA ${cfg.client_ca_file}`);
      }
    } catch (err) {
      throw new TlsConfigError((err as Error).message, { cause: err });
    }
    opts.requestCert = true;
    opts.rejectUnauthorized = true;
  }
  checkContext(opts);
  return opts;
}

/** The files whose content decides the loaded options (what reload_interval re-reads). */
export function tlsFiles(cfg: TlsCommonConfig & { client_ca_file?: string }): string[] {
  return [cfg.ca_file, cfg.cert_file, cfg.key_file, cfg.client_ca_file ?? ''].filter((f) => f !== '');
}
