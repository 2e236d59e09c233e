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
import { ResourceSpans, ScopeSpans } from '../../../pdata/trace-model.js';
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

function roundSums(x: Json): Json {
  if (Array.isArray(x)) return x.map(roundSums);
  if (!x || typeof x !== 'object') return x;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(x)) out[k] = k === 'sum' && typeof v === 'number' ? Number(v.toPrecision(12)) : roundSums(v);
  return out;
}

/** The spans of `t` in two parts: the first and second half of every scope's spans (order kept within each). */
function halves(t: Traces): [Traces, Traces] {
  const part = (first: boolean): Traces =>
    new Traces(
      t.resourceSpans.map((rs) => {
        const r = new ResourceSpans();
        r.resource = rs.resource;
        r.scopeSpans = rs.scopeSpans.map((ss) => {
          const s = new ScopeSpans();
          s.scope = ss.scope;
          const cut = Math.ceil(ss.spans.length / 2);
          s.spans = first ? ss.spans.slice(0, cut) : ss.spans.slice(cut);
          return s;
        });
        return r;
      }),
    );
  return [part(true), part(false)];
}

// The --workers hook: two workers each aggregate half the spans, the leader merges their partials;
// the flushes equal Go's one-process output.
for (const c of CASES) {
  test(`worker partials merged in the leader: ${c.name} equals Go's one process`, () => {
    const { cfg } = decodeConfig<SpanMetricsConfig>(spanMetricsConnectorFactory, c.connector);
    const settings = resolveSettings(cfg);
    const leader = new SpanMetricsAggregator(settings);
    const workers = [new SpanMetricsAggregator(settings), new SpanMetricsAggregator(settings)];
    const t0 = 1_800_000_000_000_000_000n;
    halves(c.traces()).forEach((part, i) => workers[i]!.consume(part, t0, 0));
    // As src/workers ships it: structured clone, so class instances arrive as plain objects.
    for (const w of workers) leader.mergePartial(structuredClone(w.takePartial()), 0);
    for (const w of workers) assert.equal(w.stats.series, 0);
    const got = normaliseFlushes([
      JSON.parse(leader.flush(t0 + 1_000_000_000n, 1000).toJSON()),
      JSON.parse(leader.flush(t0 + 2_000_000_000n, 2000).toJSON()),
    ]);
    const golden = JSON.parse(readFileSync(new URL(`${c.name}.json`, GOLDEN), 'utf8')) as { flushes: Json[] };
    const want = normaliseFlushes(golden.flushes.length === 1 ? [...golden.flushes, {}] : golden.flushes);
    // Two partial sums added differ from one running sum in the last bits of a double.
    assert.deepEqual(roundSums(got), roundSums(want));
  });
}

test('golden fixtures are not trivial: every case has data points with counts', () => {
  for (const c of CASES) {
    const golden = readFileSync(new URL(`${c.name}.json`, GOLDEN), 'utf8');
    assert.match(golden, /"asInt": "[1-9]/, c.name);
  }
});
