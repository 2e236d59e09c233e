// Expected values are Prometheus's own (model/relabel/relabel_test.go TestRelabel), plus the
// user's blackbox job from seed-setup.md §1.3.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRelabelRules } from './config.js';
import { relabel } from './relabel.js';
import type { Label } from './labels.js';

const L = (o: Record<string, string>): Label[] => Object.entries(o).map(([name, value]) => ({ name, value }));
const asMap = (ls: Label[] | null): Record<string, string> | null => (ls === null ? null : Object.fromEntries(ls.map((l) => [l.name, l.value])));

interface Case {
  name: string;
  input: Record<string, string>;
  rules: Record<string, unknown>[];
  output: Record<string, string> | null;
}

const cases: Case[] = [
  {
    name: 'replace with ${1}',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ source_labels: ['a'], regex: 'f(.*)', target_label: 'd', replacement: 'ch${1}-ch${1}' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: 'choo-choo' },
  },
  {
    name: 'two sources, chained rules',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [
      { source_labels: ['a', 'b'], regex: 'f(.*);(.*)r', target_label: 'a', replacement: 'b${1}${2}m' },
      { source_labels: ['c', 'a'], regex: '(b).*b(.*)ba(.*)', target_label: 'd', replacement: '$1$2$2$3' },
    ],
    output: { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
  },
  {
    name: 'drop stops the run',
    input: { a: 'foo' },
    rules: [
      { source_labels: ['a'], regex: '.*o.*', action: 'drop' },
      { source_labels: ['a'], regex: 'f(.*)', target_label: 'd', replacement: 'ch$1-ch$1' },
    ],
    output: null,
  },
  { name: 'drop on match', input: { a: 'foo', b: 'bar' }, rules: [{ source_labels: ['a'], regex: '.*o.*', action: 'drop' }], output: null },
  {
    name: 'group inside anchored match',
    input: { a: 'abc' },
    rules: [{ source_labels: ['a'], regex: '.*(b).*', target_label: 'd', replacement: '$1' }],
    output: { a: 'abc', d: 'b' },
  },
  { name: 'drop without match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'no-match', action: 'drop' }], output: { a: 'foo' } },
  {
    name: 'regex is anchored (f|o is not foo)',
    input: { a: 'foo' },
    rules: [{ source_labels: ['a'], regex: 'f|o', action: 'drop' }],
    output: { a: 'foo' },
  },
  { name: 'keep without match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'no-match', action: 'keep' }], output: null },
  { name: 'keep on match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'f.*', action: 'keep' }], output: { a: 'foo' } },
  {
    name: 'no replacement without match',
    input: { a: 'boo' },
    rules: [{ source_labels: ['a'], regex: 'f', target_label: 'b', replacement: 'bar' }],
    output: { a: 'boo' },
  },
  {
    name: 'hashmod md5',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ source_labels: ['c'], target_label: 'd', action: 'hashmod', modulus: 1000 }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  },
  {
    name: 'hashmod over a newline',
    input: { a: 'foo\nbar' },
    rules: [{ source_labels: ['a'], target_label: 'b', action: 'hashmod', modulus: 1000 }],
    output: { a: 'foo\nbar', b: '734' },
  },
  {
    name: 'labelmap',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' }],
    output: { a: 'foo', b1: 'bar', b2: 'baz', bar_b1: 'bar', bar_b2: 'baz' },
  },
  {
    name: 'labelmap of __meta_',
    input: { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc' },
    rules: [{ regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' }],
    output: { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc', my_bar: 'aaa', my_baz: 'bbb' },
  },
  {
    name: 'templated target label',
    input: { a: 'some-name-value' },
    rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${2}', target_label: '${1}' }],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'replacement expanding to empty sets nothing',
    input: { a: 'some-name-value' },
    rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${3}', target_label: '${1}' }],
    output: { a: 'some-name-value' },
  },
  {
    name: 'target expanding to an invalid name is skipped',
    input: { a: 'some-name-0' },
    rules: [
      { source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${1}', target_label: '${3}' },
      { source_labels: ['a'], regex: 'some-([^-]+)(-[^,]+)', replacement: '${1}', target_label: '${3}' },
    ],
    output: { a: 'some-name-0' },
  },
  {
    name: 'real-life tags',
    input: { __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar' },
    rules: [
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)path:(/[^,]+).*', replacement: '${1}', target_label: '__metrics_path__' },
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)job:([^,]+).*', replacement: '${1}', target_label: 'job' },
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', replacement: '${2}', target_label: '${1}' },
    ],
    output: { __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar', __metrics_path__: '/secret', job: 'some-job', foo: 'bar' },
  },
  {
    name: 'prometheus issue 12283: labeldrop then re-set then keep',
    input: { __meta_kubernetes_pod_container_port_name: 'foo', __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091' },
    rules: [
      { regex: '^__meta_kubernetes_pod_container_port_name$', action: 'labeldrop' },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_XXX_metrics_port'],
        regex: '(.+)',
        replacement: 'metrics',
        target_label: '__meta_kubernetes_pod_container_port_name',
      },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: '^metrics$', action: 'keep' },
    ],
    output: { __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091', __meta_kubernetes_pod_container_port_name: 'metrics' },
  },
  {
    name: 'labelkeep',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [{ regex: '(b.*)', action: 'labelkeep' }],
    output: { b1: 'bar', b2: 'baz' },
  },
  { name: 'labeldrop', input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', action: 'labeldrop' }], output: { a: 'foo' } },
  {
    name: 'upper and lower case',
    input: { foo: 'bAr123Foo' },
    rules: [
      { source_labels: ['foo'], action: 'uppercase', target_label: 'foo_uppercase' },
      { source_labels: ['foo'], action: 'lowercase', target_label: 'foo_lowercase' },
    ],
    output: { foo: 'bAr123Foo', foo_lowercase: 'bar123foo', foo_uppercase: 'BAR123FOO' },
  },
  {
    name: 'keepequal keeps',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [{ source_labels: ['__tmp_port'], action: 'keepequal', target_label: '__port1' }],
    output: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
  },
  {
    name: 'dropequal drops',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [{ source_labels: ['__tmp_port'], action: 'dropequal', target_label: '__port1' }],
    output: null,
  },
  {
    name: 'dropequal keeps',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [{ source_labels: ['__tmp_port'], action: 'DropEqual', target_label: '__port2' }],
    output: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
  },
  {
    name: 'keepequal drops',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [{ source_labels: ['__tmp_port'], action: 'keepequal', target_label: '__port2' }],
    output: null,
  },
  // Beyond Prometheus's table: behaviours that follow from its code.
  {
    name: 'default regex fast path: empty source sets the literal replacement',
    input: { a: 'x' },
    rules: [{ target_label: '__address__', replacement: 'blackbox-exporter:9115' }],
    output: { a: 'x', __address__: 'blackbox-exporter:9115' },
  },
  {
    name: 'replace to empty deletes the target',
    input: { b: 'x' },
    rules: [{ source_labels: ['a'], regex: '(.*)', target_label: 'b' }],
    output: {},
  },
  {
    name: 'separator and missing source labels',
    input: { a: 'x' },
    rules: [{ source_labels: ['a', 'missing', 'a'], separator: '/', target_label: 'joined' }],
    output: { a: 'x', joined: 'x//x' },
  },
  {
    name: 'named groups and $$',
    input: { a: 'host:9100' },
    rules: [{ source_labels: ['a'], regex: '(?P<host>[^:]+):(?P<port>\\d+)', target_label: 'hp', replacement: '$${host}=${host},$port' }],
    output: { a: 'host:9100', hp: '${host}=host,9100' },
  },
  {
    name: '$1x is group "1x", which does not exist (Go Expand)',
    input: { a: 'foo' },
    rules: [{ source_labels: ['a'], regex: '(f)oo', target_label: 'b', replacement: '$1x-${1}x' }],
    output: { a: 'foo', b: '-fx' },
  },
  {
    name: 'dot matches newline (anchored as ^(?s:…)$)',
    input: { a: 'foo\nbar' },
    rules: [{ source_labels: ['a'], regex: 'foo.bar', action: 'keep' }],
    output: { a: 'foo\nbar' },
  },
  {
    name: 'labelmap collision: the later label in name order wins',
    input: { x_a: '1', y_a: '2' },
    rules: [{ regex: '[xy]_(.*)', replacement: '$1', action: 'labelmap' }],
    output: { x_a: '1', y_a: '2', a: '2' },
  },
];

for (const c of cases) {
  test(`relabel: ${c.name}`, () => {
    const rules = parseRelabelRules(c.rules);
    const out = relabel(L(c.input), rules);
    const expected = c.output === null ? null : Object.fromEntries(Object.entries(c.output).filter(([, v]) => v !== ''));
    assert.deepEqual(asMap(out), expected);
    if (out !== null)
      assert.deepEqual(
        out.map((l) => l.name),
        [...out.map((l) => l.name)].sort(),
        'output sorted by name',
      );
  });
}

// seed-setup.md §1.3, job "blackbox": pinghosts.yaml targets are `host;name;routing` strings.
const blackbox = [
  { source_labels: ['__address__'], regex: '(.*);(.*);(.*)', target_label: 'instance', replacement: '$1' },
  { source_labels: ['__address__'], regex: '(.*);(.*);(.*)', target_label: 'humanname', replacement: '$2' },
  { source_labels: ['__address__'], regex: '(.*);(.*);(.*)', target_label: 'routing', replacement: '$3' },
  { source_labels: ['instance'], target_label: '__param_target' },
  { target_label: '__address__', replacement: 'blackbox-exporter:9115' },
];

test("relabel: the user's blackbox rules split host;name;routing", () => {
  const out = relabel(L({ __address__: 'https://heinrichhartmann.com;Homepage;external', job: 'blackbox' }), parseRelabelRules(blackbox));
  assert.deepEqual(asMap(out), {
    __address__: 'blackbox-exporter:9115',
    __param_target: 'https://heinrichhartmann.com',
    humanname: 'Homepage',
    instance: 'https://heinrichhartmann.com',
    job: 'blackbox',
    routing: 'external',
  });
});

test('relabel: the blackbox rules leave a plain address unsplit (no match, no replacement)', () => {
  const out = relabel(L({ __address__: 'example.org', instance: 'example.org' }), parseRelabelRules(blackbox));
  assert.deepEqual(asMap(out), { __address__: 'blackbox-exporter:9115', __param_target: 'example.org', instance: 'example.org' });
});
