import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { KeyValue, Traces } from '../../../pdata/index.js';
import { waitFor } from '../../../testing/wait.js';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { goTraces } from '../debug/fixtures.js';
import { GroupedFiles } from './group-by.js';
import { testHost } from '../../../testing/host.js';
import { withTempDir } from '../../../testing/tmp.js';
import { buildExporter } from '../../../testing/components.js';
import { fileExporterFactory } from './factory.js';

const buildFile = (user: unknown) => buildExporter(fileExporterFactory, user, undefined, 'file');

/** Traces with one resource per segment (undefined: a resource without the attribute). */
function tracesFor(segments: Array<string | undefined>): Traces {
  const rs = segments.map((seg, i) => {
    const r = goTraces(i + 1).resourceSpans[0]!;
    if (seg !== undefined) r.resource.attributes.push(new KeyValue('fileexporter.path_segment', seg));
    return r;
  });
  return new Traces([...rs]);
}

test('group_by writes each resource to the file its attribute names and drops the rest', async () => {
  await withTempDir(async (dir) => {
    const { exporter: exp } = buildFile({ path: join(dir, 'out', '*.json'), group_by: { enabled: true } });
    await exp.start(testHost());
    await exp.consume(tracesFor(['a', 'b', undefined, 'a']), EMPTY_CONTEXT);
    await exp.shutdown();
    assert.deepEqual((await readdir(join(dir, 'out'))).sort(), ['a.json', 'b.json']);
    const a = Traces.fromJSON((await readFile(join(dir, 'out', 'a.json'), 'utf8')).trim());
    assert.deepEqual(
      a.resourceSpans.map((r) => r.scopeSpans[0]!.spans.length),
      [1, 4],
    );
    const b = Traces.fromJSON((await readFile(join(dir, 'out', 'b.json'), 'utf8')).trim());
    assert.equal(b.itemCount(), 2);
  });
});

test('group_by keeps paths under the prefix and closes the least recently used file past max_open_files', async () => {
  await withTempDir(async (dir) => {
    const sinkOpts = { append: false, flushIntervalMs: 3_600_000, logger: pino({ level: 'silent' }) };
    const g = new GroupedFiles(join(dir, 'logs') + '/*.log', 'seg', 2, 0o755, sinkOpts, sinkOpts.logger);
    assert.equal(g.fullPath('../../etc/passwd'), join(dir, 'logs', 'etc/passwd.log'));
    assert.equal(g.fullPath('./x'), join(dir, 'logs', 'x.log'));
    assert.equal(g.fullPath('sub/y'), join(dir, 'logs', 'sub/y.log'));
    const one = join(dir, 'logs', 'one.log');
    await g.write('one', Buffer.from('1\n'));
    await g.write('two', Buffer.from('2\n'));
    await g.write('three', Buffer.from('3\n'));
    // `one` was evicted, which flushed and closed it; the others are still buffered.
    await waitFor(() => existsSync(one) && readFileSync(one, 'utf8') === '1\n');
    assert.equal(await readFile(join(dir, 'logs', 'three.log'), 'utf8'), '');
    await g.closeAll();
    assert.equal(await readFile(join(dir, 'logs', 'three.log'), 'utf8'), '3\n');
  });
});
