// Issue 11's performance item: the prometheus exporter with 100k series — how long a scrape of
// /metrics takes and how much memory the collector holds, ours beside the reference (its manifest
// has exporter/prometheusexporter v0.130.0).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { COLLECTOR_CPU, freePorts } from '../context.js';
import { Sampler, spawnPinned, waitHttpOk } from '../proc.js';
import { goal, mib, sideTable, type Trial } from '../result.js';
import type { Scenario } from '../scenario.js';
import type { SideName } from '../configs.js';

const SERIES = 100_000;
const PER_REQUEST = 1000;
const METRICS = 100;

/** One OTLP/JSON request: 1000 points of one metric (gauges in ms, counters in bytes), two attributes each. */
function body(b: number, round: number): string {
  const points = [];
  for (let i = 0; i < PER_REQUEST; i++) {
    points.push(
      `{"attributes":[{"key":"series","value":{"stringValue":"s-${b}-${i}"}},{"key":"host.name","value":{"stringValue":"h-${i % 10}"}}],"timeUnixNano":"${1_700_000_000_000_000_000n + BigInt(round)}","asDouble":${i * 1.5 + round}}`,
    );
  }
  const name = `bench.metric.${b % METRICS}.${Math.floor(b / METRICS)}`;
  const data =
    b % 2 === 0
      ? `"gauge":{"dataPoints":[${points.join(',')}]}`
      : `"sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[${points.join(',')}]}`;
  return `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bench"}},{"key":"service.instance.id","value":{"stringValue":"i-1"}}]},"scopeMetrics":[{"scope":{"name":"bench"},"metrics":[{"name":"${name}","unit":"${b % 2 === 0 ? 'ms' : 'By'}",${data}}]}]}]}`;
}

