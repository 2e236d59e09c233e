import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from '../../../pdata/go-strings.js';
import { formatLabels, LokiLabelError, parseLabels } from './labels.js';
import { LokiDecodeError } from './push-model.js';

const pairs = (text: string) => parseLabels(text).map((p) => [p.name, p.value]);

test('promtail, winston-loki and Go-formatted label strings parse to their pairs', () => {
  assert.deepEqual(pairs('{host="pve", job="systemd-journal", tool="promtail", unit="sshd.service"}'), [
    ['host', 'pve'],
    ['job', 'systemd-journal'],
    ['tool', 'promtail'],
    ['unit', 'sshd.service'],
  ]);
  assert.deepEqual(pairs('{level="info",job="app"}'), [
    ['level', 'info'],
    ['job', 'app'],
  ]);
  assert.deepEqual(pairs('{}'), []);
  assert.deepEqual(pairs(''), []);
  assert.deepEqual(pairs('  {  a = "1" ,b="2",  }  '), [
    ['a', '1'],
    ['b', '2'],
  ]);
  assert.deepEqual(pairs('{a="1"} # trailing comment'), [['a', '1']]);
});

test('a metric name before the braces becomes __name__; quoted UTF-8 names parse', () => {
  assert.deepEqual(pairs('up{job="x"}'), [
    ['__name__', 'up'],
    ['job', 'x'],
  ]);
  assert.deepEqual(pairs('ns:metric'), [['__name__', 'ns:metric']]);
  assert.deepEqual(pairs('{"service.name"="api", \'k-8\'="v"}'), [
    ['service.name', 'api'],
    ['k-8', 'v'],
  ]);
});

test("values unquote with Go's escapes, single quotes and raw strings", () => {
  assert.deepEqual(pairs('{a="q\\"b\\\\c\\n\\t\\a\\b\\f\\r\\v"}'), [['a', 'q"b\\c\n\t\x07\b\f\r\v']]);
  assert.deepEqual(pairs("{a='it\\'s \"x\"'}"), [['a', 'it\'s "x"']]);
  assert.deepEqual(pairs('{a=`C:\\path\\n "x"`}'), [['a', 'C:\\path\\n "x"']]);
  // \x and octal are bytes: two of them make one UTF-8 character; \u and \U are code points.
  assert.deepEqual(pairs('{a="\\xc3\\xa9|\\303\\251|\\u00e9|\\U0001F600|\\101"}'), [['a', 'é|é|é|😀|A']]);
  assert.deepEqual(pairs('{a="\\xff"}'), [['a', '\ufffd']]);
  assert.deepEqual(pairs('{a="ünïcödé ✓"}'), [['a', 'ünïcödé ✓']]);
});

test('bad syntax is a LokiLabelError with the line:column of the problem', () => {
  const cases: Array<[string, string]> = [
    ['{a="b"', '1:7: parse error: unexpected end of input inside braces'],
    ['{a=}', '1:4: parse error: unexpected "}" in label set, expected string'],
    ['{a=b}', '1:4: parse error: unexpected identifier "b" in label set, expected string'],
    ['{a!="b"}', '1:3: parse error: unexpected "!=" in label set, expected "="'],
    ['{a=~"b"}', '1:3: parse error: unexpected "=~" in label set, expected "="'],
    ['{a="b" c="d"}', '1:8: parse error: unexpected identifier "c" in label set, expected "," or "}"'],
    ['{a="b"} x', '1:9: parse error: unexpected identifier "x" in metric, expected end of input'],
    ['{1a="b"}', '1:2: parse error: unexpected "1" in label set, expected identifier or "}"'],
    ['{a="b",,}', '1:8: parse error: unexpected "," in label set, expected identifier or "}"'],
    ['{a="\\q"}', "1:5: parse error: unknown escape sequence U+0071 'q'"],
    ['{a="\\x4"}', `1:8: parse error: illegal character U+0022 '"' in escape sequence`],
    ['{a="\\ud800"}', '1:5: parse error: escape sequence is an invalid Unicode code point'],
    ['{a="b\nc"}', '1:4: parse error: unterminated quoted string'],
    ['{a=`b}', '1:4: parse error: unterminated raw string'],
    ['{\n a="b"\n c}', '3:2: parse error: unexpected identifier "c" in label set, expected "," or "}"'],
    ['{{}', '1:2: parse error: unexpected "{" in label set, expected identifier or "}"'],
    ['"x"', '1:1: parse error: unexpected string in metric, expected metric name or "{"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseLabels(text),
      (e: unknown) => e instanceof LokiLabelError && e instanceof LokiDecodeError && e.message === message,
      `${JSON.stringify(text)} should fail with ${message}`,
    );
  }
});

test("formatLabels writes Go's LabelSet.String form, and it parses back", () => {
  const set = [
    { name: 'unit', value: 'a "quoted"\nline\x07' },
    { name: 'job', value: 'é😀\u200b' },
    { name: 'service.name', value: '' },
  ];
  const text = formatLabels(set);
  assert.equal(text, '{job="é😀\\u200b", "service.name"="", unit="a \\"quoted\\"\\nline\\a"}');
  assert.deepEqual(
    parseLabels(text),
    [...set].sort((a, b) => (a.name < b.name ? -1 : 1)),
  );
  assert.equal(goQuote('\x00\x7f\u0085\u{E0001}'), '"\\x00\\x7f\\u0085\\U000e0001"');
});

test('random label sets survive format → parse', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const alphabet = ['a', 'Z', '_', '0', ' ', '"', "'", '\\', '\n', '\t', '{', '}', '=', ',', 'é', '😀', '\x01', '\u2028', '`'];
  for (let i = 0; i < 500; i++) {
    const set = Array.from({ length: rnd(5) }, (_, k) => ({
      name: `l${k}${'_x'.repeat(rnd(3))}`,
      value: Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join(''),
    }));
    assert.deepEqual(parseLabels(formatLabels(set)), set);
  }
});
