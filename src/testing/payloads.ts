// A countable payload for tests of mechanisms that only count and clone (exporter helper, queues).

import type { Payload, Signal } from '../core/payload.js';

export class FakePayload implements Payload {
  constructor(
    readonly signal: Signal,
    readonly items: number,
    readonly tag = '',
  ) {}
  itemCount(): number {
    return this.items;
  }
  clone(): Payload {
    return new FakePayload(this.signal, this.items, this.tag);
  }
}
