// The `otelcol_process_*` series of the Go collector (core `service/internal/proctelemetry/
// config.go`, `service/documentation.md`), read at scrape time. Go reads its runtime.MemStats;
// Node's nearest equivalents, chosen per series:
// - runtime_heap_alloc_bytes       ← V8 heapUsed (live JS heap objects, as Go's HeapAlloc).
// - runtime_total_alloc_bytes      ← bytes ever allocated on the V8 heap: heapUsed now plus every
//   byte a garbage collection has reclaimed since start, measured with v8.GCProfiler (drained
//   every 10 s so its per-GC records stay small). Monotonic, like Go's TotalAlloc.
// - runtime_total_sys_memory_bytes ← heapTotal + external: memory the JS heap reserved from the OS
//   plus off-heap buffers (Buffers, ArrayBuffers), the parts Go's Sys counts for its own runtime.
// - memory_rss, cpu_seconds, uptime ← the OS view, as in Go (gopsutil).

import v8 from 'node:v8';
import type { Telemetry } from '../core/telemetry.js';

interface GCRecord {
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

interface GCProfilerLike {
  start(): void;
  stop(): { statistics: GCRecord[] } | undefined;
}

const DRAIN_MS = 10_000;

/** Bytes the garbage collector has reclaimed since `start()`. */
class ReclaimedBytes {
  private profiler: GCProfilerLike | undefined;
  private timer: NodeJS.Timeout | undefined;
  private total = 0;

  start(): void {
    const Ctor = (v8 as unknown as { GCProfiler?: new () => GCProfilerLike }).GCProfiler;
    if (!Ctor || this.profiler) return;
    this.profiler = new Ctor();
    this.profiler.start();
    this.timer = setInterval(() => this.drain(), DRAIN_MS);
    this.timer.unref();
  }

  /** Folds the GCs recorded so far into the total and keeps recording. */
  drain(): number {
    if (!this.profiler) return this.total;
    const result = this.profiler.stop();
    for (const gc of result?.statistics ?? []) {
      const freed = gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      if (freed > 0) this.total += freed;
    }
    this.profiler.start();
    return this.total;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.profiler) this.drain();
    this.profiler?.stop();
    this.profiler = undefined;
  }
}

/** Registers the process series; the returned function unregisters them and stops GC accounting. */
export function registerProcessMetrics(telemetry: Telemetry): () => void {
  const reclaimed = new ReclaimedBytes();
  reclaimed.start();
  // A GC triggered between draining and reading heapUsed would dip the sum for one scrape.
  let lastTotalAlloc = 0;
  const offs = [
    telemetry.observe('otelcol_process_uptime', { help: 'Uptime of the process.', unit: 's', kind: 'counter' }, () => process.uptime()),
    telemetry.observe('otelcol_process_cpu_seconds', { help: 'Total CPU user and system time in seconds.', unit: 's', kind: 'counter' }, () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    }),
    telemetry.observe('otelcol_process_memory_rss', { help: 'Total physical memory (resident set size).', unit: 'By' }, () =>
      process.memoryUsage.rss(),
    ),
    telemetry.observe(
      'otelcol_process_runtime_heap_alloc_bytes',
      { help: 'Bytes of allocated heap objects (V8 heapUsed).', unit: 'By' },
      () => process.memoryUsage().heapUsed,
    ),
    telemetry.observe(
      'otelcol_process_runtime_total_alloc_bytes',
      { help: 'Cumulative bytes allocated for heap objects (V8 heapUsed plus bytes reclaimed by GC).', unit: 'By', kind: 'counter' },
      () => (lastTotalAlloc = Math.max(lastTotalAlloc, reclaimed.drain() + process.memoryUsage().heapUsed)),
    ),
    telemetry.observe(
      'otelcol_process_runtime_total_sys_memory_bytes',
      { help: 'Total bytes of memory obtained from the OS (V8 heapTotal plus external memory).', unit: 'By' },
      () => {
        const m = process.memoryUsage();
        return m.heapTotal + m.external;
      },
    ),
  ];
  return () => {
    for (const off of offs) off();
    reclaimed.stop();
  };
}
