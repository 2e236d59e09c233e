// How an aggregating connector runs under `--workers` without its input crossing processes
// (src/workers/README.md, "Partial aggregation"). A connector with one owner (`placement:
// 'leader'`) normally gets every payload forwarded from the workers to the leader over IPC. One
// that opts in here instead runs a small aggregator in each worker, which ships its partial state
// (a few entries per series, whatever the span rate) to the leader, where the connector merges it.

import type { ConnectorFactory, CreateContext } from './component.js';
import type { RequestContext } from './consumer.js';
import type { Payload, Signal } from './payload.js';

/** The worker side: folds payloads into a partial state the leader can merge. */
export interface PartialAggregator<P = unknown> {
  /** Folds one payload in. Throwing refuses the payload (a ConsumerError keeps its kind). */
  add(data: Payload, ctx: RequestContext): void;
  /**
   * The state folded since the last take, and a fresh one started; undefined when nothing was
   * added. It crosses the IPC channel by structured clone: plain objects, arrays, strings,
   * numbers, bigints, Maps, Uint8Arrays — no class instances or functions.
   */
  take(): P | undefined;
}

export interface PartialAggregation<C = unknown, P = unknown> {
  createAggregator(ctx: CreateContext, cfg: C, from: Signal, to: Signal): PartialAggregator<P>;
  /** How often a worker ships its partial state (default 250 ms); shutdown ships what is left. */
  shipIntervalMs?: number;
}

/** The leader side: the instance the factory's `create()` returns also merges the workers' states. */
export interface PartialMerger<P = unknown> {
  merge(partial: P): Promise<void> | void;
}

/** A connector factory that opts in: `export const f: ConnectorFactory<C> & WithPartialAggregation<C, P> = { … }`. */
export interface WithPartialAggregation<C = unknown, P = unknown> {
  partial: PartialAggregation<C, P>;
}

export function partialAggregationOf(factory: ConnectorFactory): PartialAggregation | undefined {
  const p = (factory as ConnectorFactory & Partial<WithPartialAggregation>).partial;
  return p !== undefined && typeof p.createAggregator === 'function' ? p : undefined;
}

export function isPartialMerger(instance: unknown): instance is PartialMerger {
  return typeof (instance as Partial<PartialMerger> | null)?.merge === 'function';
}
