// The scenario contract, and the helper most scenarios are built from: the same load against
// each side (baseline, ours, reference) in interleaved rounds, summarised per side with
// same-round ratios and goals. A new scenario is one small file in scenarios/ plus a line in
// scenarios/index.ts.

import { nopSubstituted, type ReceiverSpec, type SideName } from './configs.js';
import type { BenchContext } from './context.js';
import { ratioTable, sideTable, type Column, type GoalResult, type ScenarioResult, type Table, type Trial } from './result.js';
import { runRounds, type LoadSpec } from './trial.js';
import { SHAPES, type Shape } from './load/shapes.js';

/**
 * Requests in flight for the flat-out scenarios. Our batch processor answers a request only once
 * its batch is handed on (backpressure reaches the client; see its README), so with fewer than
 * send_batch_size / 100 = 82 requests in flight every response waits for the 200 ms timeout and
 * throughput is latency-bound (N × 100 spans per 200 ms). 128 lets size-triggered batches form,
 * which is what saturation means for both collectors.
 */
export const SATURATION_INFLIGHT = 128;

export type ScenarioOutcome = Omit<ScenarioResult, 'name' | 'title' | 'seconds'>;

export interface Scenario {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}

type SideOrBaseline = SideName | 'bare' | 'bare-scan';

interface ComparisonSpec {
  name: string;
  title: string;
  method: string;
  /** Baseline sides (node:http servers) to run before ours and the reference. */
  baselines?: ('bare' | 'bare-scan')[];
  exporter: 'nop' | 'otlp' | 'loki';
  load: (ctx: BenchContext) => LoadSpec;
  /** Receiver replacing otlp (the load is sent to it). */
  receiver?: ReceiverSpec;
  /** The pipeline's signal (default traces). */
  signal?: 'traces' | 'logs';
  /** Processors after batch, both sides. */
  processors?: [string, Record<string, unknown>][];
  /** Exporters our collector must have. */
  exporters: string[];
  columns: Column[];
  ratios: [SideOrBaseline, SideOrBaseline][];
  ratioColumns: Column[];
  goals?: (trials: Trial[]) => (GoalResult | undefined)[];
  notes?: (ctx: BenchContext) => string[];
}

/** Rotates the side order each round so no side always runs first (warm caches, thermal state). */
export function rotate<T>(xs: readonly T[], round: number): T[] {
  const k = xs.length ? round % xs.length : 0;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/**
 * Spans per request for each shape at saturation: telemetrygen-sized spans come in batches of
 * 1,000 (the issue's field measurement: 200 workers, batches of 1,000), the others in 100s.
 */
export const SHAPE_SPANS: Record<Shape, number> = { heavy: 100, small: 1000, mixed: 100 };

const SHAPE_TEXT: Record<Shape, string> = {
  heavy: '100 attribute-heavy spans (~770 B each, 77 KB protobuf)',
  small: '1,000 telemetrygen-shaped spans (2 attributes, ~100 B each)',
  mixed: '100 mixed spans (50 telemetrygen-shaped, 30 Traefik-like, 20 heavy; 3 resources)',
};

/** One comparison per span shape, its tables, notes and goals labelled with the shape: every ratio per shape. */
export function comparisonPerShape(spec: ComparisonSpec, shapes: readonly Shape[] = SHAPES): Scenario {
  return {
    name: spec.name,
    title: spec.title,
    async run(ctx) {
      const out: ScenarioOutcome = {
        method: `${spec.method} Run once per span shape: ${shapes.map((s) => `${s} = ${SHAPE_TEXT[s]}`).join('; ')}.`,
        notes: [],
        tables: [],
        goals: [],
      };
      for (const shape of shapes) {
        const r = await comparison({ ...spec, load: (c) => ({ ...spec.load(c), shape, spans: SHAPE_SPANS[shape] }) }).run(ctx);
        out.notes.push(...r.notes.map((n) => `${shape}: ${n}`));
        out.tables.push(...r.tables.map((t, i) => ({ ...t, title: `${shape} spans${i === 0 ? '' : `: ${t.title ?? ''}`}` })));
        out.goals.push(...r.goals.map((g) => ({ ...g, text: `${g.text} (${shape} spans)` })));
        if (r.skipped) out.skipped = r.skipped;
      }
      return out;
    },
  };
}

function loadNote(load: LoadSpec): string {
  if (load.describe) return `load: ${load.describe}`;
  if (load.generator === 'telemetrygen') {
    return `load: telemetrygen traces over OTLP/${load.protocol === 'grpc' ? 'gRPC' : 'HTTP'}, ${load.rate} spans/s in total (10 workers), its default small spans in batches of 100`;
  }
  if (load.script)
    return `load: dist-bench/bench/load/${load.script}, ${load.rate === 0 ? `flat-out, ${load.inflight ?? 10} in flight` : `${load.rate} requests/s`}`;
  const how = load.rate === 0 ? `flat-out, ${load.inflight ?? 10} requests in flight` : `${load.rate} requests/s`;
  const conns = load.protocol === 'grpc' ? ` over ${load.connections ?? 1} HTTP/2 connection(s)` : ' over keep-alive connections';
  const what = load.shape ? SHAPE_TEXT[load.shape] : SHAPE_TEXT.heavy;
  return `load: our ${load.protocol === 'grpc' ? 'raw-http2 OTLP/gRPC' : 'raw-socket OTLP/HTTP'} generator, requests of ${what}, ${how}${conns}`;
}

export function comparison(spec: ComparisonSpec): Scenario {
  return {
    name: spec.name,
    title: spec.title,
    async run(ctx) {
      const notes: string[] = [];
      const missing = ctx.oursMissing([spec.receiver?.type ?? 'otlp'], spec.exporters);
      const sides: SideOrBaseline[] = [];
      sides.push(...(spec.baselines ?? []));
      if (missing) notes.push(`${missing}: ours not measured`);
      else sides.push('ours');
      if (ctx.reference) sides.push('reference');
      else notes.push('reference collector not built: ours only');
      if (sides.every((s) => s === 'bare' || s === 'bare-scan')) return { method: spec.method, notes, tables: [], goals: [], skipped: missing };
      const load = spec.load(ctx);
      notes.push(loadNote(load));
      if (spec.exporter === 'nop' && ctx.reference && nopSubstituted({ exporter: 'nop', healthPort: 0, metricsPort: 0 }, ctx.hasNop('reference'))) {
        notes.push(
          'this otelcol-ref build has no nop exporter (rebuild it: bench/reference/manifest.yaml lists nop): its side exports to `debug` at basic verbosity with logging sampled to ~nothing',
        );
      }
      const { trials, errors } = await runRounds(ctx, spec.name, (round) =>
        rotate(sides, round).map((side) => ({
          side,
          round,
          exporter: spec.exporter,
          load,
          receiver: spec.receiver,
          signal: spec.signal,
          processors: spec.processors,
        })),
      );
      notes.push(...errors.map((e) => `failed trial: ${e}`));
      notes.push(...(spec.notes?.(ctx) ?? []));
      const tables: Table[] = [sideTable(trials, spec.columns)];
      const ratios = ratioTable(trials, spec.ratios, spec.ratioColumns);
      if (ratios) tables.push(ratios);
      const goals = (spec.goals?.(trials) ?? []).filter((g): g is GoalResult => g !== undefined);
      return { method: spec.method, notes, tables, goals };
    },
  };
}
