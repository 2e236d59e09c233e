// The same spans through Go's spanmetrics (recorded in testdata/golden by record-golden.ts) and
// through ours give the same metrics: names, units, temporality, resources, attributes (order
// included), counts, sums, bucket bounds and counts, exponential scale/offset/buckets, exemplars.
// Timestamps differ in value, so each is replaced by its rank among the case's timestamps
// (consume < first flush < second flush), which keeps what they mean: a cumulative start stays
// the consume time, a delta start becomes the previous flush. Data points are sorted by their
// attributes because Go emits them in its map's random order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Traces } from '../../../pdata/traces.js';
import { decodeConfig } from '../../../testing/components.js';
import { SpanMetricsAggregator } from './aggregate.js';
import { resolveSettings, type SpanMetricsConfig } from './config.js';
import { spanMetricsConnectorFactory } from './factory.js';
import { CASES } from './golden-cases.js';

const GOLDEN = new URL('../../../../src/components/connectors/spanmetrics/testdata/golden/', import.meta.url);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function collectTimes(x: Json, out: Set<bigint>): void {
  if (Array.isArray(x)) x.forEach((y) => collectTimes(y, out));
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if ((k === 'startTimeUnixNano' || k === 'timeUnixNano') && typeof v === 'string') out.add(BigInt(v));
      else collectTimes(v, out);
    }
  }
}

function normalise(x: Json, rank: Map<bigint, string>): Json {
  if (Array.isArray(x)) return x.map((y) => normalise(y, rank));
  if (!x || typeof x !== 'object') return x;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(x)) {
    if ((k === 'startTimeUnixNano' || k === 'timeUnixNano') && typeof v === 'string') out[k] = rank.get(BigInt(v))!;
    // Go's protojson writes an empty bucket message as {}; our OTLP/JSON encoder leaves it out.
    else if ((k === 'negative' || k === 'positive') && v && typeof v === 'object' && Object.keys(v).length === 0) continue;
    else if (k === 'dataPoints' && Array.isArray(v)) {
      out[k] = v
        .map((p) => normalise(p, rank))
        .sort((a, b) =>
          cmp(JSON.stringify((a as { attributes?: Json }).attributes ?? null), JSON.stringify((b as { attributes?: Json }).attributes ?? null)),
        );
    } else out[k] = normalise(v, rank);
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Both flushes of a case, with timestamps ranked across them and Go's `{}` read as no resources. */
function normaliseFlushes(flushes: Json[]): Json[] {
  const times = new Set<bigint>();
  flushes.forEach((f) => collectTimes(f, times));
  const rank = new Map([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((t, i) => [t, `T${i}`]));
  return flushes.map((f) => {
    const n = normalise(f, rank) as { resourceMetrics?: Json };
    return { resourceMetrics: n.resourceMetrics ?? [] };
  });
}

function ours(c: (typeof CASES)[number]): Json[] {
  const { cfg, issues } = decodeConfig<SpanMetricsConfig>(spanMetricsConnectorFactory, c.connector);
  assert.deepEqual(issues, []);
  const agg = new SpanMetricsAggregator(resolveSettings(cfg));
  // OTLP cases go through the codec, as Go got them; the Jaeger case through our translation.
  const input = c.jaeger ? c.traces() : Traces.fromProto(c.traces().toProto(), { validate: true });
  const t0 = 1_800_000_000_000_000_000n;
  agg.consume(input, t0, 0);
  const first = agg.flush(t0 + 1_000_000_000n, 1000);
  const second = agg.flush(t0 + 2_000_000_000n, 2000);
  return [JSON.parse(first.toJSON()), JSON.parse(second.toJSON())];
}

for (const c of CASES) {
  test(`golden: ${c.name} matches Go v0.130.0`, () => {
    const golden = JSON.parse(readFileSync(new URL(`${c.name}.json`, GOLDEN), 'utf8')) as { flushes: Json[] };
    const want = normaliseFlushes(golden.flushes.length === 1 ? [...golden.flushes, {}] : golden.flushes);
    const got = normaliseFlushes(ours(c));
    assert.deepEqual(got, want);
  });
}

test('golden fixtures are not trivial: every case has data points with counts', () => {
  for (const c of CASES) {
    const golden = readFileSync(new URL(`${c.name}.json`, GOLDEN), 'utf8');
    assert.match(golden, /"asInt": "[1-9]/, c.name);
  }
});
