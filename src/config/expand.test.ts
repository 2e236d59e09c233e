import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expander, yamlTyped } from './expand.js';
import { DecodeContext, Expanded, s } from '../core/schema.js';

async function expand(value: unknown, env: NodeJS.ProcessEnv = {}, extra: Partial<ConstructorParameters<typeof Expander>[0]> = {}) {
  const ex = new Expander({ env, ...extra });
  const out = await ex.expandTree(value);
  return { out: out as any, ex };
}

test('whole-value forms: ${env:X}, ${X}, with the YAML type and the raw text kept', async () => {
  const env = { PORT: '4317', ZIP: '0123', ON: 'true', NAME: 'svc', LIST: '[a, b]', MAP: '{k: v}' };
  const { out, ex } = await expand({ a: '${env:PORT}', b: '${PORT}', c: '${env:ZIP}', d: '${ON}', e: '${NAME}', f: '${LIST}', g: '${MAP}' }, env);
  assert.deepEqual(out.a, new Expanded(4317, '4317', true));
  assert.deepEqual(out.b, new Expanded(4317, '4317', true));
  assert.deepEqual(out.c, new Expanded(123, '0123', true));
  assert.deepEqual(out.d, new Expanded(true, 'true', true));
  assert.deepEqual(out.e, new Expanded('svc', 'svc', true));
  assert.deepEqual(out.f.value, ['a', 'b']);
  assert.deepEqual(out.g.value, { k: 'v' });
  assert.deepEqual(ex.problems, []);
  // A string field takes the raw text (`0123` stays `0123`), an int field the typed value.
  const ctx = new DecodeContext();
  assert.equal(s.string().decode(out.c, ['zip'], ctx), '0123');
  assert.equal(s.int().decode(out.a, ['port'], ctx), 4317);
  assert.ok(ctx.secrets.has('zip'));
});

test('inline references concatenate as text; the path is still secret', async () => {
  const { out, ex } = await expand({ url: 'http://${env:HOST}:${PORT}/v1', n: 'x${env:N}' }, { HOST: 'h', PORT: '80', N: '{a: 1}' });
  assert.equal(out.url, 'http://h:80/v1');
  assert.equal(out.n, 'x{a: 1}');
  assert.deepEqual([...ex.secrets].sort(), ['n', 'url']);
});

test('defaults: ${env:X:-d} and ${X:-d}; only when unset; split on the first :-', async () => {
  const env = { EMPTY: '', SET: 'v' };
  const { out, ex } = await expand(
    {
      a: '${env:MISSING:-fallback}',
      b: '${MISSING:-8080}',
      c: '${env:EMPTY:-foo}',
      d: '${env:SET:-foo}',
      e: '${env:MISSING:-test:-test}',
      f: '${env:MISSING:-}',
      g: 'x-${MISSING:-y}-z',
    },
    env,
  );
  assert.deepEqual(out.a, new Expanded('fallback', 'fallback', false));
  assert.deepEqual(out.b, new Expanded(8080, '8080', false));
  assert.deepEqual(out.c, new Expanded(null, '', true));
  assert.deepEqual(out.d, new Expanded('v', 'v', true));
  assert.equal(out.e.value, 'test:-test');
  assert.deepEqual(out.f, new Expanded('', '', false));
  assert.equal(out.g, 'x-y-z');
  assert.deepEqual(ex.warnings, []);
  assert.deepEqual([...ex.secrets].sort(), ['c', 'd']);
});

test('unset without default: empty, one warning per variable; strings get "", other fields keep defaults', async () => {
  const { out, ex } = await expand({ a: '${env:NOPE}', b: '${NOPE}', c: 'x${NOPE}y', d: '${OTHER}' });
  assert.deepEqual(out.a, new Expanded(null, '', false));
  assert.equal(out.c, 'xy');
  assert.deepEqual(ex.warnings, [
    'Configuration references unset environment variable "NOPE"',
    'Configuration references unset environment variable "OTHER"',
  ]);
  const ctx = new DecodeContext();
  assert.equal(s.string('def').decode(out.a, ['a'], ctx), '');
  assert.equal(s.duration(200).decode(out.b, ['b'], ctx), 200);
  assert.equal(s.int(7).decode(out.b, ['b'], ctx), 7);
});

