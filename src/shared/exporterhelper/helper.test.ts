import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumerError } from '../../core/consumer.js';
import type { Payload, Signal } from '../../core/payload.js';
import { DEFAULT_QUEUE, DEFAULT_RETRY, type QueueConfig, type RetryConfig } from './config.js';
import { createExporterHelper, type ExporterHelperOptions } from './helper.js';
import { countedPayload, payloadTag } from '../../testing/payloads.js';
import { captureLogger } from '../../testing/logger.js';
import { RecordingMetrics } from '../../testing/metrics.js';
import { deferred, waitFor } from '../../testing/wait.js';

const retry: RetryConfig = { ...DEFAULT_RETRY, initial_interval: 5, max_interval: 20, max_elapsed_time: 1_000, randomization_factor: 0 };
const queue: QueueConfig = { ...DEFAULT_QUEUE, storage: '', batch: undefined };

function setup(over: Partial<ExporterHelperOptions> & { q?: Partial<QueueConfig>; r?: Partial<RetryConfig> } = {}) {
  const { logger, lines } = captureLogger();
  const metrics = new RecordingMetrics();
  const sent: Payload[] = [];
  const helper = createExporterHelper({
    id: 'otlp_http/test',
    logger,
    metrics,
    timeoutMs: 0,
    retry: { ...retry, ...over.r },
    queue: { ...queue, ...over.q },
    send:
      over.send ??
      (async (p) => {
        sent.push(p);
      }),
    ...over,
  });
  helper.start();
  return { helper, metrics, lines, sent };
}

const traces = (n: number, tag = '') => countedPayload('traces', n, tag);

test('consume() returns once queued while a slow send is still running', async () => {
  const gate = deferred();
  let finished = false;
  const { helper, metrics } = setup({
    send: async () => {
      await gate.promise;
      finished = true;
    },
  });
  await helper.consume(traces(3));
  assert.equal(finished, false);
  assert.equal(helper.queueSize('traces'), 1);
  gate.resolve();
  await waitFor(() => metrics.counts.sent === 3);
  assert.equal(helper.queueSize('traces'), 0);
  await helper.shutdown();
});

test('queue full: refused with a retryable error, enqueue_failed counted, one rate-limited WARN', async () => {
  const gate = deferred();
  const { helper, metrics, lines } = setup({ q: { queue_size: 2, num_consumers: 1 }, send: () => gate.promise });
  await helper.consume(traces(1)); // being sent, still holds its unit
  await helper.consume(traces(1)); // waiting
  for (let i = 0; i < 3; i++) {
    await assert.rejects(helper.consume(traces(4)), (e: ConsumerError) => e.kind === 'retryable' && e.message === 'sending queue is full');
  }
  assert.equal(metrics.counts.enqueueFailed, 12);
  const warns = lines.filter((l) => l.msg === 'Dropping data because sending_queue is full. Try increasing queue_size.');
  assert.equal(warns.length, 1);
  assert.equal(warns[0]!.level, 40);
  assert.equal(warns[0]!.dropped_items, 4);
  assert.equal(metrics.queues.get('traces')!.size(), 2);
  assert.equal(metrics.queues.get('traces')!.capacity, 2);
  gate.resolve();
  await helper.shutdown();
  assert.equal(metrics.counts.sent, 2);
  assert.equal(metrics.queues.get('traces')!.unregistered, true);
});

test('items sizer counts spans; a request larger than the queue is refused permanently', async () => {
  const gate = deferred();
  const { helper, metrics } = setup({ q: { queue_size: 10, sizer: 'items', num_consumers: 1 }, send: () => gate.promise });
  await helper.consume(traces(6));
  await assert.rejects(helper.consume(traces(6)), /sending queue is full/);
  await helper.consume(traces(4));
  await assert.rejects(helper.consume(traces(11)), (e: ConsumerError) => e.kind === 'permanent');
  await helper.consume(traces(0)); // empty requests are accepted and never sent
  assert.equal(helper.queueSize('traces'), 10);
  gate.resolve();
  await helper.shutdown();
  assert.equal(metrics.counts.sent, 10);
  assert.equal(metrics.counts.enqueueFailed, 17);
});

