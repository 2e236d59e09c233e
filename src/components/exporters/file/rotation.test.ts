import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logs } from '../../../pdata/index.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { goLogs } from '../debug/fixtures.js';
import { readFramedRecords } from './marshal.js';
import { backupPath, backupTimestamp, pruneBackups } from './rotation.js';
import { testHost } from '../../../testing/host.js';
import { withTempDir } from '../../../testing/tmp.js';
import { buildExporter } from '../../../testing/components.js';
import { fileExporterFactory } from './factory.js';

const buildFile = (user: unknown) => buildExporter(fileExporterFactory, user, undefined, 'file');

const MIB = 1024 * 1024;

/** A logs payload of one record whose body makes the request roughly `bytes` long. */
function sized(bytes: number, tag: string): Logs {
  const l = goLogs(1);
  l.mutable()[0]!.scopeLogs[0]!.logRecords[0]!.body = tag + 'x'.repeat(bytes);
  return l;
}

test('backup names put the timestamp before the extension, like lumberjack', () => {
  const t = new Date(Date.UTC(2022, 8, 14, 5, 2, 14, 173));
  assert.equal(backupTimestamp(t, false), '2022-09-14T05-02-14.173');
  assert.equal(backupPath('/var/otel/data.json', t, false), '/var/otel/data-2022-09-14T05-02-14.173.json');
  assert.equal(backupPath('/var/otel/otel-collector', t, false), '/var/otel/otel-collector-2022-09-14T05-02-14.173');
});

test('rotation renames the file before a record would pass max_megabytes; no record is split', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'data.pb');
    const { exporter: exp } = buildFile({ path, format: 'proto', rotation: { max_megabytes: 1 } });
    await exp.start(testHost());
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) {
      const tag = `r${i}-`;
      sent.push(tag);
      await exp.consume(sized(300 * 1024, tag), EMPTY_CONTEXT);
    }
    await exp.shutdown();
    const names = (await readdir(dir)).sort();
    assert.equal(names.length, 3, `files: ${names.join(', ')}`);
    assert.ok(names.includes('data.pb'));
    for (const n of names) {
      if (n !== 'data.pb') assert.match(n, /^data-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.pb$/);
      assert.ok((await stat(join(dir, n))).size <= MIB);
    }
    // Backups sort by their timestamp; the live file holds the newest records.
    const ordered = [...names.filter((n) => n !== 'data.pb'), 'data.pb'];
    const bodies: string[] = [];
    for (const n of ordered) {
      for (const rec of readFramedRecords(await readFile(join(dir, n)))) {
        const body = Logs.fromProto(rec).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body as string;
        bodies.push(body.slice(0, body.indexOf('-') + 1));
      }
    }
    assert.deepEqual(bodies, sent);
    // Three 300 KiB records fit in 1 MiB, the fourth starts a new file.
    assert.deepEqual(await Promise.all(ordered.map(async (n) => readFramedRecords(await readFile(join(dir, n))).length)), [3, 3, 1]);
  });
});

test('rotation keeps max_backups backups and drops those older than max_days', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'data.json');
    const old = join(dir, 'data-2001-01-01T00-00-00.000.json');
    await writeFile(old, 'ancient\n');
    await writeFile(join(dir, 'unrelated.json'), 'x\n');
    const { exporter: exp } = buildFile({ path, rotation: { max_megabytes: 1, max_backups: 2, max_days: 30 } });
    await exp.start(testHost());
    for (let i = 0; i < 8; i++) await exp.consume(sized(400 * 1024, `r${i}-`), EMPTY_CONTEXT);
    await exp.shutdown();
    const names = (await readdir(dir)).sort();
    assert.ok(!names.includes('data-2001-01-01T00-00-00.000.json'), 'backup older than max_days removed');
    assert.ok(names.includes('unrelated.json'));
    assert.equal(names.filter((n) => /^data-.*\.json$/.test(n)).length, 2);
  });
});

test('pruneBackups ignores names that do not parse as backups', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'a.log');
    for (const n of ['a-2020-01-01T00-00-00.000.log', 'a-2021-01-01T00-00-00.000.log', 'a-notatime.log', 'a.log']) {
      await writeFile(join(dir, n), '');
    }
    const removed = await pruneBackups(path, { maxBackups: 1, maxDays: 0, localtime: false, now: new Date() });
    assert.deepEqual(removed, [join(dir, 'a-2020-01-01T00-00-00.000.log')]);
  });
});

test('with rotation, an existing file is appended to and a record larger than the limit is refused', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'data.json');
    await writeFile(path, 'kept\n');
    const { exporter: exp } = buildFile({ path, rotation: { max_megabytes: 1 } });
    await exp.start(testHost());
    await assert.rejects(exp.consume(sized(MIB + 10, 'big-'), EMPTY_CONTEXT), /exceeds maximum file size 1048576/);
    await exp.consume(goLogs(1), EMPTY_CONTEXT);
    await exp.shutdown();
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith('kept\n'));
    assert.equal(Logs.fromJSON(text.split('\n')[1]!).itemCount(), 1);
  });
});
