// Test support for receivers built on the shared servers: a Host with chosen extensions, a silent
// logger, a self-signed certificate made with the openssl CLI, and a raw HTTP request helper.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Extension, Host } from '../../core/component.js';

export const silentLogger: Logger = pino({ level: 'silent' });

export function testHost(extensions: Record<string, Extension> = {}): Host {
  return {
    getExtension: (id) => extensions[id],
    service: {
      status: 'running',
      upSince: new Date(),
      startedAt: new Date(),
      pipelines: () => [],
      extensions: () => Object.keys(extensions),
      build: { command: 'test', description: 'test', version: '0' },
      redactedConfig: () => ({}),
    },
  };
}

export interface TestCert {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  cleanup(): void;
}

/** A self-signed P-256 certificate for localhost / 127.0.0.1, in a fresh temp directory. */
export function makeTestCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-ts-cert-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile, cert: readFileSync(certFile), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP/1.1 request on a fresh connection (no agent), resolving with the whole answer. */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string | number>; body?: Uint8Array | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
