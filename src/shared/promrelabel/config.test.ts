// Validation messages are Prometheus's (model/relabel/relabel.go Validate, relabel_test.go
// TestRelabelValidate and TestTargetLabelValidity, config/testdata/*.bad.yml).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRelabelRule, parseRelabelRules, RelabelConfigError } from './config.js';

function rejects(raw: Record<string, unknown>, message: string): void {
  assert.throws(
    () => parseRelabelRule(raw),
    (err: unknown) => {
      assert.ok(err instanceof RelabelConfigError, String(err));
      assert.equal(err.message, message);
      return true;
    },
  );
}

test('relabel config: defaults are action replace, separator ;, regex (.*), replacement $1', () => {
  const r = parseRelabelRule({ source_labels: ['a'], target_label: 'b' });
  assert.equal(r.action, 'replace');
  assert.equal(r.separator, ';');
  assert.equal(r.regexSource, '(.*)');
  assert.equal(r.regexIsDefault, true);
  assert.equal(r.replacement, '$1');
  assert.equal(r.modulus, 0n);
});

test('relabel config: Prometheus error messages', () => {
  rejects({ action: 'replace' }, "relabel configuration for replace action requires 'target_label' value");
  rejects({ action: 'lowercase' }, "relabel configuration for lowercase action requires 'target_label' value");
  rejects({ action: 'lowercase', target_label: '${3}' }, `"\${3}" is invalid 'target_label' for lowercase action`);
  rejects(
    { source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${1}', target_label: '0${3}' },
    `"0\${3}" is invalid 'target_label' for replace action`,
  );
  rejects(
    { source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${1}', target_label: '-${3}' },
    `"-\${3}" is invalid 'target_label' for replace action`,
  );
  rejects({ target_label: 'foo-bar' }, `"foo-bar" is invalid 'target_label' for replace action`);
  rejects({ action: 'hashmod', target_label: 'x' }, 'relabel configuration for hashmod requires non-zero modulus');
  rejects({ action: 'hashmod', modulus: 8 }, "relabel configuration for hashmod action requires 'target_label' value");
  rejects({ action: 'uppercase', target_label: 'x', replacement: 'y' }, "'replacement' can not be set for uppercase action");
  rejects({ action: 'labelmap', replacement: 'not-valid' }, `"not-valid" is invalid 'replacement' for labelmap action`);
  rejects(
    { action: 'keepequal', target_label: 'x', regex: '(.*)' },
    "keepequal action requires only 'source_labels' and `target_label`, and no other fields",
  );
  rejects(
    { action: 'dropequal', target_label: 'x', separator: ',' },
    "dropequal action requires only 'source_labels' and `target_label`, and no other fields",
  );
  rejects({ action: 'labeldrop', regex: 'a', source_labels: ['b'] }, "labeldrop action requires only 'regex', and no other fields");
  rejects({ action: 'labelkeep', regex: 'a', replacement: 'x' }, "labelkeep action requires only 'regex', and no other fields");
  rejects({ action: 'explode' }, 'unknown relabel action "explode"');
  rejects({ action: '' }, 'unknown relabel action ""');
  rejects({ source_labels: ['a-b'], target_label: 'x' }, '"a-b" is not a valid label name');
  rejects({ target_label: 'x', bogus: 1 }, 'field bogus not found in type relabel.plain');
  rejects({ target_label: 'x', regex: '(' }, 'error parsing regexp: missing closing ): `^(?s:()$`');
});

test('relabel config: action names are case-insensitive', () => {
  assert.equal(parseRelabelRule({ action: 'LabelDrop', regex: 'x' }).action, 'labeldrop');
});

test('relabel config: target labels with variables (TestTargetLabelValidity)', () => {
  const valid: Record<string, boolean> = {
    '-label': false,
    label: true,
    'label${1}': true,
    '${1}label': true,
    '${1}': true,
    '${': false,
    $: false,
    '${}': false,
    'foo${': false,
    $1: true,
    asd$2asd: true,
    '-foo${1}bar-': false,
    '_${1}_': true,
    'foo${bar}foo': true,
  };
  for (const [target, ok] of Object.entries(valid)) {
    const parse = (): unknown => parseRelabelRule({ source_labels: ['a'], target_label: target });
    if (ok) assert.doesNotThrow(parse, target);
    else assert.throws(parse, RelabelConfigError, target);
  }
});

test('relabel config: scalars are read as their text, a list entry error names its index', () => {
  assert.equal(parseRelabelRule({ source_labels: ['a'], target_label: 'port', replacement: 9115 }).replacement, '9115');
  assert.equal(
    parseRelabelRule({ action: 'hashmod', source_labels: ['a'], target_label: 't', modulus: '18446744073709551615' }).modulus,
    18446744073709551615n,
  );
  assert.throws(
    () => parseRelabelRules([{ target_label: 'ok' }, { action: 'keep', regex: '[' }]),
    (err: unknown) => err instanceof RelabelConfigError && err.path[0] === 1 && err.path[1] === 'regex',
  );
});
