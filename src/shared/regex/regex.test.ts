// Go regexp behaviour through the re2js wrapper: what Go accepts, rejects (with Go's message) and
// how it matches.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConfigRegex, GoRegexp, RegexSyntaxError } from './regex.js';

test('RE2 syntax: named groups (?P<n>…) and (?<n>…), Unicode classes; group names by index', () => {
  const re = GoRegexp.compile('^[/](?P<container_name>.*)$');
  assert.deepEqual(re.subexpNames, ['', 'container_name']);
  assert.deepEqual(re.findSubmatch('/prometheus'), ['/prometheus', 'prometheus']);
  assert.equal(re.findSubmatch('prometheus'), null);
  assert.deepEqual(GoRegexp.compile('(?<x>a)(b)').subexpNames, ['', 'x', '']);
  assert.equal(GoRegexp.compile('^\\pL+$').test('Grüße'), true);
  assert.equal(GoRegexp.compile('^[[:alpha:]]+$').test('abc'), true);
});

test('Go rejects lookaround and backreferences with its own messages', () => {
  for (const [p, msg] of [
    ['a(?=b)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['(abc', 'error parsing regexp: missing closing ): `(abc`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
  ] as const) {
    assert.throws(
      () => GoRegexp.compile(p),
      (e: unknown) => e instanceof RegexSyntaxError && e.message === msg,
      p,
    );
  }
});

test('matching is unanchored, leftmost-first, and a non-participating group is ""', () => {
  const re = GoRegexp.compile('(a+)|(?P<b>b+)');
  assert.deepEqual(re.findSubmatch('xxbbb'), ['bbb', '', 'bbb']);
  assert.deepEqual(GoRegexp.compile('a|ab').findSubmatch('ab'), ['a']);
  // `$` without (?m) is end of text; `.` does not match a newline.
  assert.equal(GoRegexp.compile('^a$').test('a\nb'), false);
  assert.equal(GoRegexp.compile('(?m)^b$').test('a\nb'), true);
  assert.equal(GoRegexp.compile('a.b').test('a\nb'), false);
  // Go's \s is ASCII space only (no U+00A0), unlike JavaScript's.
  assert.equal(GoRegexp.compile('\\s').test('\u00a0'), false);
});

test('compileConfigRegex turns a rejected pattern into an issue at its path', () => {
  const issues: { path: string[]; message: string }[] = [];
  assert.equal(compileConfigRegex('(', ['include', 'span_names', '0'], issues), undefined);
  assert.deepEqual(issues, [{ path: ['include', 'span_names', '0'], message: 'invalid pattern "(": error parsing regexp: missing closing ): `(`' }]);
});
