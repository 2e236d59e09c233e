// The fluent forward receiver's own cost: the load of fluentforward-to-loki (dockerd-shaped events on
// 10 connections) into fluentforward → batch → nop. Beside that scenario it splits the logs path's
// CPU between taking events in and shaping/sending them to Loki.

import { itemColumns, throughputColumns } from '../result.js';
import { comparison } from '../scenario.js';
import { FORWARD_CONNECTIONS, FORWARD_LOAD } from './fluentforward-to-loki.js';

export const fluentForwardToNop = comparison({
  name: 'fluentforward-to-nop',
  title: 'Fluent forward (dockerd) → batch → nop, saturation',
  method: `ours and the reference each receive the fluentforward-to-loki load (dockerd-shaped Message-mode events, ~200-byte lines, ${FORWARD_CONNECTIONS} TCP connections, flat-out) into batch → nop. No acks are asked for (as dockerd), so the generator is paced by TCP backpressure alone. Delivered = log records the batch processor handed on to nop in the window (the otelcol_processor_batch_batch_send_size sum from each collector's self-metrics), so events still in socket buffers or queues are not counted; lost = events written to the sockets that never got through batch after a drain.`,
  exporter: 'nop',
  exporters: ['nop'],
  signal: 'logs',
  receiver: { type: 'fluentforward', config: (port) => ({ endpoint: `127.0.0.1:${port}` }) },
  load: () => FORWARD_LOAD,
  columns: itemColumns(
    throughputColumns('deliveredPerSec', 'cpuAvg', 'cpuMax', 'rssAvg', 'rssMax', 'perCore', 'extra.loadCpu', 'extra.otherCpu'),
    'records',
  ),
  ratios: [['ours', 'reference']],
  ratioColumns: itemColumns(throughputColumns('deliveredPerSec', 'cpuAvg', 'rssAvg', 'perCore'), 'records'),
});
