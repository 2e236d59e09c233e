// An ExporterMetrics that records what the exporter helper reports, for tests of the helper itself
// (component tests read the real registry through BuiltExporter.metricsText()).

import type { Signal } from '../core/payload.js';
import type { ExporterMetrics } from '../core/telemetry.js';

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