// The table of core confmap/internal/e2e/testdata/expand-escaped-env.yaml (default scheme env).
test('escaping and nesting match the Go e2e expectations', async () => {
  const V = 'some expanded value';
  const env = {
    ENV_VALUE: V,
    ENV_LIST: "['$$ESCAPE_ME','$${ESCAPE_ME}','$${env:ESCAPE_ME}']",
    ENV_MAP: "{'key1':'$$ESCAPE_ME','key2':'$${ESCAPE_ME}','key3':'$${env:ESCAPE_ME}'}",
    ENV_NESTED_DOLLARSIGN: 'here is 1 $$',
    ENV_NESTED_DOLLARSIGN_ESCAPED: 'here are 2 $$$',
    ENV_EXPAND_NESTED: '${env:ENV_VALUE} came from nested expansion',
  };
  const cases: Array<[string, unknown]> = [
    ['$$ENV_VALUE', '$ENV_VALUE'],
    ['$$$$ENV_VALUE', '$$ENV_VALUE'],
    ['$$${ENV_VALUE}', `$${V}`],
    ['some${ENV_VALUE}text', `some${V}text`],
    ['some$${ENV_VALUE}text', 'some${ENV_VALUE}text'],
    ['$${ONE}$${TWO}', '${ONE}${TWO}'],
    ['text$$', 'text$'],
    ['$$', '$'],
    ['$${1}$${env:2}', '${1}${env:2}'],
    ['some$${env:ENV_VALUE}text', 'some${env:ENV_VALUE}text'],
    ['$${env:${ENV_VALUE}}', `\${env:${V}}`],
    ['$${env:$${ENV_VALUE}}', '${env:${ENV_VALUE}}'],
    ['env:MAP_VALUE_2}$${ENV_VALUE}{', 'env:MAP_VALUE_2}${ENV_VALUE}{'],
    ['$$${env:ENV_VALUE}', `$${V}`],
    ['$ENV_VALUE', '$ENV_VALUE'],
    ['${env:ENV_LIST}', ['$ESCAPE_ME', '${ESCAPE_ME}', '${env:ESCAPE_ME}']],
    ['${env:ENV_MAP}', { key1: '$ESCAPE_ME', key2: '${ESCAPE_ME}', key3: '${env:ESCAPE_ME}' }],
    ['${env:ENV_NESTED_DOLLARSIGN}', 'here is 1 $'],
    ['${env:ENV_NESTED_DOLLARSIGN_ESCAPED}', 'here are 2 $$'],
    ['${env:ENV_EXPAND_NESTED}', `${V} came from nested expansion`],
    ['${env:UNDEFINED_KEY:-default_value}', 'default_value'],
    // Differs from Go on purpose (see expand.ts): the escaped default is the literal default.
    ['${env:UNDEFINED_KEY:-$${env:UNDEFINED_KEY}}', '${env:UNDEFINED_KEY}'],
    // Go's scanner would stop at the escaped first reference and leave the second unexpanded.
    ['$${env:A}-${env:ENV_VALUE}', `\${env:A}-${V}`],
    ['${unclosed', '${unclosed'],
    ['a ${b', 'a ${b'],
  ];
  for (const [input, want] of cases) {
    const { out, ex } = await expand({ v: input }, env);
    const got = out.v instanceof Expanded ? out.v.value : out.v;
    assert.deepEqual(got, want, input);
    assert.deepEqual(ex.problems, [], input);
  }
});

test('nested references expand inside out', async () => {
  const { out } = await expand({ v: '${env:${env:WHICH}}', w: '${${WHICH}:-no}' }, { WHICH: 'TARGET', TARGET: 'hit' });
  assert.equal(out.v.value, 'hit');
  assert.equal(out.w.value, 'hit');
});

