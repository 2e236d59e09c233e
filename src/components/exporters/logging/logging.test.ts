import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Logger } from 'pino';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import type { Signal } from '../../../pdata/index.js';
import { captureLogger } from '../../../testing/logger.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { testHost } from '../../../testing/host.js';
import { goLogs, goMetrics2, goTraces } from '../debug/fixtures.js';
import { loggingConfig, validateLogging, type LoggingConfig } from './config.js';
import { DEPRECATION_MESSAGE } from './exporter.js';
import { loggingExporterFactory } from './factory.js';

const SEED = fileURLToPath(new URL('../../../../../shared/seed/otel-collector-config.yaml', import.meta.url));
const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/debug/testdata/', import.meta.url));
const host = testHost();
const ALL = new Set<Signal>(['traces', 'metrics', 'logs']);

function decode(user: unknown): { cfg: LoggingConfig; issues: string[] } {
  const ctx = new DecodeContext();
  const cfg = loggingConfig.decode(user, [], ctx);
  const issues = [...ctx.issues, ...validateLogging(cfg)].map((i) => `${i.path.join('::')}: ${i.message}`);
  return { cfg, issues };
}

function make(user: unknown, logger: Logger) {
  const { cfg, issues } = decode(user);
  assert.deepEqual(issues, []);
  return loggingExporterFactory.create({ id: 'logging', kind: 'exporter', logger, telemetry: new MetricsRegistry() }, cfg, ALL);
}

test("the seed config's logging/info and logging/debug blocks decode and validate", () => {
  const seed = parse(readFileSync(SEED, 'utf8')) as { exporters: Record<string, unknown> };
  assert.deepEqual(decode(seed.exporters['logging/info']), {
    cfg: { loglevel: 'info', verbosity: undefined, sampling_initial: 2, sampling_thereafter: 500 },
    issues: [],
  });
  assert.deepEqual(decode(seed.exporters['logging/debug']).cfg.loglevel, 'debug');
});

test("Go's old validation: loglevel with verbosity, unknown levels, verbosity none", () => {
  assert.deepEqual(decode({ loglevel: 'info', verbosity: 'detailed' }).issues, [
    ": 'loglevel' and 'verbosity' are incompatible. Use only 'verbosity' instead",
  ]);
  assert.deepEqual(decode({ loglevel: 'verbose' }).issues, [`loglevel: 'loglevel' unrecognized level: "verbose"`]);
  assert.deepEqual(decode({ loglevel: 'WARN' }).issues, []);
  assert.deepEqual(decode({ verbosity: 'none' }).issues, ['verbosity: verbosity level "None" is not supported']);
  assert.deepEqual(decode({ logLevel: 'debug' }).issues, [": '' has invalid keys: logLevel"]);
});

test('loglevel info: one TracesExporter/MetricsExporter/LogsExporter line per batch, one deprecation warning', async () => {
  const { logger, lines } = captureLogger();
  const exp = make({ loglevel: 'info' }, logger);
  await exp.start(host);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.consume(goMetrics2(), EMPTY_CONTEXT);
  await exp.consume(goLogs(2), EMPTY_CONTEXT);
  await exp.shutdown();
  const strip = ({ time: _t, pid: _p, hostname: _h, ...rest }: Record<string, unknown>) => rest;
  assert.deepEqual(lines.map(strip), [
    { level: 40, msg: DEPRECATION_MESSAGE, loglevel: 'info', 'equivalent verbosity level': 'Normal' },
    { level: 30, msg: 'TracesExporter', 'resource spans': 1, spans: 2 },
    { level: 30, msg: 'MetricsExporter', 'resource metrics': 1, metrics: 2, 'data points': 4 },
    { level: 30, msg: 'LogsExporter', 'resource logs': 1, 'log records': 2 },
  ]);
});

test('loglevel debug prints the detailed dump after each summary', async () => {
  const { logger, lines } = captureLogger();
  const exp = make({ loglevel: 'debug' }, logger);
  await exp.start(host);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.consume(goLogs(2), EMPTY_CONTEXT);
  await exp.shutdown();
  assert.equal(lines[0]!.msg, DEPRECATION_MESSAGE);
  assert.equal(lines[0]!['equivalent verbosity level'], 'Detailed');
  assert.deepEqual(
    lines.slice(1).map((l) => l.msg),
    [
      'TracesExporter',
      readFileSync(TESTDATA + 'traces_two_spans.txt', 'utf8'),
      'LogsExporter',
      readFileSync(TESTDATA + 'logs_two_records.txt', 'utf8'),
    ],
  );
});

test('default sampling (2, then every 500th) holds back a flood of summaries', async () => {
  const { logger, lines } = captureLogger();
  const exp = make(null, logger);
  await exp.start(host);
  for (let i = 0; i < 20; i++) await exp.consume(goTraces(1), EMPTY_CONTEXT);
  await exp.shutdown();
  assert.equal(lines[0]!.msg, DEPRECATION_MESSAGE);
  assert.equal(lines[0]!.loglevel, undefined);
  // Twenty batches within a second: only the first two get through.
  assert.deepEqual(
    lines.slice(1).map((l) => l.msg),
    ['TracesExporter', 'TracesExporter'],
  );
});