test('bytes sizer needs the exporter’s sizeOf', () => {
  assert.throws(() => setup({ q: { sizer: 'bytes' } }), /sizer "bytes" is not supported/);
  const { helper } = setup({ q: { sizer: 'bytes', queue_size: 100 }, sizeOf: (p) => p.itemCount() * 10 });
  return helper.shutdown();
});

test('block_on_overflow waits for space instead of refusing', async () => {
  const gates = [deferred(), deferred()];
  let n = 0;
  const { helper, metrics } = setup({ q: { queue_size: 1, num_consumers: 1, block_on_overflow: true }, send: () => gates[n++]!.promise });
  await helper.consume(traces(1, 'a'));
  let admitted = false;
  const second = helper.consume(traces(1, 'b')).then(() => (admitted = true));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(admitted, false);
  gates[0]!.resolve();
  await second;
  assert.equal(admitted, true);
  gates[1]!.resolve();
  await helper.shutdown();
  assert.equal(metrics.counts.sent, 2);
  assert.equal(metrics.counts.enqueueFailed, 0);
});

test('num_consumers bounds concurrent sends', async () => {
  let active = 0;
  let peak = 0;
  const { helper, metrics } = setup({
    q: { num_consumers: 3 },
    send: async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
    },
  });
  for (let i = 0; i < 12; i++) await helper.consume(traces(1));
  await helper.shutdown();
  assert.equal(peak, 3);
  assert.equal(metrics.counts.sent, 12);
});

test('after retries run out the data is dropped with Go’s log line and send_failed', async () => {
  const { helper, metrics, lines } = setup({
    r: { max_elapsed_time: 30, max_interval: 10 },
    send: async () => {
      throw ConsumerError.retryable('error exporting items, request to https://collector:4318/v1/traces responded with HTTP Status Code 503');
    },
  });
  await helper.consume(traces(7));
  await waitFor(() => metrics.counts.sendFailed === 7);
  const drop = lines.find((l) => l.msg === 'Exporting failed. Dropping data.');
  assert.ok(drop);
  assert.equal(drop.level, 50);
  assert.equal(drop.dropped_items, 7);
  assert.match(String(drop.error), /^no more retries left: error exporting items/);
  await helper.shutdown();
});

test('permanent errors are dropped after one attempt; secrets never reach the log', async () => {
  let calls = 0;
  const { helper, metrics, lines } = setup({
    send: async () => {
      calls++;
      throw new ConsumerError('POST https://447801:glc_s3cr3t@otlp.example/otlp failed; Authorization: Basic NDQ3ODAxOmdsY19zM2NyM3Q=', 'permanent');
    },
  });
  await helper.consume(traces(2));
  await waitFor(() => metrics.counts.sendFailed === 2);
  assert.equal(calls, 1);
  const text = JSON.stringify(lines);
  assert.ok(!text.includes('glc_s3cr3t'), text);
  assert.ok(!text.includes('NDQ3ODAxOmdsY19zM2NyM3Q='), text);
  assert.match(text, /not retryable error: POST https:\/\/otlp.example\/otlp failed; Authorization: \[REDACTED\]/);
  await helper.shutdown();
});

test('queue disabled: the send runs inline and its error reaches the caller (backpressure)', async () => {
  const { helper, metrics, lines } = setup({
    q: { enabled: false },
    r: { enabled: false },
    send: async () => {
      throw ConsumerError.throttled('HTTP 429', 2_000);
    },
  });
  await assert.rejects(helper.consume(traces(5)), (e: ConsumerError) => e.kind === 'throttled');
  const line = lines.find((l) => l.msg.startsWith('Exporting failed. Rejecting data.'));
  assert.equal(
    line?.msg,
    'Exporting failed. Rejecting data. Try enabling retry_on_failure config option to retry on retryable errors. Try enabling sending_queue to survive temporary failures.',
  );
  assert.equal(line?.rejected_items, 5);
  assert.equal(metrics.counts.sendFailed, 5);
  assert.equal(metrics.queues.size, 0);
  await helper.shutdown();
});

