import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, flushLogSampling, reconfigureLogger, type LogsConfig } from './logger.js';
import { telemetrySchema } from './config.js';

function logsConfig(over: Partial<LogsConfig> = {}): LogsConfig {
  return { ...telemetrySchema.defaultValue().logs, ...over };
}

function memory() {
  const lines: string[] = [];
  return {
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    stream: { write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) },
  };
}

test('zap-style sampling: first `initial`, then every `thereafter`-th, then one summary', () => {
  const out = memory();
  const logger = createLogger(logsConfig({ sampling: { enabled: true, tick: 60_000, initial: 10, thereafter: 100 } }), {
    destination: out.stream,
  });
  for (let i = 0; i < 1000; i++) logger.error({ attempt: i }, 'Exporting failed. Dropping data.');
  logger.info('a different message');
  // Passing: 1..10, then the 110th, 210th, ... 910th.
  assert.equal(out.lines.length, 10 + 9 + 1);
  assert.deepEqual(
    out
      .records()
      .slice(9, 12)
      .map((r) => r.attempt),
    [9, 109, 209],
  );
  flushLogSampling(logger);
  const last = out.records().at(-1)!;
  assert.equal(last.msg, 'suppressed 981 repeated log messages');
  assert.equal(last.suppressed_message, 'Exporting failed. Dropping data.');
  assert.equal(last.level, 'error');
  assert.equal(out.lines.length, 21);
  // A new tick starts from zero.
  logger.error('Exporting failed. Dropping data.');
  assert.equal(out.lines.length, 22);
  flushLogSampling(logger);
  assert.equal(out.lines.length, 22, 'no summary when nothing was dropped');
});

test('the summary is written at the end of the tick without a flush', async () => {
  const out = memory();
  const logger = createLogger(logsConfig({ sampling: { enabled: true, tick: 40, initial: 2, thereafter: 1000 } }), {
    destination: out.stream,
  });
  const child = logger.child({ kind: 'exporter', name: 'loki' });
  for (let i = 0; i < 50; i++) child.warn('connection refused');
  assert.equal(out.lines.length, 2);
  for (let i = 0; i < 100 && out.lines.length < 3; i++) await sleep(10);
  const summary = out.records()[2]!;
  assert.equal(summary.msg, 'suppressed 48 repeated log messages');
  assert.equal(summary.name, 'loki', 'the summary carries the bindings of the logger that dropped');
  flushLogSampling(logger);
});

test('sampling disabled passes everything; reconfigure changes level', () => {
  const out = memory();
  const logger = createLogger(logsConfig({ sampling: { enabled: false, tick: 10_000, initial: 1, thereafter: 100 } }), {
    destination: out.stream,
  });
  for (let i = 0; i < 300; i++) logger.info('same');
  assert.equal(out.lines.length, 300);
  logger.debug('hidden');
  reconfigureLogger(logger, logsConfig({ level: 'debug', sampling: { enabled: false, tick: 10_000, initial: 1, thereafter: 100 } }));
  logger.debug('shown');
  assert.equal(out.records().at(-1)!.msg, 'shown');
  assert.equal(out.lines.length, 301);
});

test('JSON lines look like zap: level, ts, msg, error text; secrets are redacted', () => {
  const out = memory();
  const logger = createLogger(logsConfig(), { destination: out.stream });
  logger.error({ error: new Error('dial tcp 1.2.3.4:443: connect: connection refused') }, 'Exporting failed.');
  logger.info(
    {
      config: { client_auth: { username: 'u', password: 'hunter2' }, headers: { 'lightstep-access-token': 's3cr3t-token' } },
      authorization: 'Basic abc',
    },
    'Starting extension',
  );
  logger.warn(new Error('bare error'));
  const [e, i, w] = out.records();
  assert.deepEqual(Object.keys(e!).slice(0, 3), ['level', 'ts', 'error']);
  assert.equal(e!.error, 'dial tcp 1.2.3.4:443: connect: connection refused');
  assert.match(String(e!.ts), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(!out.lines[1]!.includes('hunter2') && !out.lines[1]!.includes('s3cr3t') && !out.lines[1]!.includes('Basic abc'));
  const cfg = i!.config as { client_auth: { password: string; username: string }; headers: Record<string, string> };
  assert.equal(cfg.client_auth.password, '[REDACTED]');
  assert.equal(cfg.client_auth.username, 'u');
  assert.equal(cfg.headers['lightstep-access-token'], '[REDACTED]');
  assert.equal(i!.authorization, '[REDACTED]');
  assert.equal(w!.msg, 'bare error');
  assert.equal(w!.error, 'bare error');
});

test('console encoding writes zap console lines', () => {
  const out = memory();
  const logger = createLogger(logsConfig({ encoding: 'console', initial_fields: { service: 'otelcol-ts' } }), {
    destination: out.stream,
  });
  logger.info({ kind: 'receiver', port: 4317 }, 'Starting GRPC server');
  const [line] = out.lines;
  const parts = line!.split('\t');
  assert.equal(parts.length, 4);
  assert.match(parts[0]!, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(parts.slice(1), ['info', 'Starting GRPC server', '{"service": "otelcol-ts", "kind": "receiver", "port": 4317}']);
});
