// anyValueToString against what Go's pcommon.Value.AsString (pdata v1.36, otelcol-contrib v0.130.0)
// produced. The expected strings are copied from the reference collector's output recorded in
// src/components/processors/testdata/golden/as_string.logs.json (attributes `convert` to string
// calls AsString); the golden test runs the same case end to end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue, KeyValueList, type AnyValue } from './common.js';
import { anyValueToString } from './value-string.js';

const map = (entries: Array<[string, AnyValue]>) => new KeyValueList(entries.map(([k, v]) => new KeyValue(k, v)));

test('maps and slices: encoding/json with HTML escaping, keys in UTF-8 byte order (Go output)', () => {
  const m = map([
    ['b', 'a&b<c>'],
    ['A', 1n],
    ['a<', [true, null]],
    ['\u{E000}', 'x'],
    ['\u{1F600}', 'y'],
  ]);
  assert.equal(anyValueToString(m), '{"A":1,"a\\u003c":[true,null],"b":"a\\u0026b\\u003cc\\u003e","\u{E000}":"x","\u{1F600}":"y"}');
  const list: AnyValue = ['<tag>', 1.5e-7, 1e21, -0, 2n, 2, map([['&', '&']])];
  assert.equal(anyValueToString(list), '["\\u003ctag\\u003e",1.5e-7,1e+21,-0,2,2,{"\\u0026":"\\u0026"}]');
});

test('NaN/±Inf: the JSON error text for a double, "" when inside a map or slice (Go output)', () => {
  assert.equal(anyValueToString(map([['x', Number.NaN]])), '');
  assert.equal(anyValueToString([1n, Number.POSITIVE_INFINITY]), '');
  assert.equal(anyValueToString(Number.POSITIVE_INFINITY), 'json: unsupported value: +Inf');
  assert.equal(anyValueToString(Number.NEGATIVE_INFINITY), 'json: unsupported value: -Inf');
  assert.equal(anyValueToString(Number.NaN), 'json: unsupported value: NaN');
  assert.equal(anyValueToString(0.000001), '0.000001');
  assert.equal(anyValueToString('<kept>'), '<kept>');
});

test('a later duplicate key wins; U+2028/2029 and invalid UTF-8 (U+FFFD) escaped; bytes base64', () => {
  assert.equal(
    anyValueToString(
      map([
        ['k', 1n],
        ['k', 2n],
      ]),
    ),
    '{"k":2}',
  );
  assert.equal(
    anyValueToString(['a\u2028b\u2029', 'bad\uFFFD', 'lone\uD800', 'tab\t\u0001']),
    '["a\\u2028b\\u2029","bad\\ufffd","lone\\ufffd","tab\\t\\u0001"]',
  );
  assert.equal(anyValueToString(new Uint8Array([0xff, 0x00, 0x3c])), '/wA8');
  assert.equal(anyValueToString([new Uint8Array([0xff, 0x00, 0x3c])]), '["/wA8"]');
  assert.equal(anyValueToString(null), '');
  assert.equal(anyValueToString(-0), '-0');
});
