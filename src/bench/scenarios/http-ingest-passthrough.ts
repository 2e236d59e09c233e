// node-limits.md §2: OTLP/HTTP ingest, flat-out, against a bare node:http server draining the
// same bodies (and against bare-scan, which also walks every field, node-limits.md's own
// baseline for a validating pass-through). Our receiver validates and forwards the bytes without
// decoding them, so the ratio to bare is the pass-through overhead; goal ≥ 0.8× bare per core.

import { THROUGHPUT_COLUMNS, throughputColumns, goal } from '../result.js';
import { SATURATION_INFLIGHT, comparisonPerShape } from '../scenario.js';

const columns = THROUGHPUT_COLUMNS.filter((c) => c.metric !== 'lost');

export const httpIngestPassthrough = comparisonPerShape({
  name: 'http-ingest-passthrough',
  title: 'OTLP/HTTP ingest → batch → nop, flat-out, vs bare node:http',
  method: `bare (node:http that only drains the body), bare-scan (bare plus the pdata walk of every field), ours and the reference each receive OTLP/HTTP protobuf requests flat-out from ${SATURATION_INFLIGHT} keep-alive connections (one request each); the pipeline is otlp (http) → batch → nop. Delivered = spans the batch processor handed on to nop in the window (its otelcol_processor_batch_batch_send_size sum, scraped from each collector; the bare servers: OK responses); spans/s per core = delivered spans/s ÷ CPU fraction of the process under test.`,
  baselines: ['bare', 'bare-scan'],
  exporter: 'nop',
  exporters: ['nop'],
  load: () => ({ generator: 'ours', protocol: 'http', rate: 0, inflight: SATURATION_INFLIGHT }),
  columns,
  ratios: [
    ['ours', 'bare'],
    ['ours', 'bare-scan'],
    ['ours', 'reference'],
    ['reference', 'bare'],
  ],
  ratioColumns: throughputColumns('deliveredPerSec', 'perCore'),
  goals: (trials) => [
    goal(trials, {
      text: 'pass-through ingest ≥ 0.8× bare node:http (spans/s per core)',
      side: 'ours',
      den: 'bare',
      metric: 'perCore',
      cmp: '>=',
      limit: 0.8,
      unit: '×',
    }),
    goal(trials, {
      text: 'pass-through ingest ≥ 0.8× bare-scan (node-limits.md, spans/s per core)',
      side: 'ours',
      den: 'bare-scan',
      metric: 'perCore',
      cmp: '>=',
      limit: 0.8,
      unit: '×',
    }),
  ],
});
