import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { Traces, type Signal } from '../../../pdata/index.js';
import { captureLogger } from '../../../testing/logger.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { testHost } from '../../../testing/host.js';
import { debugConfig, validateDebug, type DebugConfig } from './config.js';
import { createTextExporter } from './exporter.js';
import { debugExporterFactory } from './factory.js';
import { goLogs, goMetrics2, goMetricsAllTypes, goTraces } from './fixtures.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/debug/testdata/', import.meta.url));
const host = testHost();
const ALL = new Set<Signal>(['traces', 'metrics', 'logs']);

function decode(user: unknown): { cfg: DebugConfig; issues: string[] } {
  const ctx = new DecodeContext();
  const cfg = debugConfig.decode(user, [], ctx);
  const issues = [...ctx.issues, ...validateDebug(cfg)].map((i) => `${i.path.join('::')}: ${i.message}`);
  return { cfg, issues };
}

function make(user: unknown, logger: Logger) {
  const { cfg, issues } = decode(user);
  assert.deepEqual(issues, []);
  return debugExporterFactory.create({ id: 'debug', kind: 'exporter', logger, telemetry: new MetricsRegistry() }, cfg, ALL);
}

test('defaults match Go: basic, sampling 2/1, internal logger, no queue', () => {
  const { cfg, issues } = decode(null);
  assert.deepEqual(issues, []);
  assert.deepEqual(cfg, {
    verbosity: 'basic',
    sampling_initial: 2,
    sampling_thereafter: 1,
    use_internal_logger: true,
    output_paths: undefined,
    sending_queue: undefined,
  });
});

test('config errors carry Go messages', () => {
  assert.deepEqual(decode({ verbosity: 'none' }).issues, ['verbosity: verbosity level "None" is not supported']);
  assert.deepEqual(decode({ verbosity: 'loud' }).issues, [`verbosity: 'verbosity' unknown metrics level "loud"`]);
  assert.deepEqual(decode({ verbosity: 'DETAILED' }).cfg.verbosity, 'detailed');
  assert.deepEqual(decode({ output_paths: ['stderr'] }).issues, ['output_paths: output_paths is not supported when use_internal_logger is true']);
  assert.deepEqual(decode({ use_internal_logger: false, output_paths: [] }).issues, [
    'output_paths: output_paths must not be empty when use_internal_logger is false',
  ]);
  assert.deepEqual(decode({ verBosity: 'detailed' }).issues, [": '' has invalid keys: verBosity"]);
});

test('basic: one summary line per batch with Go field names', async () => {
  const { logger, lines } = captureLogger();
  const exp = make(null, logger);
  await exp.start(host);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.consume(goMetricsAllTypes(), EMPTY_CONTEXT);
  await exp.consume(goLogs(2), EMPTY_CONTEXT);
  await exp.shutdown();
  assert.deepEqual(
    lines.map(({ level, msg, time: _t, ts: _ts, pid: _p, hostname: _h, ...fields }) => ({ level, msg, fields })),
    [
      { level: 30, msg: 'Traces', fields: { 'resource spans': 1, spans: 2 } },
      { level: 30, msg: 'Metrics', fields: { 'resource metrics': 1, metrics: 7, 'data points': 14 } },
      { level: 30, msg: 'Logs', fields: { 'resource logs': 1, 'log records': 2 } },
    ],
  );
});

test('basic counts a protobuf payload without decoding it', async () => {
  const { logger, lines } = captureLogger();
  const exp = make(null, logger);
  await exp.start(host);
  const wire = Traces.fromProto(goTraces(3).toProto());
  await exp.consume(wire, EMPTY_CONTEXT);
  await exp.shutdown();
  assert.equal(wire.isDecoded(), false);
  assert.equal(lines[0]!['resource spans'], 1);
  assert.equal(lines[0]!.spans, 3);
});

