import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Logs, Metrics, Traces } from '../../../pdata/index.js';
import { decompress } from '../../../shared/compression/index.js';
import { waitFor } from '../../../testing/wait.js';
import { ConsumerError, EMPTY_CONTEXT } from '../../../core/consumer.js';
import { goLogs, goMetricsAllTypes, goTraces } from '../debug/fixtures.js';
import { readFramedRecords } from './marshal.js';
import { testHost } from '../../../testing/host.js';
import { withTempDir } from '../../../testing/tmp.js';
import { buildExporter, decodeConfig } from '../../../testing/components.js';
import { fileExporterFactory } from './factory.js';
import type { FileConfig } from './config.js';

const buildFile = (user: unknown) => buildExporter(fileExporterFactory, user, undefined, 'file');

const SEED = fileURLToPath(new URL('../../../../../shared/seed/otel-collector-config.yaml', import.meta.url));
const HOUR = '1h';

test("the seed config's file block decodes: path, 1s flush, json, no rotation", () => {
  const seed = parse(readFileSync(SEED, 'utf8')) as { exporters: Record<string, unknown> };
  const { cfg, issues } = decodeConfig<FileConfig>(fileExporterFactory, seed.exporters['file']);
  assert.deepEqual(issues, []);
  assert.equal(cfg.path, '/var/otel/otel-collector.log');
  assert.equal(cfg.flush_interval, 1000);
  assert.equal(cfg.format, 'json');
  assert.equal(cfg.rotation, undefined);
  assert.equal(cfg.append, false);
});

test('validation messages follow Go', () => {
  const issues = (u: unknown) => decodeConfig<FileConfig>(fileExporterFactory, u).issues;
  assert.deepEqual(issues({}), ['path: path must be non-empty']);
  assert.deepEqual(issues({ path: 'x', format: 'xml' }), ['format: format type is not supported']);
  assert.deepEqual(issues({ path: 'x', compression: 'gzip' }), ['compression: compression is not supported']);
  assert.deepEqual(issues({ path: 'x', append: true, compression: 'zstd' }), ['append and compression enabled at the same time is not supported']);
  assert.deepEqual(issues({ path: 'x', append: true, rotation: null }), ['append and rotation enabled at the same time is not supported']);
  assert.deepEqual(issues({ path: 'x', flush_interval: '-1s' }), ['flush_interval: flush_interval must be larger than zero']);
  assert.deepEqual(issues({ path: 'x', group_by: { enabled: true } }), ['path: path must contain exactly one * when group_by is enabled']);
  assert.deepEqual(issues({ path: '*x', group_by: { enabled: true } }), ['path: path must not start with * when group_by is enabled']);
  assert.deepEqual(issues({ path: 'x', directory_permissions: '0700' }), [
    'directory_permissions: directory_permissions requires create_directory to be true',
  ]);
  assert.deepEqual(issues({ path: 'x', create_directory: true, directory_permissions: '0789' }), [
    'directory_permissions: directory_permissions value must be a valid octal representation',
  ]);
  assert.match(issues({ path: 'x', encoding: 'otlp_encoding' })[0]!, /^encoding: encoding extensions are not supported by otelcol-ts/);
  assert.equal(decodeConfig<FileConfig>(fileExporterFactory, { path: 'x', flush_interval: 0 }).cfg.flush_interval, 0);
  assert.deepEqual(decodeConfig<FileConfig>(fileExporterFactory, { path: 'x', rotation: null }).cfg.rotation, {
    max_megabytes: 100,
    max_days: 0,
    max_backups: 100,
    localtime: false,
  });
});

test('json: one OTLP/JSON request per line that parses back with the pdata decoders', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.json');
    const { exporter: exp, telemetry } = buildFile({ path });
    await exp.start(testHost());
    await exp.consume(goTraces(2), EMPTY_CONTEXT);
    await exp.consume(goMetricsAllTypes(), EMPTY_CONTEXT);
    await exp.consume(goLogs(2), EMPTY_CONTEXT);
    await exp.shutdown();
    const text = await readFile(path, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(Traces.fromJSON(lines[0]!).toJSON(), goTraces(2).toJSON());
    assert.equal(Metrics.fromJSON(lines[1]!).toJSON(), goMetricsAllTypes().toJSON());
    assert.equal(Logs.fromJSON(lines[2]!).toJSON(), goLogs(2).toJSON());
    assert.match(telemetry.expose(), /otelcol_exporter_sent_spans(_total)?\{exporter="file"\} 2/);
  });
});

