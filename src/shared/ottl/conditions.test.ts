// OTTL condition semantics of the supported subset (contrib pkg/ottl v0.130.0 compare.go, grammar).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstrumentationScope, KeyValue, KeyValueList, Resource } from '../../pdata/common.js';
import { LogRecord } from '../../pdata/log-model.js';
import { compareValues, compileCondition, type ItemContext } from './conditions.js';

function logCtx(): ItemContext {
  const lr = new LogRecord();
  lr.severityNumber = 13;
  lr.severityText = 'WARN';
  lr.body = new KeyValueList([new KeyValue('msg', 'disk full'), new KeyValue('code', 507n)]);
  lr.attributes = [new KeyValue('n', 3n), new KeyValue('f', 2.5), new KeyValue('ok', true), new KeyValue('s', 'abc')];
  const resource = new Resource();
  resource.attributes = [new KeyValue('service.name', 'api')];
  return { resource, scope: new InstrumentationScope(), log: lr };
}

test('comparisons: nil, mixed numbers, strings, bools, type mismatches', () => {
  assert.equal(compareValues(null, null, '=='), true);
  assert.equal(compareValues(null, null, '<='), true);
  assert.equal(compareValues(null, null, '<'), false);
  assert.equal(compareValues(null, 1n, '!='), true);
  assert.equal(compareValues(null, 1n, '<'), false);
  assert.equal(compareValues(3n, 2.5, '>'), true);
  assert.equal(compareValues(2.5, 3n, '<'), true);
  assert.equal(compareValues('abc', 'abd', '<'), true);
  assert.equal(compareValues(true, true, '>='), false);
  assert.equal(compareValues('1', 1n, '=='), false);
  assert.equal(compareValues('1', 1n, '!='), true);
});

test('conditions: paths, enums, IsMatch on non-strings, precedence of not/and/or', () => {
  const c = logCtx();
  const yes = [
    'severity_number >= SEVERITY_NUMBER_WARN and severity_text == "WARN"',
    'attributes["n"] > 2 and attributes["f"] < 3',
    'attributes["missing"] == nil',
    'IsMatch(attributes["n"], "^3$")',
    'IsMatch(body["msg"], "disk")',
    'body["code"] == 507',
    'IsMatch(body, "\\"code\\":507")',
    'not attributes["ok"] == false',
    'false or true and true',
    'not (false or false)',
    'resource.attributes["service.name"] == "api"',
  ];
  for (const src of yes) assert.equal(compileCondition(src, 'log')(c), true, src);
  const no = [
    'true and false or false',
    'IsMatch(attributes["missing"], ".*")',
    'attributes["s"] > 5',
    'not true',
    'severity_number < SEVERITY_NUMBER_WARN',
  ];
  for (const src of no) assert.equal(compileCondition(src, 'log')(c), false, src);
});
