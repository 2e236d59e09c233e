// A Consumer that records what arrives, for the far end of a receiver or processor under test. It
// can be told to refuse (as a busy or broken pipeline would) and waited on.

import type { Consumer, ConsumerError, RequestContext } from '../core/consumer.js';
import type { Payload } from '../core/payload.js';
import { waitFor } from './wait.js';

export class RecordingConsumer implements Consumer {
  readonly mutatesData = false;
  readonly payloads: Payload[] = [];
  readonly contexts: RequestContext[] = [];
  /** When set, every consume() rejects with it (and records nothing). */
  refuseWith: ConsumerError | Error | undefined;

  async consume(data: Payload, ctx: RequestContext): Promise<void> {
    if (this.refuseWith) throw this.refuseWith;
    this.payloads.push(data);
    this.contexts.push(ctx);
  }

  /** Items (spans, data points, log records) received so far. */
  itemCount(): number {
    let n = 0;
    for (const p of this.payloads) n += p.itemCount();
    return n;
  }

  /** Resolves once at least `items` items have arrived. */
  waitForItems(items: number, ms = 5_000): Promise<void> {
    return waitFor(() => this.itemCount() >= items, ms, `${items} items received (have ${this.itemCount()})`);
  }
}
