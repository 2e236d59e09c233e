import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumerError } from '../../core/consumer.js';
import { ExponentialBackoff } from './backoff.js';
import type { RetryConfig } from './config.js';
import { ExportInterruptedError, runAttempt, sendWithRetry } from './retry.js';
import { captureLogger } from '../../testing/logger.js';

const fast: RetryConfig = {
  enabled: true,
  initial_interval: 5,
  max_interval: 20,
  max_elapsed_time: 2_000,
  multiplier: 2,
  randomization_factor: 0,
};

function loopOpts(retry: RetryConfig, extra: Partial<{ timeoutMs: number; stop: AbortSignal; kill: AbortSignal }> = {}) {
  const { logger, lines } = captureLogger();
  return {
    lines,
    opts: {
      retry,
      timeoutMs: extra.timeoutMs ?? 0,
      logger,
      stop: extra.stop ?? new AbortController().signal,
      kill: extra.kill ?? new AbortController().signal,
    },
  };
}

test('backoff grows by the multiplier, stays within the jitter bounds and caps at max_interval', () => {
  const cfg = { initial_interval: 100, max_interval: 1_000, multiplier: 1.5, randomization_factor: 0.5 };
  const lo = new ExponentialBackoff(cfg, () => 0);
  const hi = new ExponentialBackoff(cfg, () => 1);
  const mid = new ExponentialBackoff(cfg, () => 0.5);
  let interval = 100;
  for (let i = 0; i < 12; i++) {
    assert.ok(Math.abs(lo.next() - interval * 0.5) < 1e-9);
    assert.ok(Math.abs(hi.next() - interval * 1.5) < 1e-9);
    assert.ok(Math.abs(mid.next() - interval) < 1e-9);
    interval = interval >= 1_000 / 1.5 ? 1_000 : interval * 1.5;
  }
  assert.equal(interval, 1_000);
  const rnd = new ExponentialBackoff({ ...cfg, initial_interval: 400 });
  for (let i = 0; i < 50; i++) {
    const d = rnd.next();
    assert.ok(d >= 200 && d <= 1_500, `delay ${d} out of bounds`);
  }
});

test('reset() starts the sequence again at initial_interval', () => {
  const b = new ExponentialBackoff({ initial_interval: 200, max_interval: 5_000, multiplier: 2, randomization_factor: 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
  b.reset();
  assert.deepEqual([b.next(), b.next()], [200, 400]);
});

test('retryable errors are retried until success, with one INFO line per retry', async () => {
  let calls = 0;
  const { opts, lines } = loopOpts(fast);
  await sendWithRetry(async () => {
    calls++;
    if (calls < 3) throw ConsumerError.retryable('backend unavailable');
  }, opts);
  assert.equal(calls, 3);
  const retries = lines.filter((l) => l.msg === 'Exporting failed. Will retry the request after interval.');
  assert.equal(retries.length, 2);
  assert.equal(retries[0]!.error, 'backend unavailable');
  assert.equal(retries[0]!.interval, '5ms');
  assert.equal(retries[1]!.interval, '10ms');
});

test('permanent errors are not retried', async () => {
  let calls = 0;
  const { opts } = loopOpts(fast);
  await assert.rejects(
    sendWithRetry(async () => {
      calls++;
      throw ConsumerError.permanent('bad request');
    }, opts),
    (e: ConsumerError) => e.kind === 'permanent' && e.message === 'not retryable error: bad request',
  );
  assert.equal(calls, 1);
});

test('retries stop once the next wait would pass max_elapsed_time', async () => {
  let calls = 0;
  const { opts } = loopOpts({ ...fast, initial_interval: 40, max_interval: 40, max_elapsed_time: 100 });
  await assert.rejects(
    sendWithRetry(async () => {
      calls++;
      throw new Error('connect ECONNREFUSED 127.0.0.1:4318');
    }, opts),
    (e: ConsumerError) => e.kind === 'retryable' && e.message === 'no more retries left: connect ECONNREFUSED 127.0.0.1:4318',
  );
  // Attempts at ~0, 40, 80 ms; the wait after the third would end at ~120 > 100.
  assert.ok(calls >= 2 && calls <= 3, `calls=${calls}`);
});

test('a throttled error waits at least the server-sent delay', async () => {
  const times: number[] = [];
  const { opts } = loopOpts(fast);
  await sendWithRetry(async () => {
    times.push(performance.now());
    if (times.length === 1) throw ConsumerError.throttled('HTTP 429', 150);
  }, opts);
  assert.equal(times.length, 2);
  assert.ok(times[1]! - times[0]! >= 145, `waited ${times[1]! - times[0]!}ms`);
});

test('a server-sent delay past max_elapsed_time ends the loop instead of waiting', async () => {
  let calls = 0;
  const { opts } = loopOpts({ ...fast, max_elapsed_time: 200 });
  const t0 = performance.now();
  await assert.rejects(
    sendWithRetry(async () => {
      calls++;
      throw ConsumerError.throttled('HTTP 429', 60_000);
    }, opts),
    (e: ConsumerError) => e.kind === 'throttled' && e.message.startsWith('no more retries left: '),
  );
  assert.equal(calls, 1);
  assert.ok(performance.now() - t0 < 1_000);
});

test('max_elapsed_time 0 retries without limit; disabled retry makes one attempt', async () => {
  let calls = 0;
  const { opts } = loopOpts({ ...fast, max_elapsed_time: 0, initial_interval: 1, max_interval: 1 });
  await sendWithRetry(async () => {
    if (++calls < 25) throw ConsumerError.retryable('again');
  }, opts);
  assert.equal(calls, 25);
  let once = 0;
  await assert.rejects(
    sendWithRetry(
      async () => {
        once++;
        throw ConsumerError.retryable('down');
      },
      loopOpts({ ...fast, enabled: false }).opts,
    ),
    /down/,
  );
  assert.equal(once, 1);
});

test('the per-attempt timeout aborts the attempt, even one that ignores its signal', async () => {
  let sawAbort = false;
  await assert.rejects(
    runAttempt(
      (abort) => new Promise((_, reject) => abort.addEventListener('abort', () => ((sawAbort = true), reject(new Error('aborted'))))),
      30,
      new AbortController().signal,
    ),
    (e: ConsumerError) => e.kind === 'retryable' && /timed out after 30ms: context deadline exceeded/.test(e.message),
  );
  assert.ok(sawAbort);
  await assert.rejects(
    runAttempt(() => new Promise(() => undefined), 30, new AbortController().signal),
    /context deadline exceeded/,
  );
});

test('shutdown interrupts the backoff wait after the current attempt', async () => {
  const stop = new AbortController();
  let calls = 0;
  const { opts } = loopOpts({ ...fast, initial_interval: 60_000, max_interval: 60_000, max_elapsed_time: 0 }, { stop: stop.signal });
  const t0 = performance.now();
  const p = sendWithRetry(async () => {
    calls++;
    throw ConsumerError.retryable('down');
  }, opts);
  setTimeout(() => stop.abort(), 20);
  await assert.rejects(p, (e: unknown) => e instanceof ExportInterruptedError && e.message === 'interrupted due to shutdown: down');
  assert.equal(calls, 1);
  assert.ok(performance.now() - t0 < 5_000);
});
