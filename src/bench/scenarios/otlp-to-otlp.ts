// peers.md §4.2: saturation per core, traces, OTLP in → OTLP (gRPC) out to a mock backend. The
// sink counts every span, so "lost" (accepted by the collector, never delivered) is checked.

import { E2E_COLUMNS, THROUGHPUT_COLUMNS, throughputColumns, goal } from '../result.js';
import { SATURATION_INFLIGHT, comparisonPerShape, type Scenario } from '../scenario.js';

function otlpToOtlp(protocol: 'grpc' | 'http'): Scenario {
  const wire = protocol === 'grpc' ? 'OTLP/gRPC' : 'OTLP/HTTP';
  const cols = [...THROUGHPUT_COLUMNS, ...E2E_COLUMNS];
  return comparisonPerShape({
    name: `otlp-${protocol}-to-otlp`,
    title: `${wire} → batch → otlp exporter (gRPC) → sink, saturation`,
    method: `ours and the reference each receive ${wire} requests flat-out and export them with the otlp exporter (gRPC, insecure, compression none, default queue and retry) to a raw OTLP sink on the load core that counts spans with the itemCount scan. Delivered = spans counted by the sink in the window; lost = spans the collector accepted (whole run) that never reached the sink after a drain; whole-run = every span delivered over the collector CPU-seconds from the first request to the last delivery.`,
    exporter: 'otlp',
    exporters: ['otlp'],
    load: () =>
      protocol === 'grpc'
        ? { generator: 'ours', protocol, rate: 0, inflight: SATURATION_INFLIGHT, connections: 2 }
        : { generator: 'ours', protocol, rate: 0, inflight: SATURATION_INFLIGHT },
    columns: cols,
    ratios: [['ours', 'reference']],
    ratioColumns: [...throughputColumns('deliveredPerSec', 'cpuAvg', 'rssAvg', 'perCore'), ...E2E_COLUMNS],
    goals: (trials) => [
      goal(trials, { text: 'nothing lost (accepted − delivered)', side: 'ours', metric: 'lost', cmp: '<=', limit: 0, unit: 'spans' }),
    ],
  });
}

export const otlpHttpToOtlp = otlpToOtlp('http');
export const otlpGrpcToOtlp = otlpToOtlp('grpc');
