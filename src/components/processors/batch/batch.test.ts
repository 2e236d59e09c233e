import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import { Traces, ResourceSpans, ScopeSpans, Span } from '../../../pdata/traces.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { DecodeContext } from '../../../core/schema.js';
import { batchConfig, validateBatch } from './config.js';
import { BatchProcessor } from './processor.js';
import { captureLogger } from '../../../testing/logger.js';

const logger = pino({ level: 'silent' });

async function waitFor(cond: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function traces(names: string[], viaProto = true): Traces {
  const rs = new ResourceSpans();
  const ss = new ScopeSpans();
  for (const n of names) {
    const s = new Span();
    s.name = n;
    s.traceId = 'a'.repeat(16);
    s.spanId = 'b'.repeat(8);
    ss.spans.push(s);
  }
  rs.scopeSpans.push(ss);
  const t = new Traces([rs]);
  return viaProto ? Traces.fromProto(t.toProto()) : t;
}

function names(p: Payload): string[] {
  const out: string[] = [];
  (p as Traces).forEachSpan((s) => out.push(s.name));
  return out;
}

class Sink implements Consumer {
  readonly mutatesData = false;
  received: Payload[] = [];
  contexts: RequestContext[] = [];
  fail: unknown;
  async consume(data: Payload, ctx: RequestContext): Promise<void> {
    if (this.fail) throw this.fail;
    this.received.push(data);
    this.contexts.push(ctx);
  }
}

function make(user: Record<string, unknown>, sink: Sink, telemetry = new MetricsRegistry(), log = logger) {
  const ctx = new DecodeContext();
  const cfg = batchConfig.decode(user, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return new BatchProcessor('batch', cfg, 'traces', sink, log, telemetry, 'traces');
}

test('defaults are Go’s: 8192 items, 200ms, no max', () => {
  const cfg = batchConfig.defaultValue();
  assert.equal(cfg.send_batch_size, 8192);
  assert.equal(cfg.timeout, 200);
  assert.equal(cfg.send_batch_max_size, 0);
  assert.deepEqual(
    validateBatch({ ...cfg, send_batch_max_size: 10 }).map((i) => i.message),
    ['send_batch_max_size must be greater or equal to send_batch_size'],
  );
});

test('consume answers at once; a partial batch is sent after the timeout, merged into one request', async () => {
  const sink = new Sink();
  // 300 ms, so the check holds on a loaded 2-core CI machine too.
  const p = make({ timeout: '300ms' }, sink);
  try {
    const t0 = Date.now();
    await p.consume(traces(['a1', 'a2']), {});
    await p.consume(traces(['b1']), {});
    assert.ok(Date.now() - t0 < 250, 'the caller is not held for the batch timeout');
    assert.equal(sink.received.length, 0);
    await waitFor(() => sink.received.length === 1);
    assert.ok(Date.now() - t0 >= 295, 'sent after the timeout');
    assert.deepEqual(names(sink.received[0]!), ['a1', 'a2', 'b1']);
  } finally {
    await p.shutdown();
  }
});

test('reaching send_batch_size sends at once; send_batch_max_size splits', async () => {
  const sink = new Sink();
  const telemetry = new MetricsRegistry();
  const p = make({ send_batch_size: 3, send_batch_max_size: 4, timeout: '1h' }, sink, telemetry);
  await p.consume(traces(['1', '2', '3', '4', '5', '6', '7']), {});
  assert.deepEqual(sink.received.map(names), [
    ['1', '2', '3', '4'],
    ['5', '6', '7'],
  ]);
  const exposed = telemetry.expose();
  assert.match(exposed, /otelcol_processor_batch_batch_size_trigger_send\{[^}]*processor="batch"[^}]*\} 1/);
  assert.match(exposed, /otelcol_processor_batch_batch_send_size_count\{[^}]*\} 2/);
  await p.shutdown();
});

test('a retryable refusal keeps the batch, refuses new data with the same kind, and re-sends it', async () => {
  const sink = new Sink();
  sink.fail = ConsumerError.throttled('queue full', 50);
  let attempts = 0;
  const consume = sink.consume.bind(sink);
  sink.consume = (data, ctx) => {
    attempts++;
    return consume(data, ctx);
  };
  const p = make({ timeout: '5ms' }, sink);
  try {
    await p.consume(traces(['kept']), {});
    await waitFor(() => attempts === 1); // flushed and refused
    await new Promise((r) => setImmediate(r));
    await assert.rejects(
      p.consume(traces(['new']), {}),
      (e: unknown) => e instanceof ConsumerError && e.kind === 'throttled' && /queue full/.test(e.message),
    );
    sink.fail = undefined;
    await waitFor(() => sink.received.length === 1, 3_000);
    assert.deepEqual(names(sink.received[0]!), ['kept'], 'nothing accepted is lost');
    await p.consume(traces(['after']), {});
    await waitFor(() => sink.received.length === 2);
  } finally {
    await p.shutdown();
  }
});

