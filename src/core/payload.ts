// What flows through pipelines: one of the three OTLP signal payloads from src/pdata. The graph
// only counts items and clones for consumers that mutate; components narrow on `signal` to reach
// the signal's model (`if (p.signal === 'logs') p.forEachLogRecord(…)`).
//
// The import is type-only, so core still loads nothing above it at run time; src/pdata in turn
// implements PayloadBase from here.

import type { Logs, Metrics, Traces } from '../pdata/index.js';

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

/** What every signal payload class implements (src/pdata/otlp-payload.ts). */
export interface PayloadBase {
  readonly signal: Signal;
  /** Spans, data points or log records: cheap (no full decode where the codec can count). */
  itemCount(): number;
  /** A deep, independent copy for a consumer that declares it mutates data. */
  clone(): PayloadBase;
  /** The serialized Export*ServiceRequest (the received bytes when unchanged). */
  toProto(): Buffer;
  /** OTLP/JSON. */
  toJSON(): string;
  /** Requests of at most `max` items each, in order; [this] when it fits. */
  splitByItems(max: number): PayloadBase[];
}

export type Payload = Traces | Metrics | Logs;

/** The payload type of one signal. */
export type PayloadOf<S extends Signal> = Extract<Payload, { readonly signal: S }>;

/** The unit in which the Go collector names per-signal self-metrics. */
export const ITEM_NOUN: Record<Signal, string> = {
  traces: 'spans',
  metrics: 'metric_points',
  logs: 'log_records',
};
