// Test certificates made with the openssl CLI: a CA, a server certificate for localhost /
// 127.0.0.1 and a client certificate, both signed by the CA, in a fresh temp directory.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  pem(file: string): string;
  cleanup(): void;
}

function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

function run(args: string[], cwd: string): void {
  const res = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${res.stderr}`);
}

/** CA + server + client certificates; null when openssl is absent (the caller skips). */
export function makeTestCerts(): TestCerts | null {
  if (!hasOpenssl()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-ts-tls-'));
  const key = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  key('ca');
  run(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=otelcol-ts test CA', '-days', '2', '-out', 'ca.crt'], dir);
  const leaf = (name: string, cn: string, ext: string) => {
    key(name);
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    run(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      ],
      dir,
    );
  };
  leaf('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'otelcol-ts client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    pem: (file: string) => readFileSync(file, 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface TestCert {
  dir: string;
  /** The server certificate and key a TLS listener is configured with. */
  certFile: string;
  keyFile: string;
  /** The PEM a client trusts to verify that server (the CA). */
  cert: Buffer;
  cleanup(): void;
}

/** Just a server certificate for localhost / 127.0.0.1 and what a client trusts; openssl required. */
export function makeTestCert(): TestCert {
  const certs = makeTestCerts();
  if (!certs) throw new Error('makeTestCert: the openssl CLI is not installed');
  return { dir: certs.dir, certFile: certs.serverCert, keyFile: certs.serverKey, cert: readFileSync(certs.caFile), cleanup: certs.cleanup };
}
