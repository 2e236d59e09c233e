import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorFactory } from '../core/component.js';
import { ConsumerError } from '../core/consumer.js';
import type { PartialAggregator, WithPartialAggregation } from '../core/partial.js';
import type { Payload } from '../core/payload.js';
import { s } from '../core/schema.js';
import type { Traces } from '../pdata/index.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { testHost } from '../testing/host.js';
import { captureLogger, silentLogger } from '../testing/logger.js';
import { countedPayload, testPayload } from '../testing/payloads.js';
import { LeaderLink } from './forward.js';
import { OwnedComponents } from './owned.js';
import { partialConnectorFactory, type PartialShipper } from './partial.js';
import { encodeError, type WorkerMessage } from './wire.js';

type Counts = Map<string, bigint>;

function spanNames(data: Payload, into: Counts): void {
  for (const rs of (data as Traces).resourceSpans)
    for (const ss of rs.scopeSpans) for (const sp of ss.spans) into.set(sp.name, (into.get(sp.name) ?? 0n) + 1n);
}

/** An aggregating connector (spans per name) that opts in: workers count, the leader merges. */
function spanNameCounter(leaderTotals: Counts): ConnectorFactory & WithPartialAggregation<unknown, Counts> {
  return {
    kind: 'connector',
    type: 'namecount',
    description: 'test: spans per name',
    pairs: [{ from: 'traces', to: 'metrics', stability: 'alpha' }],
    config: s.object({}),
    placement: 'leader',
    create: () => ({
      mutatesData: false,
      async consume(data) {
        spanNames(data, leaderTotals);
      },
      merge(partial: Counts) {
        for (const [k, n] of partial) leaderTotals.set(k, (leaderTotals.get(k) ?? 0n) + n);
      },
      async start() {},
      async shutdown() {},
    }),
    partial: {
      shipIntervalMs: 20,
      createAggregator(): PartialAggregator<Counts> {
        let state: Counts = new Map();
        return {
          add: (data) => {
            if (data.signal !== 'traces') throw ConsumerError.permanent('traces only');
            spanNames(data, state);
          },
          take: () => {
            if (state.size === 0) return undefined;
            const out = state;
            state = new Map();
            return out;
          },
        };
      },
    },
  };
}

const ctx = (logger = silentLogger) => ({ id: 'namecount', kind: 'connector' as const, logger, telemetry: new MetricsRegistry() });
const next = { mutatesData: false, consume: async () => undefined };

/** A leader and `n` workers in one process; every message is structured-cloned as the IPC channel does. */
function cluster(n: number, logger = silentLogger) {
  const totals: Counts = new Map();
  const factory = spanNameCounter(totals);
  const owned = new OwnedComponents();
  const leader = owned.wrapConnector(factory).create(ctx(), {}, 'traces', 'metrics', next);
  const messages: WorkerMessage[] = [];
  const links: LeaderLink[] = [];
  const workers = Array.from({ length: n }, () => {
    const link: LeaderLink = new LeaderLink((msg) => {
      const m = structuredClone(msg);
      messages.push(m);
      assert.equal(m.otelcol, 'merge', 'an opted-in connector never forwards payloads');
      if (m.otelcol !== 'merge') return;
      owned.merge(m.target, m.partial).then(
        () => link.answer({ otelcol: 'forwarded', id: m.id }),
        (err: unknown) => link.answer({ otelcol: 'forwarded', id: m.id, error: encodeError(err) }),
      );
    });
    links.push(link);
    return partialConnectorFactory(factory, link).create(ctx(logger), {}, 'traces', 'metrics', next) as PartialShipper;
  });
  return { totals, leader, workers, messages, links };
}

test('workers fold payloads in locally and ship partial states; the leader merges them into the totals one process has', async () => {
  const { totals, leader, workers, messages } = cluster(2);
  await leader.start(testHost());
  for (const w of workers) await w.start();
  const sent: Counts = new Map();
  for (let i = 0; i < 50; i++) {
    const p = countedPayload('traces', 10, `r${i % 3}`);
    spanNames(p, sent);
    await workers[i % 2]!.consume(p, {});
  }
  await leader.consume(testPayload('traces', ['leader-local']), {});
  sent.set('leader-local', 1n);
  for (const w of workers) await w.shutdown();
  assert.deepEqual(new Map([...totals].sort()), new Map([...sent].sort()));
  // one small state per worker per tick, never one message per payload
  assert.ok(messages.length <= 2 * Math.ceil(50 / 2), `${messages.length} merge messages`);
  assert.ok(messages.length >= 2);
  await leader.shutdown();
});

test('states the leader refuses while it is not running stay queued and land once it runs', async () => {
  const { totals, leader, workers } = cluster(1);
  const w = workers[0]!;
  await w.start();
  await w.consume(testPayload('traces', ['a', 'b', 'a']), {});
  assert.equal(await w.ship(), false, 'refused as retryable: the leader instance is not listed yet');
  await w.consume(testPayload('traces', ['c']), {});
  assert.equal(await w.ship(), false);
  assert.equal(totals.size, 0);
  await leader.start(testHost());
  await w.shutdown();
  assert.deepEqual(Object.fromEntries(totals), { a: 2n, b: 1n, c: 1n });
  await leader.shutdown();
});

test('a payload the aggregator refuses is refused to the caller with its kind', async () => {
  const { workers } = cluster(1);
  await assert.rejects(
    workers[0]!.consume(testPayload('logs', ['x']), {}),
    (err: unknown) => err instanceof ConsumerError && err.kind === 'permanent',
  );
});

test('shutdown gives up on a leader that keeps refusing, and says how much was not delivered', async () => {
  const { logger, lines } = captureLogger();
  const { workers } = cluster(1, logger);
  const w = workers[0]!;
  await w.start();
  await w.consume(testPayload('traces', ['lost']), {});
  // the leader instance never starts; shutdown retries for 5 s
  const t0 = Date.now();
  await w.shutdown();
  assert.ok(Date.now() - t0 >= 4_900);
  assert.ok(lines.some((l) => /not delivered to the leader before shutdown/.test(String(l.msg)) && l.states === 1));
});

test('shutdown does not wait when the leader is gone', async () => {
  const { logger, lines } = captureLogger();
  const { workers, links } = cluster(1, logger);
  const w = workers[0]!;
  await w.start();
  await w.consume(testPayload('traces', ['lost']), {});
  links[0]!.close('the leader process exited');
  const t0 = Date.now();
  await w.shutdown();
  assert.ok(Date.now() - t0 < 1_000);
  assert.ok(lines.some((l) => /not delivered to the leader before shutdown/.test(String(l.msg))));
});
