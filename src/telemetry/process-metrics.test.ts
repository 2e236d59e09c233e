import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './metrics.js';
import { registerProcessMetrics } from './process-metrics.js';

function values(reg: MetricsRegistry): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of reg.collect()) {
    if (f.type !== 'histogram' && f.samples[0]) out.set(f.name, f.samples[0].value);
  }
  return out;
}

test('process metrics are read at scrape time with plausible values', () => {
  const reg = new MetricsRegistry('basic');
  const off = registerProcessMetrics(reg);
  try {
    const a = values(reg);
    assert.ok(a.get('otelcol_process_uptime')! > 0);
    assert.ok(a.get('otelcol_process_cpu_seconds')! > 0);
    assert.ok(a.get('otelcol_process_memory_rss')! > 1e6);
    assert.ok(a.get('otelcol_process_runtime_heap_alloc_bytes')! > 1e5);
    assert.ok(a.get('otelcol_process_runtime_total_sys_memory_bytes')! >= a.get('otelcol_process_runtime_heap_alloc_bytes')!);
    // Allocate and drop enough to force collections: total alloc keeps growing past live heap.
    let keep: unknown[] = [];
    for (let i = 0; i < 300_000; i++) {
      keep.push({ i, s: `item-${i}` });
      if (keep.length > 10_000) keep = [];
    }
    const b = values(reg);
    assert.ok(b.get('otelcol_process_runtime_total_alloc_bytes')! > a.get('otelcol_process_runtime_total_alloc_bytes')!);
    assert.ok(b.get('otelcol_process_runtime_total_alloc_bytes')! > b.get('otelcol_process_runtime_heap_alloc_bytes')!);
    assert.ok(b.get('otelcol_process_uptime')! >= a.get('otelcol_process_uptime')!);
    const types = new Map(reg.collect().map((f) => [f.name, f.type]));
    assert.equal(types.get('otelcol_process_uptime'), 'counter');
    assert.equal(types.get('otelcol_process_cpu_seconds'), 'counter');
    assert.equal(types.get('otelcol_process_runtime_total_alloc_bytes'), 'counter');
    assert.equal(types.get('otelcol_process_memory_rss'), 'gauge');
  } finally {
    off();
  }
  assert.deepEqual(values(reg).size, 0, 'unregistered series disappear');
});
