// Version and build facts, read once from the package.json that ships beside dist/.

import { readFileSync } from 'node:fs';
import type { BuildInfo } from '../graph/service.js';

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  if (cached) return cached;
  let version = '0.0.0';
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    version = pkg.version ?? version;
  } catch {
    // Running from an unusual layout: the version is cosmetic, keep going.
  }
  cached = { command: 'otelcol-ts', description: 'OpenTelemetry Collector in TypeScript', version };
  return cached;
}
