import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloatF, formatFloatV, formatTimestamp, padRight } from './gofmt.js';

test('timestamps print like Go time.Time.String in UTC', () => {
  assert.equal(formatTimestamp(0n), '1970-01-01 00:00:00 +0000 UTC');
  assert.equal(formatTimestamp(1_581_452_772_000_000_321n), '2020-02-11 20:26:12.000000321 +0000 UTC');
  assert.equal(formatTimestamp(1_744_879_244_555_461_596n), '2025-04-17 08:40:44.555461596 +0000 UTC');
  assert.equal(formatTimestamp(1_500_000_000_500_000_000n), '2017-07-14 02:40:00.5 +0000 UTC');
  // A uint64 above int64's range reads as a negative int64, as Go's conversion does.
  assert.equal(formatTimestamp(2n ** 64n - 1n), '1969-12-31 23:59:59.999999999 +0000 UTC');
});

test('%f prints six decimals with Go rounding', () => {
  assert.equal(formatFloatF(1.23), '1.230000');
  assert.equal(formatFloatF(15), '15.000000');
  assert.equal(formatFloatF(-0.707106781), '-0.707107');
  assert.equal(formatFloatF(0), '0.000000');
  assert.equal(formatFloatF(-0), '-0.000000');
  // 2^-7 = 0.0078125 is an exact tie: Go rounds to even, toFixed would round up.
  assert.equal(formatFloatF(0.0078125), '0.007812');
  assert.equal(formatFloatF(0.0234375), '0.023438');
  assert.equal(formatFloatF(1e21), '1000000000000000000000.000000');
  assert.equal(formatFloatF(NaN), 'NaN');
  assert.equal(formatFloatF(Infinity), '+Inf');
  assert.equal(formatFloatF(-Infinity), '-Inf');
});

test('%v prints the shortest digits, exponent form from 1e+06 and below 1e-04', () => {
  assert.equal(formatFloatV(123.456), '123.456');
  assert.equal(formatFloatV(123456), '123456');
  assert.equal(formatFloatV(1e6), '1e+06');
  assert.equal(formatFloatV(1234567), '1.234567e+06');
  assert.equal(formatFloatV(0.0001), '0.0001');
  assert.equal(formatFloatV(0.00001), '1e-05');
  assert.equal(formatFloatV(-2.5e-300), '-2.5e-300');
  assert.equal(formatFloatV(1e100), '1e+100');
  assert.equal(formatFloatV(0), '0');
  assert.equal(formatFloatV(-0), '-0');
  assert.equal(formatFloatV(0.01), '0.01');
  assert.equal(formatFloatV(Infinity), '+Inf');
});

test('padRight pads like %-15s and never truncates', () => {
  assert.equal(padRight('ID', 15), 'ID             ');
  assert.equal(padRight('DroppedAttributesCount', 15), 'DroppedAttributesCount');
});