test('normal: the summary, then one line per item in one entry', async () => {
  const { logger, lines } = captureLogger();
  const exp = make({ verbosity: 'normal' }, logger);
  await exp.start(host);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.consume(goMetrics2(), EMPTY_CONTEXT);
  await exp.consume(goLogs(2), EMPTY_CONTEXT);
  await exp.shutdown();
  assert.deepEqual(
    lines.map((l) => l.msg),
    [
      'Traces',
      'ResourceTraces #0 resource-attr=resource-attr-val-1\nScopeTraces #0\n' +
        'operationA 0102030405060708090a0b0c0d0e0f10 1112131415161718\n' +
        'operationB  \n',
      'Metrics',
      'ResourceMetrics #0 resource-attr=resource-attr-val-1\nScopeMetrics #0\n' +
        'gauge-int{label-1=label-value-1} 123\ngauge-int{label-2=label-value-2} 456\n' +
        'gauge-double{label-1=label-value-1,label-2=label-value-2} 1.23\ngauge-double{label-1=label-value-1,label-3=label-value-3} 4.56\n',
      'Logs',
      'ResourceLog #0 resource-attr=resource-attr-val-1\nScopeLog #0\n' +
        'This is a log message app=server instance_num=1\nsomething happened customer=acme env=dev\n',
    ],
  );
});

test('detailed: the summary, then the full otlptext dump', async () => {
  const { logger, lines } = captureLogger();
  const exp = make({ verbosity: 'detailed' }, logger);
  await exp.start(host);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.consume(goMetricsAllTypes(), EMPTY_CONTEXT);
  await exp.consume(goLogs(2), EMPTY_CONTEXT);
  await exp.shutdown();
  const read = (n: string) => readFileSync(TESTDATA + n, 'utf8');
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['Traces', read('traces_two_spans.txt'), 'Metrics', read('metrics_all_types.txt'), 'Logs', read('logs_two_records.txt')],
  );
});

test('sampling: per message and second, the first `initial` pass, then every `thereafter`-th', async () => {
  const { logger, lines } = captureLogger();
  let now = 1_000_000;
  const exp = createTextExporter(
    { id: 'debug', kind: 'exporter', logger, telemetry: new MetricsRegistry() },
    { flavour: 'debug', verbosity: 'basic', samplingInitial: 2, samplingThereafter: 3, useInternalLogger: true, now: () => now },
    ALL,
  );
  await exp.start(host);
  for (let i = 1; i <= 9; i++) await exp.consume(goTraces(i), EMPTY_CONTEXT);
  // Entries 1, 2 pass; then 5 and 8 (every 3rd after the initial two).
  assert.deepEqual(
    lines.map((l) => l.spans),
    [1, 2, 5, 8],
  );
  now += 1_000;
  await exp.consume(goTraces(10), EMPTY_CONTEXT);
  await exp.consume(goLogs(1), EMPTY_CONTEXT);
  assert.deepEqual(
    lines.map((l) => l.spans ?? l['log records']),
    [1, 2, 5, 8, 10, 1],
  );
  await exp.shutdown();
});

test('use_internal_logger false writes zap console text to output_paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'debug-exp-'));
  try {
    const out = join(dir, 'out.txt');
    const { logger, lines } = captureLogger();
    const exp = make({ use_internal_logger: false, output_paths: [out], verbosity: 'normal' }, logger);
    await exp.start(host);
    await exp.consume(goLogs(1), EMPTY_CONTEXT);
    await exp.shutdown();
    assert.equal(
      await readFile(out, 'utf8'),
      'Logs\t{"resource logs": 1, "log records": 1}\n' +
        'ResourceLog #0 resource-attr=resource-attr-val-1\nScopeLog #0\nThis is a log message app=server instance_num=1\n\n',
    );
    assert.deepEqual(lines, []);

    const bad = make({ use_internal_logger: false, output_paths: [join(dir, 'missing', 'out.txt')] }, logger);
    await assert.rejects(bad.start(host), /exporter "debug": cannot open output path ".*missing\/out\.txt": ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('with sending_queue the output happens after consume resolves, and shutdown drains it', async () => {
  const { logger, lines } = captureLogger();
  const exp = make({ sending_queue: { num_consumers: 1 } }, logger);
  await exp.start(host);
  await exp.consume(goTraces(1), EMPTY_CONTEXT);
  await exp.consume(goTraces(2), EMPTY_CONTEXT);
  await exp.shutdown();
  assert.deepEqual(
    lines.map((l) => l.spans),
    [1, 2],
  );
});
