// 100k distinct span names (URLs as span names are the common way this happens) through the
// connector with its default config, decoded from OTLP protobuf as a receiver would hand them
// over: the series stop at the limit, the heap stays flat past it, and the overflow series
// counts every span that did not get its own series.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KeyValue, ResourceSpans, ScopeSpans, Span, Traces, type Sum, type Histogram } from '../../../pdata/index.js';
import { decodeConfig } from '../../../testing/components.js';
import { SpanMetricsAggregator, OVERFLOW_KEY } from './aggregate.js';
import { DEFAULT_CARDINALITY_LIMIT, resolveSettings, type SpanMetricsConfig } from './config.js';
import { spanMetricsConnectorFactory } from './factory.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** One request of `n` spans named /item/<from…from+n-1>, as protobuf bytes. */
function request(from: number, n: number): Buffer {
  const rs = new ResourceSpans();
  rs.resource.attributes = [new KeyValue('service.name', 'shop'), new KeyValue('service.instance.id', 'i-1')];
  const ss = new ScopeSpans();
  for (let i = 0; i < n; i++) {
    const s = new Span();
    s.traceId = 'T'.repeat(16);
    s.spanId = 'S'.repeat(8);
    s.name = `/item/${from + i}?session=${(from + i) * 7919}`;
    s.kind = 2;
    s.startTimeUnixNano = 1_800_000_000_000_000_000n;
    s.endTimeUnixNano = 1_800_000_000_003_000_000n;
    ss.spans.push(s);
  }
  rs.scopeSpans = [ss];
  return new Traces([rs]).toProto();
}

test('100k distinct span names: series capped at the limit, heap flat, overflow counts the rest', () => {
  const { cfg, issues } = decodeConfig<SpanMetricsConfig>(spanMetricsConnectorFactory, null);
  assert.deepEqual(issues, []);
  const agg = new SpanMetricsAggregator(resolveSettings(cfg));
  const BATCH = 1000;
  const TOTAL = 100_000;
  const now = 1_800_000_000_000_000_000n;
  // Up to the limit, then a little past it so the overflow series exist, then measure.
  for (let i = 0; i < DEFAULT_CARDINALITY_LIMIT + BATCH; i += BATCH) agg.consume(Traces.fromProto(request(i, BATCH)), now, 0);
  const atLimit = heapAfterGc();
  const started = performance.now();
  for (let i = DEFAULT_CARDINALITY_LIMIT + BATCH; i < TOTAL; i += BATCH) agg.consume(Traces.fromProto(request(i, BATCH)), now, 0);
  const ms = performance.now() - started;
  const after = heapAfterGc();
  const grewMiB = (after - atLimit) / 2 ** 20;
  console.log(
    `# 97k spans past the limit in ${ms.toFixed(0)} ms (${((97_000 / ms) * 1000).toFixed(0)} spans/s incl. decode); heap ${(atLimit / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB`,
  );
  // calls and duration: the limit each, plus one overflow series each.
  assert.equal(agg.stats.series, 2 * (DEFAULT_CARDINALITY_LIMIT + 1));
  assert.equal(agg.stats.overflowItems, TOTAL - DEFAULT_CARDINALITY_LIMIT);
  assert.ok(grewMiB < 2, `heap grew ${grewMiB.toFixed(2)} MiB past the limit`);

  agg.flush(now + 1n, 0);
  const m = agg.flush(now + 2n, 0);
  const [calls, duration] = m.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
  const points = (calls!.data as Sum).dataPoints;
  assert.equal(points.length, DEFAULT_CARDINALITY_LIMIT + 1);
  const overflow = points.find((p) => p.attributes.some((a) => a.key === OVERFLOW_KEY && a.value === true))!;
  assert.equal(overflow.attributes.length, 1);
  assert.equal(overflow.value, BigInt(TOTAL - DEFAULT_CARDINALITY_LIMIT));
  let counted = 0n;
  for (const p of points) counted += p.value as bigint;
  assert.equal(counted, BigInt(TOTAL));
  let observed = 0n;
  for (const p of (duration!.data as Histogram).dataPoints) observed += p.count;
  assert.equal(observed, BigInt(TOTAL));
});
