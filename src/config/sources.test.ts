import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadSources, mergeInto, parseConfigUri, setFlagToUri, SourceError } from './sources.js';
import { formatWhere, parseYaml } from './yaml.js';

const TESTDATA = fileURLToPath(new URL('../../src/config/testdata/', import.meta.url));
const ctx = (env: NodeJS.ProcessEnv = {}) => ({ env, cwd: TESTDATA, warn: () => {} });

test('config URIs: paths and drive letters are files; known schemes; unknown scheme error', () => {
  assert.deepEqual(parseConfigUri('/otel/otel-collector-config.yaml'), { scheme: 'file', opaque: '/otel/otel-collector-config.yaml' });
  assert.deepEqual(parseConfigUri('C:\\otel\\c.yaml'), { scheme: 'file', opaque: 'C:\\otel\\c.yaml' });
  assert.deepEqual(parseConfigUri('file:rel.yaml'), { scheme: 'file', opaque: 'rel.yaml' });
  assert.deepEqual(parseConfigUri('yaml:a::b: 1'), { scheme: 'yaml', opaque: 'a::b: 1' });
  assert.deepEqual(parseConfigUri('env:CFG'), { scheme: 'env', opaque: 'CFG' });
  assert.throws(() => parseConfigUri('s3:bucket/c.yaml'), new SourceError('unsupported scheme on URI "s3:bucket/c.yaml"'));
  assert.throws(() => parseConfigUri('./a:b'), new SourceError('invalid uri: "./a:b"'));
});

test('--set is rewritten as Go does', () => {
  assert.equal(setFlagToUri('processors.batch.timeout=2s'), 'yaml:processors::batch::timeout: 2s');
  assert.equal(setFlagToUri(' service.extensions = [a, b] '), 'yaml:service::extensions: [a, b]');
  assert.equal(setFlagToUri('a.b=c=d'), 'yaml:a::b: c=d');
  assert.throws(() => setFlagToUri('processors.batch.timeout'), new SourceError('missing equal sign'));
});

test('merge: maps join, lists and scalars are replaced, a null map wipes the earlier one', () => {
  const a = parseYaml('r: {x: {p: 1}, y: 2}\nl: [1, 2]\nproc: {batch: {timeout: 1s}}\n', { label: 'a', source: 0 });
  const b = parseYaml('r: {x: {q: 3}}\nl: [9]\nproc:\n', { label: 'b', source: 1 });
  const dst: Record<string, unknown> = {};
  const pos = new Map();
  mergeInto(dst, a.value as any, pos, a.positions);
  mergeInto(dst, b.value as any, pos, b.positions);
  assert.deepEqual(dst, { r: { x: { p: 1, q: 3 }, y: 2 }, l: [9], proc: null });
  assert.equal(pos.get('r::x::p').label, 'a');
  assert.equal(pos.get('r::x::q').label, 'b');
  assert.equal(pos.get('proc').label, 'b');
  assert.equal(pos.has('proc::batch'), false);
  assert.equal(pos.has('l::1'), false);
});

test('loadSources: files in order, then yaml:, env: and --set; labels and positions per source', async () => {
  const env = { EXTRA: 'exporters:\n  debug/extra:\n' };
  const out = await loadSources(
    ['base.yaml', 'file:override.yaml', 'yaml:processors::batch::send_batch_size: 10', 'env:EXTRA'],
    ['processors.batch.timeout=5s'],
    ctx(env),
  );
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.labels, [
    'base.yaml',
    'override.yaml',
    'yaml:processors::batch::send_batch_size: 10',
    'env:EXTRA',
    '--set processors.batch.timeout=5s',
  ]);
  const v = out.value as any;
  assert.deepEqual(v.processors.batch, { timeout: '5s', send_batch_size: 10 });
  assert.deepEqual(v.service.pipelines.traces.exporters, ['debug']);
  assert.ok('debug/extra' in v.exporters);
  assert.equal(formatWhere(out.positions.get('receivers::otlp')!), 'base.yaml:2:3');
  assert.equal(formatWhere(out.positions.get('service::pipelines::traces::exporters')!), 'override.yaml:6:7');
  assert.equal(formatWhere(out.positions.get('processors::batch::timeout')!), '--set processors.batch.timeout=5s');
});

test('loadSources problems: no config, missing file, bad --set, non-map YAML, syntax error', async () => {
  assert.deepEqual((await loadSources([], [], ctx())).problems, [{ path: [], message: 'at least one config flag must be provided' }]);
  const out = await loadSources(['missing.yaml', 'yaml:[1, 2]', 'ftp:x', 'bad-syntax.yaml'], ['nope'], ctx());
  const msgs = out.problems.map((p) => p.message);
  assert.deepEqual(msgs.slice(0, 4), [
    'invalid argument "nope" for "--set" flag: missing equal sign',
    'cannot retrieve the configuration: unable to read the file file:missing.yaml: open missing.yaml: no such file or directory',
    'retrieved value (type=[]interface {}) cannot be used as a Conf',
    'unsupported scheme on URI "ftp:x"',
  ]);
  const syntax = out.problems[4]!;
  assert.equal(formatWhere(syntax.at!), 'bad-syntax.yaml:4:1');
});

test('env: source with an unset variable warns and yields an empty config', async () => {
  const warnings: string[] = [];
  const out = await loadSources(['env:NOT_SET'], [], { env: {}, cwd: TESTDATA, warn: (m) => warnings.push(m) });
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.value, {});
  assert.deepEqual(out.warnings, ['Configuration references unset environment variable "NOT_SET"']);
});

test('http(s) config URIs are fetched; non-200 is an error', async (t) => {
  const server = createServer((req, res) => {
    if (req.url === '/c.yaml') res.end('receivers:\n  otlp:\n');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ok = await loadSources([`${base}/c.yaml`], [], ctx());
  assert.deepEqual(ok.value, { receivers: { otlp: null } });
  assert.equal(formatWhere(ok.positions.get('receivers::otlp')!), `${base}/c.yaml:2:3`);
  const bad = await loadSources([`${base}/nope.yaml`], [], ctx());
  assert.deepEqual(
    bad.problems.map((p) => p.message),
    [`cannot retrieve the configuration: failed to load resource from uri "${base}/nope.yaml". status code: 404`],
  );
});