test('re-sends of a refused batch back off 200 ms, 400 ms, 800 ms; shutdown ends the wait with one last attempt', async () => {
  const sink = new Sink();
  const attempts: number[] = [];
  sink.consume = async (data) => {
    attempts.push(performance.now());
    if (sink.fail) throw sink.fail;
    sink.received.push(data);
  };
  sink.fail = ConsumerError.retryable('exporter queue full');
  const { logger: log, lines } = captureLogger();
  const p = make({ timeout: '0s' }, sink, new MetricsRegistry(), log);
  try {
    await p.consume(traces(['kept']), {});
    await waitFor(() => attempts.length === 4, 6_000);
  } catch (err) {
    await p.shutdown();
    throw err;
  }
  const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
  // Lower bounds are exact (timers never fire early); the upper ones leave room for a loaded machine.
  for (const [i, want] of [200, 400, 800].entries()) {
    assert.ok(gaps[i]! >= want - 2 && gaps[i]! < want + 1_000, `gap ${i} was ${gaps[i]} ms, want ~${want}`);
  }
  const started = performance.now();
  await p.shutdown(); // the next wait would be 1.6 s
  assert.ok(performance.now() - started < 1_200, 'shutdown did not wait out the backoff');
  assert.equal(attempts.length, 5, 'one last attempt at shutdown');
  const dropped = lines.find((l) => l.msg === 'Shutting down with batches the next stage still refuses. Dropping data.');
  assert.equal(dropped?.dropped_items, 1);
});

test('a permanent refusal drops the batch (logged) and does not block later data', async () => {
  const sink = new Sink();
  sink.fail = ConsumerError.permanent('bad data');
  const p = make({ timeout: '5ms' }, sink);
  await p.consume(traces(['bad']), {});
  await new Promise((r) => setTimeout(r, 30));
  sink.fail = undefined;
  await p.consume(traces(['good']), {});
  await waitFor(() => sink.received.length === 1);
  assert.deepEqual(names(sink.received[0]!), ['good']);
  await p.shutdown();
});

test('a next stage that never answers slows callers once 16 batches are in flight', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  const slow: Consumer = {
    mutatesData: false,
    consume: async () => {
      calls++;
      await gate;
    },
  };
  const p = new BatchProcessor(
    'batch',
    batchConfig.decode({ timeout: '0s' }, [], new DecodeContext()),
    'traces',
    slow,
    logger,
    new MetricsRegistry(),
    'traces',
  );
  for (let i = 0; i < 16; i++) await p.consume(traces([`s${i}`]), {});
  let seventeenth = false;
  const pending = p.consume(traces(['s16']), {}).then(() => (seventeenth = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(seventeenth, false, 'the 17th caller waits');
  assert.equal(calls, 16);
  release();
  await pending;
  assert.equal(seventeenth, true);
  await p.shutdown();
});

test('shutdown flushes what is pending; consume after shutdown is refused as retryable', async () => {
  const sink = new Sink();
  const p = make({ timeout: '1h' }, sink);
  await p.consume(traces(['late']), {});
  await p.shutdown();
  assert.deepEqual(sink.received.map(names), [['late']]);
  await assert.rejects(p.consume(traces(['z']), {}), (e: unknown) => e instanceof ConsumerError && e.kind === 'retryable');
});

test('metadata_keys partitions batches and limits cardinality', async () => {
  const sink = new Sink();
  const p = make({ timeout: '10ms', metadata_keys: ['X-Tenant'], metadata_cardinality_limit: 2 }, sink);
  const ctx = (v: string): RequestContext => ({ metadata: new Map([['x-tenant', [v]]]) });
  await p.consume(traces(['a']), ctx('a'));
  await p.consume(traces(['b']), ctx('b'));
  await assert.rejects(p.consume(traces(['c']), ctx('c')), /too many batcher metadata-value combinations/);
  await waitFor(() => sink.received.length === 2);
  assert.deepEqual(sink.received.map(names).sort(), [['a'], ['b']]);
  assert.deepEqual(sink.contexts.map((x) => x.metadata?.get('x-tenant')).sort(), [['a'], ['b']]);
  await p.shutdown();
});

test('decoded payloads merge too (no serialized bytes)', async () => {
  const sink = new Sink();
  const p = make({ timeout: '5ms' }, sink);
  await Promise.all([p.consume(traces(['d1'], false), {}), p.consume(traces(['d2'], false), {})]);
  await waitFor(() => sink.received.length === 1);
  assert.deepEqual(sink.received.map(names), [['d1', 'd2']]);
  await p.shutdown();
});