test('proto: 4-byte big-endian length-prefixed requests that round-trip', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.pb');
    const { exporter: exp } = buildFile({ path, format: 'proto' });
    await exp.start(testHost());
    await exp.consume(goTraces(3), EMPTY_CONTEXT);
    await exp.consume(goLogs(1), EMPTY_CONTEXT);
    await exp.shutdown();
    const file = await readFile(path);
    const records = readFramedRecords(file);
    assert.equal(records.length, 2);
    assert.equal(file.readUInt32BE(0), records[0]!.length);
    assert.deepEqual(records[0], goTraces(3).toProto());
    assert.equal(Traces.fromProto(records[0]!).toJSON(), goTraces(3).toJSON());
    assert.equal(Logs.fromProto(records[1]!).toJSON(), goLogs(1).toJSON());
  });
});

test('zstd: each request compressed on its own and length-prefixed, even as json', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.zst');
    const { exporter: exp } = buildFile({ path, compression: 'zstd' });
    await exp.start(testHost());
    await exp.consume(goTraces(2), EMPTY_CONTEXT);
    await exp.consume(goTraces(1), EMPTY_CONTEXT);
    await exp.shutdown();
    const records = readFramedRecords(await readFile(path));
    assert.equal(records.length, 2);
    const json = (await decompress('zstd', records[1]!, 1 << 20)).toString('utf8');
    assert.equal(Traces.fromJSON(json).toJSON(), goTraces(1).toJSON());
  });
});

test('writes are buffered until the flush interval passes', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.json');
    const { exporter: exp } = buildFile({ path, flush_interval: '30ms' });
    await exp.start(testHost());
    await exp.consume(goLogs(1), EMPTY_CONTEXT);
    await waitFor(() => readFileSync(path, 'utf8').length > 0);
    assert.equal(Logs.fromJSON(readFileSync(path, 'utf8').trim()).itemCount(), 1);
    await exp.shutdown();
  });
});

test('shutdown flushes what is buffered', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.json');
    const { exporter: exp } = buildFile({ path, flush_interval: HOUR });
    await exp.start(testHost());
    await exp.consume(goTraces(1), EMPTY_CONTEXT);
    assert.equal(await readFile(path, 'utf8'), '');
    await exp.shutdown();
    assert.equal((await readFile(path, 'utf8')).split('\n').length, 2);
    await assert.rejects(exp.consume(goTraces(1), EMPTY_CONTEXT), ConsumerError);
  });
});

test('a path in a missing directory fails start with a clear message; create_directory creates it', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'missing', 'otel-collector.log');
    const { exporter: exp } = buildFile({ path });
    await assert.rejects(exp.start(testHost()), {
      message: `exporter "file": cannot open file "${path}": directory "${join(dir, 'missing')}" does not exist (create it, or set create_directory: true)`,
    });
    await exp.shutdown();
    const made = buildFile({ path, create_directory: true });
    await made.exporter.start(testHost());
    await made.exporter.shutdown();
    assert.deepEqual(await readdir(join(dir, 'missing')), ['otel-collector.log']);
  });
});

test('append false truncates an existing file at start, append true keeps it', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'out.json');
    await writeFile(path, 'old\n');
    const keep = buildFile({ path, append: true });
    await keep.exporter.start(testHost());
    await keep.exporter.consume(goLogs(1), EMPTY_CONTEXT);
    await keep.exporter.shutdown();
    assert.match(await readFile(path, 'utf8'), /^old\n\{"resourceLogs"/);
    const trunc = buildFile({ path });
    await trunc.exporter.start(testHost());
    await trunc.exporter.shutdown();
    assert.equal(await readFile(path, 'utf8'), '');
  });
});

test('write errors reject the consume with a ConsumerError and are logged', { skip: !existsSync('/dev/full') }, async () => {
  // /dev/full accepts the open and fails every write with ENOSPC.
  const { exporter: exp, lines } = buildFile({ path: '/dev/full', append: true, flush_interval: '10ms' });
  await exp.start(testHost());
  const big = goLogs(1);
  big.mutable()[0]!.scopeLogs[0]!.logRecords[0]!.body = 'x'.repeat(70 * 1024);
  await assert.rejects(exp.consume(big, EMPTY_CONTEXT), (err: unknown) => {
    assert.ok(err instanceof ConsumerError);
    assert.match(err.message, /write to "\/dev\/full" failed: ENOSPC/);
    return true;
  });
  // A small record sits in the buffer; the background flush fails and the next consume hears of it.
  await exp.consume(goLogs(1), EMPTY_CONTEXT);
  await new Promise((r) => setTimeout(r, 60));
  await assert.rejects(exp.consume(goLogs(1), EMPTY_CONTEXT), /ENOSPC/);
  await exp.shutdown().catch(() => undefined);
  const writeErrors = lines.filter((l) => l.msg === 'Failed to write to file');
  assert.equal(writeErrors.length, 1, 'repeated write errors are rate-limited');
  assert.ok(lines.some((l) => l.msg.startsWith('Exporting failed. Rejecting data.')));
});