test('errors use the Go messages and leave the value unexpanded', async () => {
  const { out, ex } = await expand({
    a: '${env:1BAD}',
    b: '${env:A-B}',
    c: '${foo:bar}',
    d: '${VAR:-x}x${http:y}',
    e: '${env:A$B}',
    f: '${_x:y}',
  });
  assert.equal(out.a, '${env:1BAD}');
  assert.deepEqual(
    ex.problems.map((p) => [p.path.join('::'), p.message]),
    [
      ['a', 'environment variable "1BAD" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$'],
      ['b', 'environment variable "A-B" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$'],
      ['c', 'scheme "foo" is not supported for uri "foo:bar"'],
      ['d', 'scheme "http" is not supported for uri "http:y"'],
      ['e', `the uri "env:A$B" contains unsupported characters ('$')`],
      ['f', 'invalid uri: "_x:y"'],
    ],
  );
});

test('self-reference stops with "too many recursive expansions"', async () => {
  const { ex } = await expand({ loop: '${env:LOOP}' }, { LOOP: '${env:LOOP}' });
  assert.deepEqual(ex.problems, [{ path: ['loop'], message: 'too many recursive expansions' }]);
});

test('keys are not expanded; lists and nested maps are', async () => {
  const { out } = await expand({ '${env:K}': ['${env:K}', { x: '${K}' }] }, { K: 'k' });
  assert.deepEqual(Object.keys(out), ['${env:K}']);
  assert.equal(out['${env:K}'][0].value, 'k');
  assert.equal(out['${env:K}'][1].x.value, 'k');
});

test('embedded providers go through retrieve(); file content is secret, yaml is not', async () => {
  const seen: string[] = [];
  const { out, ex } = await expand(
    { a: '${file:/run/secrets/pw}', b: '${yaml:[1, 2]}', c: 'p=${file:/x}' },
    {},
    {
      schemes: new Set(['file', 'yaml']),
      retrieve: async (scheme, opaque) => {
        seen.push(`${scheme}|${opaque}`);
        return { text: scheme === 'yaml' ? opaque : 's3cret\n', secret: scheme !== 'yaml' };
      },
    },
  );
  assert.deepEqual(seen, ['file|/run/secrets/pw', 'yaml|[1, 2]', 'file|/x']);
  assert.equal(out.a.raw, 's3cret\n');
  assert.equal(out.a.value, 's3cret\n');
  assert.deepEqual(out.b.value, [1, 2]);
  assert.equal(out.c, 'p=s3cret\n');
  assert.deepEqual([...ex.secrets].sort(), ['a', 'c']);
});

test('yamlTyped follows NewRetrievedFromYAML: strings keep their exact bytes, invalid YAML is text', () => {
  assert.deepEqual(yamlTyped('"quoted"'), { value: '"quoted"', raw: '"quoted"' });
  assert.deepEqual(yamlTyped('12'), { value: 12, raw: '12' });
  assert.deepEqual(yamlTyped('a: [1'), { value: 'a: [1', raw: 'a: [1' });
  assert.deepEqual(yamlTyped(''), { value: null, raw: '' });
});

test("a prometheus receiver's inline config keeps Prometheus's own $1 and ${1}; only ${env:…} expands there", async () => {
  const relabel = { replacement: '${1}', target_label: '$1', source: '$$1', host: '${env:HOST}', mixed: '${1}/${env:HOST}/$2', bare: '${h}' };
  const cfg = { receivers: { prometheus: { config: { scrape_configs: [{ relabel_configs: [relabel] }] } }, 'prometheus/b': { config: relabel } } };
  const { out, ex } = await expand(cfg, { HOST: 'nas' });
  for (const got of [out.receivers.prometheus.config.scrape_configs[0].relabel_configs[0], out.receivers['prometheus/b'].config]) {
    assert.equal(got.replacement, '${1}');
    assert.equal(got.target_label, '$1');
    assert.equal(got.source, '$1');
    assert.equal(got.host.value, 'nas');
    assert.equal(got.mixed, '${1}/nas/$2');
    assert.equal(got.bare, '${h}');
  }
  assert.deepEqual(ex.problems, []);
  assert.deepEqual(ex.warnings, []);
  // Everywhere else `${1}` is still an (invalid) environment reference, as in Go.
  const other = await expand({ processors: { attributes: { config: { v: '${1}' } } } });
  assert.equal(other.ex.problems.length, 1);
});
