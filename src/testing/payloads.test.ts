import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logs, Metrics, Traces } from '../pdata/index.js';
import { countedPayload, itemNames, payloadTag, renameItems, testPayload } from './payloads.js';

test('test payloads are real pdata: names, counts and tag survive the protobuf round trip', () => {
  for (const [signal, cls] of [
    ['traces', Traces],
    ['metrics', Metrics],
    ['logs', Logs],
  ] as const) {
    const p = testPayload(signal, ['a', 'b', 'c'], 'batch-1');
    assert.equal(p.signal, signal);
    assert.equal(p.itemCount(), 3);
    const back = cls.fromProto(p.toProto(), { validate: true });
    assert.deepEqual(itemNames(back), ['a', 'b', 'c']);
    assert.equal(payloadTag(back), 'batch-1');
    renameItems(back, (n) => `${n}!`);
    assert.deepEqual(itemNames(cls.fromProto(back.toProto())), ['a!', 'b!', 'c!']);
    assert.deepEqual(itemNames(p), ['a', 'b', 'c'], 'renaming a decoded copy leaves the original alone');
  }
  assert.equal(countedPayload('logs', 7).itemCount(), 7);
  assert.equal(payloadTag(countedPayload('traces', 1)), '');
});
