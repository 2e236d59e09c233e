import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from '../components/registry.js';
import { ConfigError, formatProblems, loadConfig } from './load.js';
import { testFactories, testRegistry } from './test-factories.js';

const TESTDATA = fileURLToPath(new URL('../../src/config/testdata/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'otelcol-validate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** The problems loading `text` produces, as `path: message` lines. */
async function problems(text: string, registry = testRegistry()): Promise<string[]> {
  const p = join(dir, `v${n++}.yaml`);
  writeFileSync(p, text);
  try {
    await loadConfig({ configs: [p], registry, env: {}, cwd: dir });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  }
  return [];
}

const RX = 'receivers:\n  otlp:\n    protocols: {grpc: }\n';
const EX = 'exporters:\n  debug:\n';
const PIPE = 'service:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [debug]}\n';

test('the baseline config used below is valid', async () => {
  assert.deepEqual(await problems(RX + EX + PIPE), []);
});

test('every problem at once, in config order, with file:line:col', async () => {
  const err = await loadConfig({ configs: ['many-errors.yaml'], registry: testRegistry(), env: {}, cwd: TESTDATA }).then(
    () => assert.fail('expected a ConfigError'),
    (e: unknown) => e as ConfigError,
  );
  assert.ok(err instanceof ConfigError);
  const f = 'many-errors.yaml';
  assert.deepEqual(
    err.issues.map((i) => [i.path, i.message, i.where]),
    [
      ['receivers::otlp::protocols::grpc', "'grpc' has invalid keys: bogus", `${f}:6:9`],
      ['receivers::jaeger/', 'in "jaeger/" id: the part after / should not be empty', `${f}:7:3`],
      [
        'receivers::nosuch/x',
        'unknown type: "nosuch" for id: "nosuch/x" (valid values: [fluent_forward fluentforward jaeger loki otlp])',
        `${f}:8:3`,
      ],
      ['processors::batch::timeout', '\'timeout\' time: invalid duration "soon"', `${f}:11:5`],
      ['exporters::loki::endpoint', '"endpoint" must be a valid URL', `${f}:14:5`],
      ['service::extensions', 'references extension "zpages" which is not configured', `${f}:19:23`],
      ['service::pipelines::traces', 'references receiver "missing" which is not configured', `${f}:22:25`],
      ['service::pipelines::traces', 'references processor "batch" multiple times', `${f}:23:27`],
      ['service::pipelines::logs', 'must have at least one exporter', `${f}:25:5`],
      ['', "'' has invalid keys: unknown_section", `${f}:28:1`],
    ],
  );
  assert.equal(err.message, formatProblems(err));
  assert.equal(err.message.split('\n').length, 10);
  assert.equal(err.message.split('\n')[0], `receivers::otlp::protocols::grpc: 'grpc' has invalid keys: bogus (${f}:6:9)`);
});

test('empty configuration file', async () => {
  assert.deepEqual(await problems(PIPE), ['empty configuration file']);
  assert.deepEqual(await problems(''), ['empty configuration file']);
});

test('no receivers / no exporters', async () => {
  assert.deepEqual(await problems(EX + 'service:\n  pipelines:\n    traces: {receivers: [x], exporters: [debug]}\n'), [
    'no receiver configuration specified in config',
    'service::pipelines::traces: references receiver "x" which is not configured',
  ]);
  assert.deepEqual(await problems(RX + 'service:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [y]}\n'), [
    'no exporter configuration specified in config',
    'service::pipelines::traces: references exporter "y" which is not configured',
  ]);
});

test('ambiguous connector IDs', async () => {
  const text = `receivers:\n  otlp:\n    protocols: {grpc: }\n  count:\nexporters:\n  count:\n  debug:\nconnectors:\n  count:\n${PIPE}`;
  const got = await problems(text);
  assert.deepEqual(
    got.filter((l) => l.startsWith('connectors::')),
    [
      'connectors::count: ambiguous ID: Found both "count" exporter and "count" connector. Change one of the components\' IDs to eliminate ambiguity (e.g. rename "count" connector to "count/connector")',
      'connectors::count: ambiguous ID: Found both "count" receiver and "count" connector. Change one of the components\' IDs to eliminate ambiguity (e.g. rename "count" connector to "count/connector")',
    ],
  );
});

test('connectors are accepted as pipeline receivers and exporters', async () => {
  const text = `${RX}${EX}connectors:\n  count:\nexporters:\n  debug:\n  prometheus:\n`;
  const svc =
    'service:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [debug, count]}\n    metrics: {receivers: [count], exporters: [prometheus]}\n';
  assert.deepEqual(await problems(text.replace(EX, '') + svc), []);
});

test('service references: extensions, receivers, processors, exporters; duplicates', async () => {
  const text = `${RX}${EX}extensions:\n  pprof:\nservice:\n  extensions: [pprof, zpages, pprof]\n  pipelines:\n    traces:\n      receivers: [otlp, jaeger/x]\n      processors: [batch]\n      exporters: [debug, otlp/out]\n`;
  assert.deepEqual(await problems(text), [
    'service::extensions: references extension "zpages" which is not configured',
    'service::extensions: references extension "pprof" multiple times',
    'service::pipelines::traces: references receiver "jaeger/x" which is not configured',
    'service::pipelines::traces: references processor "batch" which is not configured',
    'service::pipelines::traces: references exporter "otlp/out" which is not configured',
  ]);
});

test('pipelines: at least one, with receivers and exporters; processors once', async () => {
  assert.deepEqual(await problems(RX + EX), ['service::pipelines: service must have at least one pipeline']);
  assert.deepEqual(await problems(RX + EX + 'service:\n  pipelines: {}\n'), ['service::pipelines: service must have at least one pipeline']);
  assert.deepEqual(await problems(`${RX}${EX}processors:\n  batch:\nservice:\n  pipelines:\n    traces: {processors: [batch, batch]}\n`), [
    'service::pipelines::traces: must have at least one receiver',
    'service::pipelines::traces: must have at least one exporter',
    'service::pipelines::traces: references processor "batch" multiple times',
  ]);
});

test('pipeline IDs: unknown signal, profiles behind its gate, invalid references', async () => {
  const text = `${RX}${EX}service:\n  pipelines:\n    spans: {receivers: [otlp], exporters: [debug]}\n    profiles: {receivers: [otlp], exporters: [debug]}\n    logs: {receivers: [otlp/], exporters: [debug]}\n`;
  assert.deepEqual(await problems(text), [
    'service::pipelines::spans: in "spans" id: unknown pipeline signal: "spans"',
    'service::pipelines: pipeline "profiles": profiling signal support is at alpha level, gated under the "service.profilesSupport" feature gate',
    'service::pipelines::logs: must have at least one receiver',
    'service::pipelines::logs::receivers::0: in "otlp/" id: the part after / should not be empty',
  ]);
});

test('a component must support the pipeline signal', async () => {
  const text = `${RX}  jaeger:\n    protocols: {grpc: }\n${EX}  prometheus:\nservice:\n  pipelines:\n    logs: {receivers: [jaeger, otlp], exporters: [prometheus]}\n`;
  assert.deepEqual(await problems(text), [
    'service::pipelines::logs: receiver "jaeger" does not support logs (supported: traces)',
    'service::pipelines::logs: exporter "prometheus" does not support logs (supported: metrics)',
  ]);
});

test('unknown types list the valid ones; the removed logging exporter has its own message', async () => {
  assert.deepEqual(await problems(`${RX}${EX}processors:\n  nope:\n${PIPE}`), [
    'processors::nope: unknown type: "nope" for id: "nope" (valid values: [attributes batch])',
  ]);
  const noDebug = new Registry(testFactories.filter((f) => f.type !== 'debug'));
  assert.deepEqual(
    await problems(`${RX}exporters:\n  logging:\n  file:\nservice:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [file]}\n`, noDebug),
    ['exporters::logging: the logging exporter has been deprecated, use the debug exporter instead'],
  );
});

test('unknown keys name the path; component validate() issues are prefixed', async () => {
  const text = `receivers:\n  otlp:\n    protocol: {grpc: }\n${EX}${PIPE}`;
  // validate() does not run on a config that failed to decode (its defaults would mislead it).
  assert.deepEqual(await problems(text), ["receivers::otlp: 'otlp' has invalid keys: protocol"]);
  assert.deepEqual(await problems(`receivers:\n  otlp:\n${EX}${PIPE}`), [
    'receivers::otlp::protocols: must specify at least one protocol when using the OTLP receiver',
  ]);
  assert.deepEqual(await problems(`${RX}${EX}${PIPE}  nonsense: 1\n`), ["service: 'service' has invalid keys: nonsense"]);
  assert.deepEqual(await problems(`receivers: [otlp]\n${EX}${PIPE}`), [
    'no receiver configuration specified in config',
    "receivers: 'receivers' expected a map, got 'slice'",
    'service::pipelines::traces: references receiver "otlp" which is not configured',
  ]);
});

test('telemetry: explicit empty readers, views without detailed level', async () => {
  const tel = (body: string) => `${RX}${EX}${PIPE}  telemetry:\n    metrics:\n${body}`;
  assert.deepEqual(await problems(tel('      readers: []\n')), [
    'service::telemetry: collector telemetry metrics reader should exist when metric level is not none',
  ]);
  assert.deepEqual(await problems(tel('      level: none\n      readers: []\n')), []);
  assert.deepEqual(await problems(tel('      views: []\n')), [
    'service::telemetry: service::telemetry::metrics::views can only be set when service::telemetry::metrics::level is detailed',
  ]);
  assert.deepEqual(await problems(tel('      level: detailed\n      views: []\n')), []);
});

test('an expansion error is reported once, without a follow-on decode error', async () => {
  const got = await problems(`${RX}processors:\n  batch:\n    timeout: \${env:1X}\n${EX}${PIPE}`);
  assert.deepEqual(got, ['processors::batch::timeout: environment variable "1X" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$']);
});

test('duplicate keys and syntax errors stop loading with their position', async () => {
  const p = join(dir, 'dup.yaml');
  writeFileSync(p, `${RX}${EX}exporters:\n  file:\n`);
  await assert.rejects(loadConfig({ configs: [p], registry: testRegistry(), env: {} }), (err: ConfigError) => {
    assert.deepEqual(err.issues, [{ path: 'exporters', message: 'mapping key "exporters" already defined at line 4', where: `${p}:6:1` }]);
    return true;
  });
  await assert.rejects(loadConfig({ configs: ['bad-syntax.yaml'], registry: testRegistry(), env: {}, cwd: TESTDATA }), (err: ConfigError) => {
    assert.equal(err.issues.length >= 1, true);
    assert.equal(err.issues[0]!.where, 'bad-syntax.yaml:4:1');
    return true;
  });
});
