// Test doubles for code built on the exporterhelper: a countable payload, recording exporter
// metrics, and a pino logger whose lines land in an array.

import { pino, type Logger } from 'pino';
import type { Payload, Signal } from '../../core/payload.js';
import type { ExporterMetrics } from '../../core/telemetry.js';

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

export class RecordingMetrics implements ExporterMetrics {
  readonly counts = { sent: 0, sendFailed: 0, enqueueFailed: 0 };
  readonly queues = new Map<Signal, { size: () => number; capacity: number; unregistered: boolean }>();
  sent(_s: Signal, items: number): void {
    this.counts.sent += items;
  }
  sendFailed(_s: Signal, items: number): void {
    this.counts.sendFailed += items;
  }
  enqueueFailed(_s: Signal, items: number): void {
    this.counts.enqueueFailed += items;
  }
  observeQueue(signal: Signal, size: () => number, capacity: number): () => void {
    const entry = { size, capacity, unregistered: false };
    this.queues.set(signal, entry);
    return () => {
      entry.unregistered = true;
    };
  }
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}

/** A promise with its settle functions, for sends a test finishes by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Polls `cond` every few milliseconds until it holds (or fails the test after `ms`). */
export async function waitFor(cond: () => boolean, ms = 2_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
