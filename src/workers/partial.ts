// The worker's side of a connector that opted in to partial aggregation (src/core/partial.ts):
// in place of a forwarder, the connector's own aggregator folds every payload in locally, and a
// timer ships the partial state to the leader's instance, which merges it. What crosses the IPC
// channel is one state per interval, sized by the number of series rather than by the span rate.
//
// A consume() resolves once the payload is folded in: as in one process, where the connector
// aggregates and answers at once. A state the leader refuses (it is starting, reloading or
// stopping: retryable) stays queued and goes first at the next tick; shutdown ships what is left
// and waits for the answers, retrying a refused state for a few seconds before it gives up.

import type { Logger } from 'pino';
import type { Connector, ConnectorFactory } from '../core/component.js';
import { ConsumerError, type RequestContext } from '../core/consumer.js';
import type { PartialAggregator } from '../core/partial.js';
import { partialAggregationOf } from '../core/partial.js';
import type { Payload } from '../core/payload.js';
import type { LeaderLink } from './forward.js';
import { connectorTarget, type TargetKey } from './wire.js';

const DEFAULT_SHIP_MS = 250;
/** States kept while the leader refuses them (a reload takes well under this many ticks). */
const MAX_QUEUED = 240;
const SHUTDOWN_RETRY_MS = 5_000;

export class PartialShipper implements Connector {
  readonly mutatesData = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly queued: unknown[] = [];
  private shipping: Promise<boolean> | undefined;

  constructor(
    private readonly aggregator: PartialAggregator,
    private readonly link: LeaderLink,
    private readonly target: TargetKey,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    try {
      this.aggregator.add(data, ctx);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.ship(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes the current state and sends every queued one in order; false when one was refused as retryable. */
  ship(): Promise<boolean> {
    this.shipping ??= this.sendQueued().finally(() => (this.shipping = undefined));
    return this.shipping;
  }

  private async sendQueued(): Promise<boolean> {
    const state = this.aggregator.take();
    if (state !== undefined) this.queued.push(state);
    if (this.queued.length > MAX_QUEUED) {
      const dropped = this.queued.splice(0, this.queued.length - MAX_QUEUED).length;
      this.logger.error({ target: this.target, dropped }, 'the leader refused partial aggregation states for too long; the oldest were dropped');
    }
    while (this.queued.length > 0) {
      try {
        await this.link.merge(this.target, this.queued[0]);
        this.queued.shift();
      } catch (err) {
        if (err instanceof ConsumerError && err.kind === 'retryable') return false;
        this.queued.shift();
        this.logger.error({ target: this.target, err: (err as Error).message }, 'the leader rejected a partial aggregation state; it is dropped');
      }
    }
    return true;
  }

  async shutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.shipping;
    const deadline = Date.now() + SHUTDOWN_RETRY_MS;
    while (!(await this.ship())) {
      // No leader (it exited): nothing can be delivered, so the worker does not wait to exit.
      if (Date.now() >= deadline || this.link.isClosed) {
        this.logger.error(
          { target: this.target, states: this.queued.length },
          'partial aggregation states not delivered to the leader before shutdown',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The connector factory a worker builds from for an opted-in connector: same type and pairs, shipping instances. */
export function partialConnectorFactory(real: ConnectorFactory, link: LeaderLink): ConnectorFactory {
  const partial = partialAggregationOf(real)!;
  return {
    ...real,
    create(ctx, cfg, from, to): Connector {
      const aggregator = partial.createAggregator(ctx, cfg, from, to);
      return new PartialShipper(aggregator, link, connectorTarget(ctx.id, from, to), partial.shipIntervalMs ?? DEFAULT_SHIP_MS, ctx.logger);
    },
  };
}
