import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ConsumerError } from '../../core/consumer.js';
import { decodeRpcStatus } from '../../pdata/index.js';
import { MetricsRegistry } from '../../telemetry/metrics.js';
import { captureLogger } from '../../testing/logger.js';
import { testPayload } from '../../testing/payloads.js';
import { RecordingConsumer } from '../../testing/sink.js';
import { GrpcStatus } from '../status/index.js';
import { grpcErrorForRefusal, prepareRefusalAnswer, ReceiverHelper, Refusal, refusalFrom } from './index.js';

function helper(opts: { forwardEmpty?: boolean } = {}) {
  const telemetry = new MetricsRegistry();
  const { logger, lines } = captureLogger();
  const sink = new RecordingConsumer();
  const h = new ReceiverHelper({ id: 'thing/a', transport: 'http', telemetry, logger, consumers: { traces: sink }, format: 'Thing', ...opts });
  const metric = (name: string) => {
    const m = telemetry.expose().match(new RegExp(`^${name}\\{receiver="thing/a",transport="http"\\} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : undefined;
  };
  return { h, sink, lines, metric };
}

describe('ReceiverHelper', () => {
  it('pushes and counts accepted items per transport', async () => {
    const { h, sink, metric } = helper();
    await h.push('traces', testPayload('traces', ['a', 'b', 'c']));
    assert.equal(sink.itemCount(), 3);
    assert.equal(metric('otelcol_receiver_accepted_spans'), 3);
    assert.equal(metric('otelcol_receiver_refused_spans'), 0);
    assert.equal(h.accepts('traces'), true);
    assert.equal(h.accepts('logs'), false);
  });

  it('answers an empty request without touching the pipeline, unless told to forward it', async () => {
    const a = helper();
    await a.h.push('traces', testPayload('traces', []));
    assert.equal(a.sink.payloads.length, 0);
    assert.equal(a.metric('otelcol_receiver_accepted_spans'), undefined);
    const b = helper({ forwardEmpty: true });
    await b.h.push('traces', testPayload('traces', []));
    assert.equal(b.sink.payloads.length, 1);
  });

  it('turns a pipeline error into one Refusal, counted refused and logged at warn', async () => {
    const { h, sink, lines, metric } = helper();
    sink.refuseWith = ConsumerError.throttled('sending queue is full', 2_500);
    const err = await h.push('traces', testPayload('traces', ['x', 'y'])).catch((e: unknown) => e);
    assert.ok(err instanceof Refusal);
    assert.equal(err.kind, 'overloaded');
    assert.equal(err.retryAfterMs, 2_500);
    assert.equal(err.message, 'sending queue is full');
    assert.equal(metric('otelcol_receiver_refused_spans'), 2);
    assert.equal(metric('otelcol_receiver_accepted_spans'), 0);
    const line = lines.find((l) => l.msg === 'Thing traces request refused by the pipeline');
    assert.ok(line);
    assert.equal(line.level, 40);
    assert.deepEqual([line.items, line.kind, line.transport, line.err], [2, 'overloaded', 'http', 'sending queue is full']);
  });

  it('maps ConsumerError kinds: throttled → overloaded, permanent → permanent, anything else → retryable', () => {
    assert.equal(refusalFrom(ConsumerError.permanent('bad data')).kind, 'permanent');
    assert.equal(refusalFrom(ConsumerError.permanent('bad data')).retryAfterMs, undefined);
    assert.equal(refusalFrom(ConsumerError.retryable('down', 1_000)).kind, 'retryable');
    assert.equal(refusalFrom(ConsumerError.retryable('down', 1_000)).retryAfterMs, 1_000);
    assert.equal(refusalFrom(ConsumerError.throttled('busy')).kind, 'overloaded');
    const plain = refusalFrom(new Error('socket hang up'));
    assert.deepEqual([plain.kind, plain.message], ['retryable', 'socket hang up']);
  });
});

describe('refusal answers', () => {
  it('HTTP: 503 / 429 / 500 (or the receiver’s permanent status) with Retry-After in whole seconds rounded up', async () => {
    let next: { refusal: Refusal; permanent?: number } = { refusal: new Refusal('retryable', 'x') };
    const server = http.createServer((_req, res) => {
      const status = prepareRefusalAnswer(res, next.refusal, next.permanent);
      res.writeHead(status).end(next.refusal.message);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const ask = async (refusal: Refusal, permanent?: number) => {
      next = { refusal, ...(permanent ? { permanent } : {}) };
      const res = await fetch(url, { method: 'POST', body: 'x' });
      await res.text();
      return [res.status, res.headers.get('retry-after')];
    };
    try {
      assert.deepEqual(await ask(new Refusal('retryable', 'down')), [503, null]);
      assert.deepEqual(await ask(new Refusal('retryable', 'down', 1_500)), [503, '2']);
      assert.deepEqual(await ask(new Refusal('overloaded', 'busy', 3_000)), [429, '3']);
      assert.deepEqual(await ask(new Refusal('permanent', 'bad', 3_000)), [500, null]);
      assert.deepEqual(await ask(new Refusal('permanent', 'bad'), 400), [400, null]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('gRPC: UNAVAILABLE / RESOURCE_EXHAUSTED / INTERNAL, RetryInfo in the details when the delay is known', () => {
    assert.equal(grpcErrorForRefusal(new Refusal('retryable', 'down')).code, GrpcStatus.UNAVAILABLE);
    assert.equal(grpcErrorForRefusal(new Refusal('retryable', 'down')).details, undefined);
    assert.equal(grpcErrorForRefusal(new Refusal('permanent', 'bad')).code, GrpcStatus.INTERNAL);
    assert.equal(grpcErrorForRefusal(new Refusal('permanent', 'bad'), GrpcStatus.UNKNOWN).code, GrpcStatus.UNKNOWN);
    const busy = grpcErrorForRefusal(new Refusal('overloaded', 'busy', 2_000));
    assert.equal(busy.code, GrpcStatus.RESOURCE_EXHAUSTED);
    const st = decodeRpcStatus(busy.details!);
    assert.equal(st.code, GrpcStatus.RESOURCE_EXHAUSTED);
    assert.equal(st.message, 'busy');
    assert.equal(st.details?.length, 1);
    assert.match(st.details![0]!.typeUrl, /google\.rpc\.RetryInfo$/);
  });
});
