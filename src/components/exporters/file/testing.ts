// Shared setup for the file exporter tests: decode a config as the collector does, create the
// exporter with a capturing logger, and a temporary directory per test.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import type { Signal } from '../../../pdata/index.js';
import { captureLogger, type LogLine } from '../../../shared/exporterhelper/testkit.js';
import type { Exporter, Host } from '../../../core/component.js';
import { fileConfig, validateFile, type FileConfig } from './config.js';
import { fileExporterFactory } from './factory.js';

export const host = { getExtension: () => undefined, service: {} } as unknown as Host;

export function decodeFile(user: unknown): { cfg: FileConfig; issues: string[] } {
  const ctx = new DecodeContext();
  const cfg = fileConfig.decode(user, [], ctx);
  const issues = [...ctx.issues, ...validateFile(cfg)].map((i) => `${i.path.join('::')}: ${i.message}`);
  return { cfg, issues };
}

export function makeFileExporter(user: unknown): { exp: Exporter; lines: LogLine[]; telemetry: MetricsRegistry } {
  const { cfg, issues } = decodeFile(user);
  assert.deepEqual(issues, []);
  const { logger, lines } = captureLogger();
  const telemetry = new MetricsRegistry();
  const exp = fileExporterFactory.create({ id: 'file', kind: 'exporter', logger, telemetry }, cfg, new Set<Signal>(['traces', 'metrics', 'logs']));
  return { exp, lines, telemetry };
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'file-exp-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
