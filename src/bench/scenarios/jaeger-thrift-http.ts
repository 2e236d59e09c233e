// Issue 10's goal: Traefik's path, Jaeger thrift_http → batch → otlp exporter (gRPC) → sink,
// saturation per core (goal ≥ 150k spans/s and ≥ 1.5× the reference per core; Go publishes ~94k/core
// on its Jaeger path). The sink counts every span, so nothing accepted may be lost.

import { E2E_COLUMNS, THROUGHPUT_COLUMNS, throughputColumns, goal } from '../result.js';
import { SATURATION_INFLIGHT, comparison } from '../scenario.js';

export const jaegerThriftHttp = comparison({
  name: 'jaeger-thrift-http-to-otlp',
  title: 'Jaeger thrift_http → batch → otlp exporter (gRPC) → sink, saturation',
  method:
    'ours and the reference each receive Traefik-shaped Jaeger batches (TBinaryProtocol, 100 spans with http.* tags, 64-bit trace ids) on POST /api/traces flat-out, translate them to OTLP and export them with the otlp exporter (gRPC, insecure, compression none) to a raw OTLP sink that counts spans. Delivered = spans counted by the sink in the window; whole-run = every span delivered over the collector CPU-seconds from the first request to the last delivery (the goals use it: an exporter queue can hold spans taken in during the window and sent after it); lost = spans accepted that never reached the sink after a drain.',
  exporter: 'otlp',
  exporters: ['otlp'],
  receiver: { type: 'jaeger', config: (port) => ({ protocols: { thrift_http: { endpoint: `127.0.0.1:${port}` } } }) },
  load: () => ({ generator: 'ours', protocol: 'http', script: 'jaeger-http.js', rate: 0, inflight: SATURATION_INFLIGHT }),
  columns: [...THROUGHPUT_COLUMNS, ...E2E_COLUMNS],
  ratios: [['ours', 'reference']],
  ratioColumns: [...throughputColumns('deliveredPerSec', 'cpuAvg', 'rssAvg', 'perCore'), ...E2E_COLUMNS],
  goals: (trials) => [
    goal(trials, { text: 'nothing lost (accepted − delivered)', side: 'ours', metric: 'lost', cmp: '<=', limit: 0, unit: 'spans' }),
    goal(trials, {
      text: '≥ 150k spans/s per core (whole run)',
      side: 'ours',
      metric: 'extra.e2ePerCore',
      cmp: '>=',
      limit: 150_000,
      unit: 'spans/s',
    }),
    goal(trials, {
      text: '≥ 1.5× the reference per core (whole run)',
      side: 'ours',
      den: 'reference',
      metric: 'extra.e2ePerCore',
      cmp: '>=',
      limit: 1.5,
      unit: '×',
    }),
  ],
});
