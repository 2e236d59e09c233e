import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s } from '../core/schema.js';
import { ConsumerError, type RequestContext } from '../core/consumer.js';
import type { ConnectorFactory } from '../core/component.js';
import { testHost } from '../testing/host.js';
import type { Payload } from '../core/payload.js';
import { Traces } from '../pdata/index.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { silentLogger } from '../testing/logger.js';
import { forwardingConnectorFactory, LeaderLink } from './forward.js';
import { OwnedComponents } from './owned.js';
import type { WorkerMessage } from './wire.js';

const TRACES = Traces.fromJSON(
  JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: 'a1a2a3a4a5a6a7a8', name: 'one' },
              { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: 'b1a2a3a4a5a6a7a8', name: 'two' },
            ],
          },
        ],
      },
    ],
  }),
);

/** A connector whose consume() the test scripts, recording what reached it. */
function scriptedConnector(received: Array<[Payload, RequestContext]>, answer: () => Promise<void>): ConnectorFactory {
  return {
    kind: 'connector',
    type: 'scripted',
    description: 'test',
    pairs: [{ from: 'traces', to: 'traces', stability: 'stable' }],
    config: s.object({}),
    create: () => ({
      mutatesData: false,
      async consume(data, ctx) {
        received.push([data, ctx]);
        return answer();
      },
      async start() {},
      async shutdown() {},
    }),
  };
}

/** Leader and worker in one process, every message structured-cloned as the IPC channel does. */
async function pair(answer: () => Promise<void>) {
  const received: Array<[Payload, RequestContext]> = [];
  const owned = new OwnedComponents();
  const real = scriptedConnector(received, answer);
  const ctx = { id: 'scripted/a', kind: 'connector' as const, logger: silentLogger, telemetry: new MetricsRegistry() };
  const leaderSide = owned.wrapConnector(real).create(ctx, {}, 'traces', 'traces', { mutatesData: false, consume: async () => undefined });
  const link: LeaderLink = new LeaderLink((msg: WorkerMessage) => {
    const m = structuredClone(msg);
    if (m.otelcol !== 'forward') return;
    owned.dispatch(m.target, m.payload, m.ctx).then(
      () => setImmediate(() => link.answer(structuredClone({ otelcol: 'forwarded', id: m.id }))),
      (err: unknown) => {
        const error =
          err instanceof ConsumerError
            ? { message: err.message, kind: err.kind, retryAfterMs: err.retryAfterMs }
            : { message: (err as Error).message };
        setImmediate(() => link.answer(structuredClone({ otelcol: 'forwarded' as const, id: m.id, error })));
      },
    );
  });
  const workerSide = forwardingConnectorFactory(real, link).create(ctx, {}, 'traces', 'traces', {
    mutatesData: false,
    consume: async () => undefined,
  });
  return { received, leaderSide, workerSide, link };
}

const host = testHost();

test('a forwarded payload reaches the leader instance with its bytes, count and request context', async () => {
  const { received, leaderSide, workerSide } = await pair(async () => undefined);
  await leaderSide.start(host);
  const ctx: RequestContext = { metadata: new Map([['tenant', ['a', 'b']]]), auth: { subject: 'u1' }, clientAddress: '10.0.0.1' };
  await workerSide.consume(TRACES, ctx);
  assert.equal(received.length, 1);
  const [payload, rctx] = received[0]!;
  assert.ok(payload instanceof Traces);
  assert.equal(payload.itemCount(), 2);
  assert.deepEqual(payload.toProto(), TRACES.toProto());
  assert.deepEqual([...rctx.metadata!], [['tenant', ['a', 'b']]]);
  assert.deepEqual(rctx.auth, { subject: 'u1' });
  assert.equal(rctx.clientAddress, '10.0.0.1');
  await workerSide.shutdown();
});

test('the leader instance refusal reaches the worker with its kind and retry delay', async () => {
  let next: () => Promise<void> = async () => undefined;
  const { leaderSide, workerSide } = await pair(() => next());
  await leaderSide.start(host);
  next = async () => {
    throw ConsumerError.throttled('queue is full', 1500);
  };
  await assert.rejects(
    workerSide.consume(TRACES, {}),
    (err: unknown) => err instanceof ConsumerError && err.kind === 'throttled' && err.retryAfterMs === 1500 && err.message === 'queue is full',
  );
  next = async () => {
    throw ConsumerError.permanent('bad data');
  };
  await assert.rejects(workerSide.consume(TRACES, {}), (err: unknown) => err instanceof ConsumerError && err.kind === 'permanent');
  next = async () => {
    throw new Error('boom');
  };
  await assert.rejects(workerSide.consume(TRACES, {}), (err: unknown) => !(err instanceof ConsumerError) && (err as Error).message === 'boom');
});

test('a forward to an instance that is not running is retryable; so is one the leader never answers', async () => {
  const { leaderSide, workerSide, link } = await pair(() => new Promise<void>(() => undefined));
  await assert.rejects(
    workerSide.consume(TRACES, {}),
    (err: unknown) => err instanceof ConsumerError && err.kind === 'retryable' && /not running in the leader/.test(err.message),
  );
  await leaderSide.start(host);
  const hanging = workerSide.consume(TRACES, {});
  link.close('the leader process exited');
  await assert.rejects(hanging, (err: unknown) => err instanceof ConsumerError && err.kind === 'retryable');
  await assert.rejects(workerSide.consume(TRACES, {}), /the leader process exited/);
});
