// The contrib testbed's Trace10kSPS (peers.md §2.1 and §4.1; go-collector.md §5): 10 k spans/s
// over OTLP/gRPC or OTLP/HTTP through batch to a backend, judged on the collector's CPU and RSS.
// telemetrygen is the load when it is built (as in other published comparisons); otherwise our
// generator sends 100 requests/s of 100 spans. The → nop variant runs in full mode only.

import type { BenchContext } from '../context.js';
import { goal, type Column } from '../result.js';
import { comparison, type Scenario, type ScenarioOutcome } from '../scenario.js';
import type { LoadSpec } from '../trial.js';

const SPANS_PER_SEC = 10_000;

const columns: Column[] = [
  { label: 'offered spans/s', metric: 'offeredPerSec' },
  { label: 'delivered spans/s', metric: 'deliveredPerSec' },
  { label: 'dropped', metric: 'dropped' },
  { label: 'lost', metric: 'lost' },
  { label: 'CPU avg %', metric: 'cpuAvg', fmt: (v) => (Number.isFinite(v) ? v.toFixed(2) : '–') },
  { label: 'CPU max %', metric: 'cpuMax', fmt: (v) => (Number.isFinite(v) ? v.toFixed(2) : '–') },
  { label: 'RSS avg MiB', metric: 'rssAvg', fmt: (v) => (Number.isFinite(v) ? v.toFixed(1) : '–') },
  { label: 'RSS max MiB', metric: 'rssMax', fmt: (v) => (Number.isFinite(v) ? v.toFixed(1) : '–') },
  { label: 'load core CPU %', metric: 'extra.loadCpu', fmt: (v) => (Number.isFinite(v) ? v.toFixed(0) : '–') },
];

function load(ctx: BenchContext, protocol: 'grpc' | 'http'): LoadSpec {
  return ctx.reference?.telemetrygen
    ? { generator: 'telemetrygen', protocol, rate: SPANS_PER_SEC }
    : { generator: 'ours', protocol, rate: SPANS_PER_SEC / 100, inflight: 50, connections: 1 };
}

function trace10k(protocol: 'grpc' | 'http'): Scenario {
  const wire = protocol === 'grpc' ? 'OTLP-gRPC' : 'OTLP-HTTP';
  const variant = (exporter: 'nop' | 'otlp'): Scenario =>
    comparison({
      name: `trace10k-${protocol}`,
      title: '',
      method: '',
      exporter,
      exporters: [exporter],
      load: (ctx) => load(ctx, protocol),
      columns,
      ratios: [['ours', 'reference']],
      ratioColumns: [columns[4]!, columns[6]!],
      goals: (trials) => {
        const carried = goal(trials, { text: `${wire} 10k spans/s → ${exporter}: delivers ≥ 90 % of the offer`, side: 'ours', metric: 'extra.deliveredShare', cmp: '>=', limit: 0.9, unit: '×' });
        const cpu = goal(trials, { text: `${wire} 10k spans/s → ${exporter}: CPU avg ≤ 5 % of a core`, side: 'ours', metric: 'cpuAvg', cmp: '<=', limit: 5, unit: '%' });
        const rss = goal(trials, { text: `${wire} 10k spans/s → ${exporter}: RSS avg ≤ 60 MiB`, side: 'ours', metric: 'rssAvg', cmp: '<=', limit: 60, unit: 'MiB' });
        // A low CPU figure while the offer is not carried is not the goal met.
        if (carried && !carried.met && cpu?.met) cpu.met = false;
        return [carried, cpu, rss];
      },
      notes: (ctx) => (ctx.reference?.telemetrygen ? [] : ['telemetrygen not built: our generator replaces it (100 req/s × 100 spans)']),
    });
  return {
    name: `trace10k-${protocol}`,
    title: `Trace10kSPS ${wire}: 10k spans/s → batch → exporter`,
    async run(ctx): Promise<ScenarioOutcome> {
      const exporters: ('otlp' | 'nop')[] = ctx.opts.mode === 'full' ? ['otlp', 'nop'] : ['otlp'];
      const out: ScenarioOutcome = {
        method: `10,000 spans/s over ${wire} for the measured window (after the warm-up); pipeline otlp → batch → otlp exporter (gRPC, uncompressed) → sink${exporters.includes('nop') ? ', then separately otlp → batch → nop' : ''}. Figures are the collector process's CPU (% of one core, max over 1 s spans) and RSS, as the contrib testbed reports them.`,
        notes: [],
        tables: [],
        goals: [],
      };
      for (const e of exporters) {
        const r = await variant(e).run(ctx);
        out.notes.push(...r.notes.map((n) => `→ ${e}: ${n}`));
        out.tables.push(...r.tables.map((t, i) => ({ ...t, title: `→ ${e}${i === 0 ? '' : `: ${t.title ?? ''}`}` })));
        out.goals.push(...r.goals);
        if (r.skipped) out.skipped = r.skipped;
      }
      return out;
    },
  };
}

export const trace10kGrpc = trace10k('grpc');
export const trace10kHttp = trace10k('http');
