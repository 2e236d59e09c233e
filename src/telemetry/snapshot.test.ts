import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './metrics.js';
import { renderExposition } from './exposition.js';
import { cumulativePart, mergeFamilies, sumSnapshots, type MetricsSnapshot } from './snapshot.js';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

/** A snapshot after the structured clone the IPC channel applies. */
function cloned(s: MetricsSnapshot): MetricsSnapshot {
  return structuredClone(s);
}

test('a snapshot carries every family at every level, observers read, as plain data', () => {
  const reg = new MetricsRegistry('basic');
  reg.receiver('otlp', 'http').accepted('traces', 7);
  reg.counter('detail_only', { help: 'x', level: 'detailed' }).add(2);
  reg.histogram('lat', { help: 'h', buckets: [1, 10] }).record(5);
  reg.observe('q', { help: 'g' }, () => 3);
  const snap = cloned(reg.snapshot());
  const names = snap.families.map((f) => f.name);
  assert.deepEqual(names, [
    'detail_only',
    'lat',
    'otelcol_receiver_accepted_spans',
    'otelcol_receiver_failed_spans',
    'otelcol_receiver_refused_spans',
    'q',
  ]);
  assert.equal(snap.families.find((f) => f.name === 'detail_only')!.level, 'detailed');
  const q = snap.families.find((f) => f.name === 'q')!;
  assert.ok(q.type === 'gauge');
  assert.equal(q.samples[0]!.value, 3);
  assert.deepEqual(
    reg.snapshot((n) => n !== 'q').families.map((f) => f.name),
    ['q'],
  );
});

test('merged exposition sums identical series, keeps distinct ones, and honours the level', () => {
  const leader = new MetricsRegistry('normal', { 'service.name': 'otelcol-ts' });
  const w1 = new MetricsRegistry('normal');
  const w2 = new MetricsRegistry('normal');
  w1.receiver('otlp', 'http').accepted('traces', 10);
  w2.receiver('otlp', 'http').accepted('traces', 32);
  w2.receiver('otlp', 'grpc').accepted('traces', 5);
  for (const r of [leader, w1, w2]) r.histogram('otelcol_lat', { help: 'h', buckets: [1, 10] }).record(r === leader ? 0.5 : 5);
  w1.observe('otelcol_process_memory_rss', { help: 'rss' }, () => 100);
  w2.observe('otelcol_process_memory_rss', { help: 'rss' }, () => 50);
  leader.observe('otelcol_process_memory_rss', { help: 'rss' }, () => 20);
  w1.counter('otelcol_hidden', { help: 'detailed only', level: 'detailed' }).add(1);

  const families = mergeFamilies(leader.collect(), [cloned(w1.snapshot()), cloned(w2.snapshot())], leader.level);
  const text = renderExposition(families, leader.resourceLabels);
  assert.match(line(text, 'otelcol_receiver_accepted_spans{receiver="otlp",service_name="otelcol-ts",transport="http"}')!, / 42$/);
  assert.match(line(text, 'otelcol_receiver_accepted_spans{receiver="otlp",service_name="otelcol-ts",transport="grpc"}')!, / 5$/);
  assert.match(line(text, 'otelcol_process_memory_rss{service_name="otelcol-ts"}')!, / 170$/);
  assert.match(line(text, 'otelcol_lat_bucket{service_name="otelcol-ts",le="1"}')!, / 1$/);
  assert.match(line(text, 'otelcol_lat_bucket{service_name="otelcol-ts",le="10"}')!, / 3$/);
  assert.match(line(text, 'otelcol_lat_count{service_name="otelcol-ts"}')!, / 3$/);
  assert.match(line(text, 'otelcol_lat_sum{service_name="otelcol-ts"}')!, / 10\.5$/);
  assert.equal(line(text, 'otelcol_hidden'), undefined, 'a detailed family stays hidden at normal');
  assert.equal(text.match(/^# TYPE otelcol_receiver_accepted_spans counter$/gm)?.length, 1);
  assert.deepEqual(mergeFamilies(leader.collect(), [w1.snapshot()], 'none'), []);
});

test('what a gone process counted stays counted; its gauges do not', () => {
  const w = new MetricsRegistry();
  w.receiver('otlp', 'http').accepted('logs', 4);
  w.observe('otelcol_exporter_queue_size', { help: 'q' }, () => 9);
  const retired = sumSnapshots([{ families: [] }, cumulativePart(w.snapshot())]);
  const again = sumSnapshots([retired, cumulativePart(w.snapshot())]);
  const accepted = again.families.find((f) => f.name === 'otelcol_receiver_accepted_log_records')!;
  assert.equal(accepted.type !== 'histogram' && accepted.samples[0]!.value, 8);
  assert.equal(
    again.families.find((f) => f.name === 'otelcol_exporter_queue_size'),
    undefined,
  );
});

test('a histogram with other bucket bounds is not summed into one it cannot match', () => {
  const a = new MetricsRegistry();
  const b = new MetricsRegistry();
  a.histogram('h', { help: 'h', buckets: [1, 2] }).record(1);
  b.histogram('h', { help: 'h', buckets: [5] }).record(1);
  const merged = sumSnapshots([a.snapshot(), b.snapshot()]);
  const h = merged.families[0]!;
  assert.equal(h.type === 'histogram' && h.samples[0]!.count, 1);
});
