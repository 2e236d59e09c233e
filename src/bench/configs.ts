// Collector configs for the scenarios, rendered identically for ours and the reference so both
// run the same shape: otlp receiver → batch → exporter, health_check on a free port, self-metrics
// on a free port (Prometheus pull reader, as both collectors accept it).

import { stringify } from 'yaml';

export type SideName = 'ours' | 'reference';

/** A receiver other than otlp (fluent forward, jaeger, loki …): its type and its config for a port. */
export interface ReceiverSpec {
  type: string;
  config: (port: number) => Record<string, unknown>;
}

export interface PipelineSpec {
  /** Replaces the otlp receiver; it listens on `receiverPort`. */
  receiver?: ReceiverSpec;
  receiverPort?: number;
  /** Ports for the otlp receiver's protocols; a protocol without a port is off. */
  grpcPort?: number;
  httpPort?: number;
  /**
   * `nop` discards; `otlp` exports over gRPC (insecure, uncompressed) to the sink; `loki` pushes
   * (snappy protobuf) to the sink's HTTP port; `debug` prints basic lines.
   */
  exporter: 'nop' | 'otlp' | 'debug' | 'loki';
  sinkGrpcPort?: number;
  sinkHttpPort?: number;
  /** The pipeline's signal (default traces); allSignals overrides it. */
  signal?: 'traces' | 'logs';
  /** Processors after batch, in order (e.g. the seed's attributes/fluent_docker). */
  processors?: [string, Record<string, unknown>][];
  healthPort: number;
  metricsPort: number;
  /** All three signals (default-like config) or traces only. */
  allSignals?: boolean;
}

/**
 * The exporter section. otelcol-ref has `nop` (bench/reference/manifest.yaml); a build from before
 * it was added lacks it, and there `nop` becomes `debug` at basic verbosity with logging sampled
 * down to nearly nothing: it still receives every batch, like nop.
 */
function exporterSection(spec: PipelineSpec, hasNop: boolean): [string, Record<string, unknown> | null] {
  switch (spec.exporter) {
    case 'nop':
      return hasNop ? ['nop', null] : ['debug', { verbosity: 'basic', sampling_initial: 1, sampling_thereafter: 1_000_000 }];
    case 'debug':
      return ['debug', { verbosity: 'basic' }];
    case 'otlp':
      if (spec.sinkGrpcPort === undefined) throw new Error('otlp exporter needs sinkGrpcPort');
      // Uncompressed: the sink runs on the load core, and gzip would measure zlib on both sides.
      return ['otlp', { endpoint: `127.0.0.1:${spec.sinkGrpcPort}`, tls: { insecure: true }, compression: 'none' }];
    case 'loki':
      if (spec.sinkHttpPort === undefined) throw new Error('loki exporter needs sinkHttpPort');
      // As the seed's `loki:` exporter: the endpoint only, every other setting at its default.
      return ['loki', { endpoint: `http://127.0.0.1:${spec.sinkHttpPort}/loki/api/v1/push` }];
  }
}

/** Does `exporter: nop` run as a real nop on this side? */
export function nopSubstituted(spec: PipelineSpec, hasNop: boolean): boolean {
  return spec.exporter === 'nop' && !hasNop;
}

export function renderConfig(spec: PipelineSpec, hasNop: boolean): string {
  const protocols: Record<string, unknown> = {};
  if (spec.grpcPort !== undefined) protocols['grpc'] = { endpoint: `127.0.0.1:${spec.grpcPort}` };
  if (spec.httpPort !== undefined) protocols['http'] = { endpoint: `127.0.0.1:${spec.httpPort}` };
  const [exporter, exporterCfg] = exporterSection(spec, hasNop);
  const receiverType = spec.receiver?.type ?? 'otlp';
  const receiverCfg = spec.receiver ? spec.receiver.config(spec.receiverPort ?? 0) : { protocols };
  const extra = spec.processors ?? [];
  const pipeline = { receivers: [receiverType], processors: ['batch', ...extra.map(([name]) => name)], exporters: [exporter] };
  const pipelines: Record<string, unknown> = spec.allSignals
    ? { traces: pipeline, metrics: pipeline, logs: pipeline }
    : { [spec.signal ?? 'traces']: pipeline };
  const cfg = {
    extensions: { health_check: { endpoint: `127.0.0.1:${spec.healthPort}` } },
    receivers: { [receiverType]: receiverCfg },
    processors: { batch: null, ...Object.fromEntries(extra) },
    exporters: { [exporter]: exporterCfg },
    service: {
      extensions: ['health_check'],
      pipelines,
      telemetry: {
        logs: { level: 'info' },
        metrics: {
          level: 'normal',
          readers: [{ pull: { exporter: { prometheus: { host: '127.0.0.1', port: spec.metricsPort } } } }],
        },
      },
    },
  };
  return stringify(cfg, { nullStr: '' });
}
