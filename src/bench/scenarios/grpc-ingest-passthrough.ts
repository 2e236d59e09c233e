// node-limits.md §3: OTLP/gRPC ingest, flat-out, ours against the Go collector.

import { THROUGHPUT_COLUMNS, throughputColumns } from '../result.js';
import { SATURATION_INFLIGHT, comparisonPerShape } from '../scenario.js';

const columns = THROUGHPUT_COLUMNS.filter((c) => c.metric !== 'lost');

export const grpcIngestPassthrough = comparisonPerShape({
  name: 'grpc-ingest-passthrough',
  title: 'OTLP/gRPC ingest → batch → nop, flat-out',
  method: `ours and the reference each receive OTLP/gRPC requests flat-out, ${SATURATION_INFLIGHT} calls in flight over 2 HTTP/2 connections (4 MiB stream / 16 MiB connection windows on the client); the pipeline is otlp (grpc) → batch → nop. Delivered = spans batch handed on to nop in the window (the otelcol_processor_batch_batch_send_size sum from each collector's self-metrics), not the generator's OK responses.`,
  exporter: 'nop',
  exporters: ['nop'],
  load: () => ({ generator: 'ours', protocol: 'grpc', rate: 0, inflight: SATURATION_INFLIGHT, connections: 2 }),
  columns,
  ratios: [['ours', 'reference']],
  ratioColumns: throughputColumns('deliveredPerSec', 'perCore'),
});