function config(ports: { health: number; otlp: number; prom: number }): string {
  return stringify({
    extensions: { health_check: { endpoint: `127.0.0.1:${ports.health}` } },
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${ports.otlp}` } } } },
    exporters: { prometheus: { endpoint: `127.0.0.1:${ports.prom}` } },
    service: {
      extensions: ['health_check'],
      telemetry: { logs: { level: 'warn' }, metrics: { level: 'none' } },
      pipelines: { metrics: { receivers: ['otlp'], exporters: ['prometheus'] } },
    },
  });
}

async function scrape(port: number): Promise<{ ms: number; bytes: number; series: number }> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'accept-encoding': 'identity' } });
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`scrape answered ${res.status}`);
  let series = 0;
  for (let i = text.indexOf('\nbench_'); i >= 0; i = text.indexOf('\nbench_', i + 1)) series++;
  return { ms, bytes: Buffer.byteLength(text), series };
}

export const prometheusScrape: Scenario = {
  name: 'prometheus-scrape',
  title: 'prometheus exporter: scrape time and memory with 100k series',
  async run(ctx) {
    const scrapes = ctx.opts.mode === 'full' ? 10 : 4;
    const method = `otlp (HTTP, OTLP/JSON) → prometheus exporter, no processor. ${SERIES / 1000}k series (${SERIES / PER_REQUEST} requests of ${PER_REQUEST} points: ${METRICS / 2} gauge and ${METRICS / 2} counter names per 100 requests, two attributes each) posted one request at a time, then ${scrapes} scrapes of /metrics in a row (identity encoding). Scrape time is the wall time of one GET until the last byte; the first scrape is reported apart (ours renders each series once and reuses the text until it changes). RSS after loading and the highest RSS while scraping; CPU % of one core over the scrapes.`;
    const sides: SideName[] = [];
    const notes: string[] = [];
    if (!ctx.ours.components.exporters.has('prometheus')) notes.push('our collector has no prometheus exporter: ours not measured');
    else sides.push('ours');
    if (ctx.reference?.components.exporters.has('prometheus')) sides.push('reference');
    else notes.push('the reference build has no prometheus exporter (rebuild with bench/reference/build.sh): ours only');
    if (sides.length === 0) return { method, notes, tables: [], goals: [], skipped: notes.join('; ') };
    const trials: Trial[] = [];
    for (let round = 0; round < ctx.opts.reps; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const [health, otlp, prom] = await freePorts(3);
        const file = join(ctx.tmpDir, `prometheus-scrape-${side}-${round}.yaml`);
        writeFileSync(file, config({ health: health!, otlp: otlp!, prom: prom! }));
        const proc =
          side === 'reference'
            ? spawnPinned(ctx.reference!.collector, [`--config=${file}`], { name: 'otelcol-ref', cpus: COLLECTOR_CPU })
            : spawnPinned(process.execPath, [ctx.ours.entry, `--config=${file}`], { name: 'otelcol-ts', cpus: COLLECTOR_CPU });
        try {
          await waitHttpOk(`http://127.0.0.1:${health}/`, proc, 30_000);
          const sampler = new Sampler(proc.pid, 100).start();
          for (let b = 0; b < SERIES / PER_REQUEST; b++) {
            const res = await fetch(`http://127.0.0.1:${otlp}/v1/metrics`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: body(b, round),
            });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${side}: OTLP request ${b} answered ${res.status}`);
          }
          sampler.take();
          const rssLoaded = (sampler.samples.at(-1)?.rssKiB ?? NaN) / 1024;
          const from = performance.now();
          const results = [];
          for (let i = 0; i < scrapes; i++) results.push(await scrape(prom!));
          sampler.take();
          const to = performance.now();
          sampler.stop();
          const u = sampler.summarize(from, to);
          const later = results
            .slice(1)
            .map((r) => r.ms)
            .sort((a, b) => a - b);
          const served = results[0]!.series;
          if (served !== SERIES) notes.push(`${side} round ${round + 1}: served ${served} of ${SERIES} series`);
          trials.push({
            side,
            round,
            offeredPerSec: NaN,
            deliveredPerSec: NaN,
            dropped: NaN,
            lost: NaN,
            cpuAvg: u.cpuAvg,
            cpuMax: u.cpuMax,
            rssAvg: rssLoaded,
            rssMax: u.rssMaxMiB,
            perCore: NaN,
            extra: {
              firstMs: results[0]!.ms,
              scrapeMs: later[Math.floor(later.length / 2)] ?? NaN,
              bodyMiB: results[0]!.bytes / 2 ** 20,
            },
          });
          ctx.log(
            `  prometheus-scrape ${side} round ${round + 1}: first ${results[0]!.ms.toFixed(0)} ms, then ${later.map((m) => m.toFixed(0)).join('/')} ms, RSS ${rssLoaded.toFixed(0)}→${u.rssMaxMiB.toFixed(0)} MiB`,
          );
        } catch (err) {
          notes.push(`failed ${side} round ${round + 1}: ${(err as Error).message.split('\n')[0]}`);
        } finally {
          await proc.stop(5000);
        }
      }
    }
    const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '–');
    const tables = [
      sideTable(trials, [
        { label: 'first scrape ms', metric: 'extra.firstMs', fmt: ms },
        { label: 'scrape ms (median of the rest)', metric: 'extra.scrapeMs', fmt: ms },
        { label: 'body MiB', metric: 'extra.bodyMiB', fmt: mib },
        { label: 'RSS loaded MiB', metric: 'rssAvg', fmt: mib },
        { label: 'RSS max scraping MiB', metric: 'rssMax', fmt: mib },
        { label: 'CPU avg % scraping', metric: 'cpuAvg', fmt: (v) => (Number.isFinite(v) ? v.toFixed(0) : '–') },
      ]),
    ];
    const goals = [
      goal(trials, {
        text: 'scrape of 100k series no slower than the reference',
        side: 'ours',
        den: 'reference',
        metric: 'extra.scrapeMs',
        cmp: '<=',
        limit: 1,
        unit: '×',
      }),
      goal(trials, {
        text: 'RSS with 100k series no more than 2× the reference',
        side: 'ours',
        den: 'reference',
        metric: 'rssAvg',
        cmp: '<=',
        limit: 2,
        unit: '×',
      }),
    ];
    return { method, notes, tables, goals: goals.filter((g) => g !== undefined) };
  },
};
