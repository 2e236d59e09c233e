import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { registry, Registry } from './registry.js';
import { componentTable, readmeTable, README_PATH } from './readme-table.js';
import { testFactories } from '../testing/nop-components.js';

test('README lists exactly the registered components (run `node dist/components/readme-table.js --write`)', async () => {
  assert.equal(readmeTable(readFileSync(README_PATH, 'utf8')), await componentTable(registry));
});

test('every row loads its factory, and the row names the aliases the factory declares', async () => {
  for (const row of registry.rows) {
    const r = await registry.resolve(row.kind, row.type);
    assert.equal(r?.factory.kind, row.kind);
    assert.equal(r?.factory.type, row.type);
    assert.deepEqual(r?.factory.aliases ?? [], row.aliases ?? [], `${row.kind} ${row.type}: the row and the factory name the same aliases`);
  }
});

test('aliases resolve to the same factory and deprecated ones are flagged', async () => {
  const withDeprecated = new Registry([
    ...registry.rows,
    {
      kind: 'receiver',
      type: 'testnop',
      aliases: [{ name: 'test_nop', deprecated: true, message: 'use testnop' }],
      load: async () => ({ f: testFactories[0] }),
    },
  ]);
  for (const row of withDeprecated.rows) {
    const f = (await withDeprecated.resolve(row.kind, row.type))?.factory;
    for (const a of row.aliases ?? []) {
      const r = await withDeprecated.resolve(row.kind, a.name);
      assert.equal(r?.factory, f, `${a.name} resolves to ${row.type}`);
      assert.equal(r?.deprecatedName, a.deprecated ? a.name : undefined);
      assert.equal(r?.aliasMessage, a.message);
    }
  }
  assert.equal((await withDeprecated.resolve('receiver', 'test_nop'))?.deprecatedName, 'test_nop');
});

test('a config loads only the factories it names; the unknown-type list comes from the table', async () => {
  const loaded: string[] = [];
  const spied = new Registry(registry.rows.map((row) => ({ ...row, load: () => (loaded.push(`${row.kind}/${row.type}`), row.load()) })));
  assert.equal(await spied.resolve('exporter', 'otlp_grpc').then((r) => r?.factory.type), 'otlp');
  assert.equal(await spied.resolve('exporter', 'nosuch'), undefined);
  assert.ok(spied.names('exporter').includes('otlp_http') && spied.names('receiver').includes('fluent_forward'));
  assert.deepEqual(loaded, ['exporter/otlp']);
});

test('a row whose module lacks its factory is a clear error', async () => {
  const bad = new Registry([{ kind: 'receiver', type: 'otlp', load: () => import('./exporters/nop/factory.js') }]);
  await assert.rejects(bad.resolve('receiver', 'otlp'), /receiver row "otlp" loads a module without that factory/);
});

test('every factory has a usable default config that passes its own validation or names its problems', async () => {
  for (const f of await registry.list()) {
    const cfg = f.config.defaultValue();
    assert.equal(typeof cfg, 'object', `${f.kind} ${f.type} default config`);
    const issues = f.validate?.(cfg) ?? [];
    for (const i of issues) assert.ok(i.message.length > 0);
  }
});

test('a duplicate type is refused', async () => {
  assert.throws(() => new Registry([...testFactories, testFactories[0]!]), /duplicate receiver type "testnop"/);
  assert.deepEqual(registry.with(testFactories).names('receiver').includes('testnop'), true);
  assert.equal(
    (await registry.with(testFactories).list()).some((f) => f.testOnly),
    false,
  );
});
