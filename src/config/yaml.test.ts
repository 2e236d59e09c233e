import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { YamlFloat } from '../core/schema.js';
import { formatWhere, parseYaml } from './yaml.js';

const SEED = new URL('../../../shared/seed/otel-collector-config.yaml', import.meta.url);

function where(text: string, path: string): string | undefined {
  const p = parseYaml(text, { label: 'c.yaml' }).positions.get(path);
  return p && formatWhere(p);
}

test('seed quirks parse: 5-space block, quoted key with space before colon, comments after nulls, ${} scalars', () => {
  const text = readFileSync(SEED, 'utf8');
  const { value, problems, positions } = parseYaml(text, { label: 'seed.yaml' });
  assert.deepEqual(problems, []);
  const v = value as any;
  assert.equal(v.exporters['otlp/ls'].endpoint, 'ingest.lightstep.com:443');
  assert.deepEqual(v.exporters['otlp/ls'].headers, { 'lightstep-access-token': '${env:LIGHTSTEP_TOKEN}' });
  assert.equal(v.exporters['loki/grafanacloud'].endpoint, '${env:GRAFANA_CLOUD_LOKI_URL}');
  assert.deepEqual(v.receivers.otlp.protocols, { grpc: null, http: null });
  assert.deepEqual(v.receivers.jaeger.protocols, { thrift_compact: null, thrift_http: null });
  assert.equal(v.extensions['basicauth/otlp'].client_auth.username, 447801);
  assert.equal(v.extensions.health_check, null);
  assert.equal(v.processors['attributes/fluent_docker'].actions[1].pattern, '^[/](?P<container_name>.*)$');
  assert.deepEqual(v.service.extensions, ['health_check', 'pprof', 'zpages', 'basicauth/otlp']);
  const at = (p: string) => formatWhere(positions.get(p)!);
  assert.equal(at('exporters::otlp/ls::headers::lightstep-access-token'), 'seed.yaml:105:8');
  assert.equal(at('receivers::otlp::protocols::grpc'), 'seed.yaml:15:7');
  assert.equal(at('service::extensions::3'), 'seed.yaml:108:45');
});

test('positions are recorded for keys and list items, 1-based', () => {
  const text = 'a:\n  b:\n    - x\n    - y: 1\n';
  assert.equal(where(text, 'a'), 'c.yaml:1:1');
  assert.equal(where(text, 'a::b'), 'c.yaml:2:3');
  assert.equal(where(text, 'a::b::1'), 'c.yaml:4:7');
  assert.equal(where(text, 'a::b::1::y'), 'c.yaml:4:7');
});

test('core-schema scalar typing', () => {
  const { value } = parseYaml('i: 447801\nf: 1.5\nb: true\ny: yes\nn: ~\ne:\nh: 0x1f\ns: "0123"\nd: 2001-12-14\n', { label: 'x' });
  assert.deepEqual(value, { i: 447801, f: 1.5, b: true, y: 'yes', n: null, e: null, h: 31, s: '0123', d: '2001-12-14' });
});

test('number kinds a JS number would lose are marked: integral floats, ints beyond 2^53', () => {
  const { value } = parseYaml(
    'a: 1.0\nb: 1e3\nc: 9007199254740993\nd: 2\ne: .inf\nf: 1.5\ng: 18446744073709551615\ni: 123456789012345678901234567890\n',
    { label: 'x' },
  );
  // yaml.v3 (Go): an int beyond int64 is a uint64, beyond uint64 a float64.
  assert.deepEqual(value, {
    a: new YamlFloat(1),
    b: new YamlFloat(1000),
    c: 9007199254740993n,
    d: 2,
    e: Infinity,
    f: 1.5,
    g: 18446744073709551615n,
    i: new YamlFloat(Number('123456789012345678901234567890')),
  });
});

test('duplicate keys are an error naming both lines', () => {
  const { problems } = parseYaml('a: 1\nb: 2\na: 3\n', { label: 'c.yaml' });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.message, 'mapping key "a" already defined at line 1');
  assert.equal(formatWhere(problems[0]!.at!), 'c.yaml:3:1');
  assert.deepEqual(problems[0]!.path, ['a']);
});

test('syntax errors carry file:line:col', () => {
  const { problems, value } = parseYaml('a: 1\nb:\n  c: [1, 2\n', { label: 'bad.yaml' });
  assert.ok(problems.length >= 1);
  assert.match(formatWhere(problems[0]!.at!), /^bad\.yaml:\d+:\d+$/);
  assert.equal(value, null);
  const tabs = parseYaml('a:\n\tb: 1\n', { label: 'tabs.yaml' });
  assert.ok(tabs.problems.length >= 1);
  assert.equal(formatWhere(tabs.problems[0]!.at!).startsWith('tabs.yaml:2:'), true);
});

test('anchors, aliases and << merge keys (explicit keys win)', () => {
  const text = 'base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nlist: [*b]\n';
  const { value, problems } = parseYaml(text, { label: 'x' });
  assert.deepEqual(problems, []);
  assert.deepEqual((value as any).other, { y: 3, x: 1 });
  assert.deepEqual((value as any).list, [{ x: 1, y: 2 }]);
  const bad = parseYaml('a: *nope\n', { label: 'x' });
  assert.equal(bad.problems[0]!.message, "unknown anchor 'nope' referenced");
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++)
    laughs.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  const bomb = parseYaml(laughs.join('\n'), { label: 'x' });
  assert.deepEqual(
    bomb.problems.map((p) => p.message),
    ['document contains excessive aliasing'],
  );
  const cyclic = parseYaml('a: &a [*a]\n', { label: 'x' });
  assert.deepEqual(
    cyclic.problems.map((p) => p.message),
    ['document contains excessive aliasing'],
  );
});

test('`::` in keys nests (Go confmap key delimiter), not inside lists', () => {
  const { value, positions } = parseYaml('processors::batch::timeout: 2s\nprocessors:\n  batch::send_batch_size: 5\nl:\n  - a::b: 1\n', {
    label: 'x',
    unflatten: true,
  });
  assert.deepEqual(value, { processors: { batch: { timeout: '2s', send_batch_size: 5 } }, l: [{ 'a::b': 1 }] });
  assert.ok(positions.has('processors::batch::timeout'));
  assert.ok(positions.has('processors::batch'));
});

test('only the first document is read; empty text is null; __proto__ is a plain key', () => {
  assert.deepEqual(parseYaml('a: 1\n---\nb: 2\n', { label: 'x' }).value, { a: 1 });
  assert.equal(parseYaml('', { label: 'x' }).value, null);
  assert.equal(parseYaml('# nothing\n', { label: 'x' }).value, null);
  const v = parseYaml('__proto__: {polluted: true}\n', { label: 'x' }).value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__']);
  assert.equal(({} as any).polluted, undefined);
});
