// The fluent forward receiver's own cost: the load of fluentforward-to-loki (dockerd-shaped events on
// 10 connections) into fluentforward → batch → nop. Beside that scenario it splits the logs path's
// CPU between taking events in and shaping/sending them to Loki.

import { itemColumns, throughputColumns } from '../result.js';
import { comparison } from '../scenario.js';
import { FORWARD_CONNECTIONS, FORWARD_LOAD } from './fluentforward-to-loki.js';

export const fluentForwardToNop = comparison({
  name: 'fluentforward-to-nop',
  title: 'Fluent forward (dockerd) → batch → nop, saturation',
  method: `ours and the reference each receive the fluentforward-to-loki load (dockerd-shaped Message-mode events, ~200-byte lines, ${FORWARD_CONNECTIONS} TCP connections, flat-out) into batch → nop. No acks are asked for (as dockerd), so the generator is paced by TCP backpressure alone: delivered = events the collector read off its sockets in the window (the generator's completed writes; in steady state the kernel buffers stay full, so writes complete only as fast as the collector reads).`,
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
