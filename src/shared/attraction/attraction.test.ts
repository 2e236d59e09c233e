// The attribute actions one by one, with Go's semantics (contrib internal/coreinternal/attraction
// v0.130.0); whole-pipeline equality with the Go collector is in processors/golden.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { KeyValue, KeyValueList, type AnyValue } from '../../pdata/common.js';
import { EMPTY_CONTEXT, type RequestContext } from '../../core/consumer.js';
import { actionSchema, compileActions, type ActionConfig } from './config.js';
import { AttrProc } from './attrproc.js';
import { convertValue, hashValue, parseGoFloat, parseGoInt } from './values.js';
import { DecodeContext } from '../../core/schema.js';

function actions(list: Array<Partial<Record<keyof ActionConfig, unknown>>>): ActionConfig[] {
  return list.map((a) => actionSchema.decode(a, [], new DecodeContext()));
}

function run(
  list: Array<Partial<Record<keyof ActionConfig, unknown>>>,
  attrs: Array<[string, AnyValue]>,
  ctx: RequestContext = EMPTY_CONTEXT,
): { out: Array<[string, AnyValue]>; changed: boolean } {
  const { actions: compiled, issues } = compileActions(actions(list));
  assert.deepEqual(issues, []);
  const kvs = attrs.map(([k, v]) => new KeyValue(k, v));
  const changed = new AttrProc(compiled).process(kvs, ctx);
  return { out: kvs.map((kv) => [kv.key, kv.value]), changed };
}

test('insert only when absent, update only when present, upsert always; YAML types kept', () => {
  const { out } = run(
    [
      { action: 'insert', key: 'a', value: 1 },
      { action: 'insert', key: 'b', value: 'new' },
      { action: 'update', key: 'c', value: 2.5 },
      { action: 'update', key: 'missing', value: true },
      { action: 'UPSERT', key: 'd', value: [1, 'x'] },
      { action: 'upsert', key: 'b', value: { k: false } },
    ],
    [
      ['a', 'keep'],
      ['c', 'old'],
    ],
  );
  assert.deepEqual(out, [
    ['a', 'keep'],
    ['c', 2.5],
    ['b', new KeyValueList([new KeyValue('k', false)])],
    ['d', [1n, 'x']],
  ]);
});

test('from_attribute copies (a missing source does nothing); from_context reads metadata, auth and the peer', () => {
  const ctx: RequestContext = {
    metadata: new Map([
      ['x-tenant', ['acme']],
      ['x-multi', ['a', 'b']],
    ]),
    auth: { subject: 'svc', groups: ['g1', 'g2'], n: 3 },
    clientAddress: '::ffff:10.0.0.7',
  };
  const { out } = run(
    [
      { action: 'insert', key: 'copy', from_attribute: 'src' },
      { action: 'insert', key: 'none', from_attribute: 'nope' },
      { action: 'insert', key: 'tenant', from_context: 'metadata.X-Tenant' },
      { action: 'insert', key: 'multi', from_context: 'x-multi' },
      { action: 'insert', key: 'sub', from_context: 'auth.subject' },
      { action: 'insert', key: 'groups', from_context: 'auth.groups' },
      { action: 'insert', key: 'n', from_context: 'auth.n' },
      { action: 'insert', key: 'peer', from_context: 'client.address' },
    ],
    [['src', 5n]],
    ctx,
  );
  assert.deepEqual(out, [
    ['src', 5n],
    ['copy', 5n],
    ['tenant', 'acme'],
    ['multi', 'a;b'],
    ['sub', 'svc'],
    ['groups', 'g1;g2'],
    ['peer', '10.0.0.7'],
  ]);
  // Without a peer Go still sets client.address, to "".
  assert.deepEqual(run([{ action: 'insert', key: 'peer', from_context: 'client.address' }], []).out, [['peer', '']]);
});

test('delete by key and by pattern moves the last attribute into the hole, as pcommon.Map.Remove', () => {
  const { out, changed } = run(
    [{ action: 'delete', key: 'a', pattern: '^tmp\\.' }],
    [
      ['a', 1n],
      ['b', 2n],
      ['tmp.x', 3n],
      ['c', 4n],
      ['tmp.y', 5n],
      ['d', 6n],
    ],
  );
  assert.equal(changed, true);
  assert.deepEqual(out, [
    ['d', 6n],
    ['b', 2n],
    ['c', 4n],
  ]);
  assert.equal(run([{ action: 'delete', key: 'zz' }], [['a', 1n]]).changed, false);
});

