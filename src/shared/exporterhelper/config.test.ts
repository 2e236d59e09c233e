import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeContext, s } from '../../core/schema.js';
import { queueSchema, retrySchema, timeoutSetting, validateQueue, validateRetry, validateTimeout } from './config.js';

function decode<T>(node: { decode(i: unknown, p: string[], c: DecodeContext): T }, input: unknown) {
  const ctx = new DecodeContext();
  const value = node.decode(input, [], ctx);
  return { value, issues: ctx.issues };
}

const exporterShape = s.object({
  timeout: timeoutSetting(),
  retry_on_failure: retrySchema(),
  sending_queue: queueSchema(),
});

test('defaults match the Go exporterhelper', () => {
  const { value, issues } = decode(exporterShape, {});
  assert.deepEqual(issues, []);
  assert.equal(value.timeout, 5_000);
  assert.deepEqual(value.retry_on_failure, {
    enabled: true,
    initial_interval: 5_000,
    max_interval: 30_000,
    max_elapsed_time: 300_000,
    multiplier: 1.5,
    randomization_factor: 0.5,
  });
  assert.deepEqual(value.sending_queue, {
    enabled: true,
    num_consumers: 10,
    queue_size: 1_000,
    sizer: 'requests',
    block_on_overflow: false,
    wait_for_result: false,
    storage: '',
    batch: undefined,
  });
  assert.deepEqual(validateQueue(value.sending_queue), []);
  assert.deepEqual(validateRetry(value.retry_on_failure), []);
});

test('overridden defaults (prometheusremotewrite initial_interval 50ms) and user values decode', () => {
  const { value } = decode(retrySchema({ initial_interval: 50 }), { max_elapsed_time: '0', multiplier: '2' });
  assert.equal(value.initial_interval, 50);
  assert.equal(value.max_elapsed_time, 0);
  assert.equal(value.multiplier, 2);
  assert.equal(decode(timeoutSetting(30_000), undefined).value, 30_000);
  assert.equal(decode(timeoutSetting(), '250ms').value, 250);
});

test('sizer must be requests, items or bytes', () => {
  const { issues } = decode(queueSchema(), { sizer: 'spans' });
  assert.equal(issues.length, 1);
  assert.match(issues[0]!.message, /must be one of \[requests, items, bytes\]/);
});

test('retry validation messages are Go’s', () => {
  const { value } = decode(retrySchema(), { initial_interval: '10s', max_interval: '1m', max_elapsed_time: '5s', randomization_factor: 2 });
  const msgs = validateRetry(value).map((i) => i.message);
  assert.deepEqual(msgs, [
    "'max_elapsed_time' must not be less than 'initial_interval'",
    "'max_elapsed_time' must not be less than 'max_interval'",
    'randomization_factor value must be less than or equal to 1',
  ]);
  assert.deepEqual(validateRetry({ ...value, enabled: false }), []);
  assert.deepEqual(validateTimeout(-1), [{ path: ['timeout'], message: "'timeout' must be non-negative" }]);
});

test('queue validation: sizes positive, storage and batch refused with clear messages', () => {
  const { value } = decode(queueSchema(), { num_consumers: 0, queue_size: -1, storage: 'file_storage/q', batch: null });
  const issues = validateQueue(value);
  assert.deepEqual(
    issues.map((i) => i.path.join('::')),
    ['sending_queue', 'sending_queue', 'sending_queue::storage', 'sending_queue::batch'],
  );
  assert.equal(issues[0]!.message, '`num_consumers` must be positive');
  assert.equal(issues[1]!.message, '`queue_size` must be positive');
  assert.match(issues[2]!.message, /persistent queues are not supported by otelcol-ts \(storage extension "file_storage\/q"\)/);
  assert.match(issues[3]!.message, /add the batch processor/);
  assert.deepEqual(validateQueue({ ...value, enabled: false }), []);
});