test('wait_for_result: consume settles with the outcome of the send', async () => {
  let fail = false;
  const { helper } = setup({
    q: { wait_for_result: true },
    r: { enabled: false },
    send: async () => {
      await new Promise((r) => setTimeout(r, 20));
      if (fail) throw ConsumerError.permanent('rejected by backend');
    },
  });
  const t0 = performance.now();
  await helper.consume(traces(1));
  assert.ok(performance.now() - t0 >= 15);
  fail = true;
  await assert.rejects(helper.consume(traces(1)), /rejected by backend/);
  await helper.shutdown();
});

test('shutdown drains queued requests, giving each one attempt without further retries', async () => {
  let attempts = 0;
  const failing = new Set(['b']);
  const { helper, metrics, lines } = setup({
    q: { num_consumers: 1 },
    r: { initial_interval: 60_000, max_interval: 60_000, max_elapsed_time: 0 },
    send: async (p) => {
      attempts++;
      await new Promise((r) => setTimeout(r, 5));
      if (failing.has(payloadTag(p))) throw ConsumerError.retryable('backend down');
    },
  });
  for (const tag of ['a', 'b', 'c', 'd']) await helper.consume(traces(1, tag));
  const t0 = performance.now();
  await helper.shutdown();
  assert.ok(performance.now() - t0 < 5_000);
  assert.equal(attempts, 4);
  assert.equal(metrics.counts.sent, 3);
  assert.equal(metrics.counts.sendFailed, 1);
  const drop = lines.find((l) => l.msg === 'Exporting failed. Dropping data.');
  assert.equal(drop?.error, 'interrupted due to shutdown: backend down');
  await assert.rejects(helper.consume(traces(1)), /shutting down/);
});

test('shutdown deadline: stuck sends are abandoned and queued data dropped with a count', async () => {
  const { helper, metrics, lines } = setup({
    q: { num_consumers: 2 },
    shutdownTimeoutMs: 80,
    send: () => new Promise(() => undefined),
  });
  for (let i = 0; i < 5; i++) await helper.consume(traces(2));
  await helper.shutdown();
  const line = lines.find((l) => l.msg === 'Shutdown deadline reached before sending_queue drained. Dropping data.');
  assert.equal(line?.dropped_requests, 3);
  assert.equal(line?.dropped_items, 6);
  assert.equal(metrics.counts.sendFailed, 10);
  assert.equal(helper.queueSize('traces'), 0);
});

test('per-signal queues, each with queue_size; gauges registered at start for declared signals', async () => {
  const gate = deferred();
  const signals: Signal[] = ['traces', 'logs'];
  const { helper, metrics } = setup({ q: { queue_size: 1, num_consumers: 1 }, signals, send: () => gate.promise });
  assert.deepEqual([...metrics.queues.keys()], signals);
  await helper.consume(traces(1));
  await helper.consume(countedPayload('logs', 1));
  await helper.consume(countedPayload('metrics', 1));
  assert.equal(metrics.queues.size, 3);
  gate.resolve();
  await helper.shutdown();
});

test('no timers are left behind after shutdown', async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  const { helper } = setup({
    timeoutMs: 5_000,
    r: { initial_interval: 30_000, max_interval: 30_000, max_elapsed_time: 0 },
    send: async () => {
      throw ConsumerError.retryable('down');
    },
  });
  await helper.consume(traces(1));
  await new Promise((r) => setTimeout(r, 20));
  await helper.shutdown();
  assert.equal(timers(), before);
});