test('hash: SHA-256 hex of the value bytes as Go writes them; maps and slices become ""', () => {
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  assert.equal(hashValue('alice'), sha('alice'));
  assert.equal(hashValue(true), sha(Buffer.from([1])));
  const le = Buffer.alloc(8);
  le.writeBigInt64LE(-2n);
  assert.equal(hashValue(-2n), sha(le));
  le.writeDoubleLE(0.25);
  assert.equal(hashValue(0.25), sha(le));
  assert.equal(hashValue(''), '');
  assert.equal(hashValue(new KeyValueList()), '');
  assert.deepEqual(
    run(
      [{ action: 'hash', pattern: '^s' }],
      [
        ['s1', 'x'],
        ['t', 'y'],
      ],
    ).out,
    [
      ['s1', sha('x')],
      ['t', 'y'],
    ],
  );
});

test('extract: named groups overwrite or append; non-strings and non-matches are left alone', () => {
  const list = [{ action: 'extract', key: 'path', pattern: '^/(?P<ver>v[0-9])/(?P<res>[a-z]+)(?P<slash>/)?' }];
  assert.deepEqual(
    run(list, [
      ['path', '/v1/users'],
      ['res', 'old'],
    ]).out,
    [
      ['path', '/v1/users'],
      ['res', 'users'],
      ['ver', 'v1'],
      ['slash', ''],
    ],
  );
  assert.deepEqual(run(list, [['path', 'nope']]), { out: [['path', 'nope']], changed: false });
  assert.deepEqual(run(list, [['path', 12n]]).out, [['path', 12n]]);
});

test('convert follows strconv and Go conversions; unconvertible values stay', () => {
  assert.equal(convertValue('42', 'int'), 42n);
  assert.equal(convertValue(' 42', 'int'), undefined);
  assert.equal(convertValue('9223372036854775808', 'int'), undefined);
  assert.equal(convertValue(3.9, 'int'), 3n);
  assert.equal(convertValue(-3.9, 'int'), -3n);
  assert.equal(convertValue(Number.NaN, 'int'), -(2n ** 63n));
  assert.equal(convertValue(true, 'double'), 1);
  assert.equal(convertValue(7n, 'double'), 7);
  assert.equal(convertValue(1.5, 'string'), '1.5');
  assert.equal(convertValue(1e21, 'string'), '1e+21');
  assert.equal(convertValue('x', 'string'), undefined);
  assert.equal(convertValue(new Uint8Array([1]), 'int'), undefined);
  assert.equal(parseGoFloat('1.5e3'), 1500);
  assert.equal(parseGoFloat('-Inf'), -Infinity);
  assert.equal(parseGoFloat('0x1p-2'), 0.25);
  assert.equal(parseGoFloat('1e400'), undefined);
  assert.equal(parseGoFloat('1_000'), undefined);
  assert.equal(parseGoFloat('.5'), 0.5);
  assert.equal(parseGoInt('+7'), 7n);
});

test("bad actions: Go's messages, each at its own path; a bad pattern points at `pattern`", () => {
  const { issues } = compileActions(
    actions([
      { action: 'insert', key: 'a' },
      { action: 'extract', key: 'a', pattern: '(?=x)' },
      { action: 'extract', key: 'a', pattern: '(x)' },
      { action: 'upsert', key: 'a', value: 1, from_attribute: 'b' },
      { action: 'convert', key: 'a', converted_type: 'float' },
      { action: 'nope', key: 'a' },
      { action: 'delete' },
      { action: 'hash', key: 'a', value: 1 },
      { action: 'update', value: 1 },
    ]),
  );
  assert.deepEqual(
    issues.map((i) => `${i.path.join('::')}: ${i.message}`),
    [
      'actions::0: error creating AttrProc. Either field "value", "from_attribute" or "from_context" setting must be specified for 0-th action',
      'actions::1::pattern: error creating AttrProc. Field "pattern" has invalid pattern: "(?=x)" to be set at the 1-th actions (error parsing regexp: invalid or unsupported Perl syntax: `(?=`)',
      'actions::2::pattern: error creating AttrProc. Field "pattern" contains at least one unnamed matcher group at the 2-th actions',
      'actions::3: error creating AttrProc due to multiple value sources being set at the 3-th actions',
      'actions::4: error creating AttrProc due to invalid value "float" in field "converted_type" for action "convert" at the 4-th action',
      'actions::5: error creating AttrProc due to unsupported action "nope" at the 5-th actions',
      'actions::6: error creating AttrProc due to missing required field (at least one of "key" and "pattern" have to be used) at the 6-th actions',
      'actions::7: error creating AttrProc. Action "hash" does not use "value" or "from_attribute" field. These must not be specified for 7-th action',
      'actions::8: error creating AttrProc due to missing required field "key" at the 8-th actions',
    ],
  );
});
