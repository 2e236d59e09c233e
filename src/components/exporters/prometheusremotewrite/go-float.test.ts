// Go's strconv.FormatFloat(v, 'f', -1, 64) for `le` and `quantile` values; expectations are Go's output.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goFormatFloatF } from './go-float.js';

test("goFormatFloatF matches Go's 'f' formatting with the shortest precision", () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [0.5, '0.5'],
    [0.005, '0.005'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [2.5, '2.5'],
    [1e21, '1000000000000000000000'],
    [1.25e22, '12500000000000000000000'],
    [123456.789, '123456.789'],
    [-0.25, '-0.25'],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ];
  for (const [v, want] of cases) assert.equal(goFormatFloatF(v), want, String(v));
});
