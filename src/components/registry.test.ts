import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { registry, Registry } from './registry.js';
import { componentTable, readmeTable, README_PATH } from './readme-table.js';
import { testFactories } from '../testing/nop-components.js';

test('README lists exactly the registered components (run `node dist/components/readme-table.js --write`)', () => {
  assert.equal(readmeTable(readFileSync(README_PATH, 'utf8')), componentTable(registry));
});

test('aliases resolve to the same factory and deprecated ones are flagged', () => {
  for (const f of registry.factories) {
    assert.equal(registry.resolve(f.kind, f.type)?.factory, f);
    for (const a of f.aliases ?? []) {
      const r = registry.resolve(f.kind, a.name);
      assert.equal(r?.factory, f, `${a.name} resolves to ${f.type}`);
      assert.equal(r?.deprecatedName, a.deprecated ? a.name : undefined);
    }
  }
});

test('every factory has a usable default config that passes its own validation or names its problems', () => {
  for (const f of registry.factories) {
    const cfg = f.config.defaultValue();
    assert.equal(typeof cfg, 'object', `${f.kind} ${f.type} default config`);
    const issues = f.validate?.(cfg) ?? [];
    for (const i of issues) assert.ok(i.message.length > 0);
  }
});

test('a duplicate type is refused', () => {
  assert.throws(() => new Registry([...testFactories, testFactories[0]!]), /duplicate receiver type "testnop"/);
  assert.deepEqual(registry.with(testFactories).names('receiver').includes('testnop'), true);
  assert.equal(
    registry.list().some((f) => f.testOnly),
    false,
  );
});
