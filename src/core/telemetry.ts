// The self-telemetry surface components use. Instruments are get-or-create by name, so a config
// reload re-registers the same series and counters keep counting across it.

import type { Signal } from './payload.js';

export type Labels = Readonly<Record<string, string>>;
export type MetricsLevel = 'none' | 'basic' | 'normal' | 'detailed';

export interface InstrumentOptions {
  help: string;
  /** UCUM unit, e.g. `{span}`, `By`, `s`: shown in HELP, not in the name (Go: without_units). */
  unit?: string;
  /** The lowest telemetry level at which the instrument is exported (default `basic`). */
  level?: MetricsLevel;
}

export interface Counter {
  add(value: number, labels?: Labels): void;
}

export interface Gauge {
  set(value: number, labels?: Labels): void;
  add(delta: number, labels?: Labels): void;
}

export interface Histogram {
  record(value: number, labels?: Labels): void;
}

/** A reading taken at scrape time: one value, or one value per label set. */
export type ObservedValues = number | Iterable<readonly [Labels, number]>;

export interface Telemetry {
  readonly level: MetricsLevel;
  counter(name: string, opts: InstrumentOptions): Counter;
  gauge(name: string, opts: InstrumentOptions): Gauge;
  histogram(name: string, opts: InstrumentOptions & { buckets: readonly number[] }): Histogram;
  /** Registers a callback read at scrape time; the returned function unregisters it. */
  observe(name: string, opts: InstrumentOptions & { kind?: 'gauge' | 'counter' }, read: () => ObservedValues): () => void;

  /** The standard `otelcol_receiver_*` series for one receiver ID and transport. */
  receiver(id: string, transport: string): ReceiverMetrics;
  /** The standard `otelcol_processor_*` series for one processor ID in one pipeline. */
  processor(id: string, pipeline: string): ProcessorMetrics;
  /** The standard `otelcol_exporter_*` series for one exporter ID. */
  exporter(id: string): ExporterMetrics;
}

export interface ReceiverMetrics {
  accepted(signal: Signal, items: number): void;
  refused(signal: Signal, items: number): void;
  failed(signal: Signal, items: number): void;
}

export interface ProcessorMetrics {
  incoming(signal: Signal, items: number): void;
  outgoing(signal: Signal, items: number): void;
}

export interface ExporterMetrics {
  sent(signal: Signal, items: number): void;
  sendFailed(signal: Signal, items: number): void;
  enqueueFailed(signal: Signal, items: number): void;
  /** Queue size and capacity read at scrape time; the returned function unregisters them. */
  observeQueue(signal: Signal, size: () => number, capacity: number): () => void;
}
