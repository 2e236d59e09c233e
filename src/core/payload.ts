// The signal-agnostic face of telemetry data as the pipeline graph sees it. The graph only counts
// items and clones for consumers that mutate; the signal models under src/pdata implement it.

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

export interface Payload {
  readonly signal: Signal;
  /** Spans, data points or log records: cheap (no full decode where the codec can count). */
  itemCount(): number;
  /** A deep, independent copy for a consumer that declares it mutates data. */
  clone(): Payload;
}

/** The unit in which the Go collector names per-signal self-metrics. */
export const ITEM_NOUN: Record<Signal, string> = {
  traces: 'spans',
  metrics: 'metric_points',
  logs: 'log_records',
};
