// Go core's nopexporter: accepts everything and drops it. A blackhole for benchmarks and for
// pipelines that exist only to feed a connector.

import { s } from '../../../core/schema.js';
import type { ExporterFactory } from '../../../core/component.js';

export const nopExporterFactory: ExporterFactory<Record<string, never>> = {
  kind: 'exporter',
  type: 'nop',
  description: 'Discards all data it receives (counts it as sent)',
  stability: { traces: 'beta', metrics: 'beta', logs: 'beta' },
  config: s.object({}),
  create(ctx) {
    const metrics = ctx.telemetry.exporter(ctx.id);
    return {
      mutatesData: false,
      async consume(data) {
        metrics.sent(data.signal, data.itemCount());
      },
      async start() {},
      async shutdown() {},
    };
  },
};
