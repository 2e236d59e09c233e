// The bounded in-memory queue of one exporter and signal (Go: core `exporter/exporterhelper/
// internal/queue/memory_queue.go`). Capacity counts requests, items or bytes, and a request
// keeps its share until its send has finished, as Go releases it only when the consumer is
// done: queue_size bounds what is waiting plus what is being sent.

import type { Payload } from '../../core/payload.js';

export interface QueuedRequest<Req = unknown> {
  /** The data as consumed, until it is encoded (then dropped, so a queued request is held in one form). */
  payload: Payload | undefined;
  /** The exporter's encoded request, once encoded (at enqueue for `sizer: bytes`, else at the first attempt). */
  request?: Req;
  encoded: boolean;
  items: number;
  size: number;
  /** Set with wait_for_result: settles the consume() that queued the request. */
  done?: { resolve(): void; reject(err: unknown): void };
}

interface SpaceWaiter {
  size: number;
  resolve(): void;
  reject(err: unknown): void;
}

export class BoundedQueue<Req = unknown> {
  /** Capacity units held by waiting and in-flight requests. */
  used = 0;
  /** Requests being sent. */
  active = 0;
  private readonly waiting: QueuedRequest<Req>[] = [];
  private head = 0;
  private readonly spaceWaiters: SpaceWaiter[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.waiting.length - this.head;
  }

  /** True when `size` more units fit now and nobody queued for space before. */
  fits(size: number): boolean {
    return this.spaceWaiters.length === 0 && this.used + size <= this.capacity;
  }

  /** Waits (FIFO) until `size` units fit; rejects when the queue is closed meanwhile. */
  waitForSpace(size: number): Promise<void> {
    return new Promise((resolve, reject) => this.spaceWaiters.push({ size, resolve, reject }));
  }

  /** Adds a request that fits; `reserved` when waitForSpace() already took its units. */
  push(req: QueuedRequest<Req>, reserved = false): void {
    if (!reserved) this.used += req.size;
    this.waiting.push(req);
  }

  shift(): QueuedRequest<Req> | undefined {
    if (this.head >= this.waiting.length) return undefined;
    const req = this.waiting[this.head]!;
    this.waiting[this.head++] = undefined as unknown as QueuedRequest<Req>;
    // Compact once the consumed prefix dominates, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    return req;
  }

  /** Gives back the units of a request whose send has finished, and admits waiting producers. */
  release(size: number): void {
    this.used -= size;
    while (this.spaceWaiters.length > 0) {
      const w = this.spaceWaiters[0]!;
      if (this.used + w.size > this.capacity) break;
      this.spaceWaiters.shift();
      // Reserve the space now so a producer arriving in between cannot take it.
      this.used += w.size;
      w.resolve();
    }
  }

  /** Refuses every producer still waiting for space. */
  rejectWaiters(err: unknown): void {
    for (const w of this.spaceWaiters.splice(0)) w.reject(err);
  }

  /** Removes and returns every request not yet being sent. */
  drainWaiting(): QueuedRequest<Req>[] {
    const out = this.waiting.slice(this.head);
    this.waiting.length = 0;
    this.head = 0;
    for (const r of out) this.used -= r.size;
    return out;
  }
}
