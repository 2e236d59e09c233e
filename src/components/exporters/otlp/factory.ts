// Registry entry for the otlp (gRPC) exporter. Go renamed it `otlp_grpc` (v0.144.0) and keeps
// `otlp` as a deprecated alias; otelcol-ts accepts both names without a warning.

import type { ExporterFactory } from '../../../core/component.js';
import { otlpGrpcConfig, validateOtlpGrpc, type OtlpGrpcConfig } from './config.js';
import { createOtlpGrpcExporter } from './exporter.js';

export const otlpExporterFactory: ExporterFactory<OtlpGrpcConfig> = {
  kind: 'exporter',
  type: 'otlp',
  aliases: [{ name: 'otlp_grpc', deprecated: false }],
  description: 'Sends traces, metrics and logs over OTLP/gRPC, with a sending queue and retries.',
  stability: { traces: 'stable', metrics: 'stable', logs: 'stable' },
  config: otlpGrpcConfig,
  validate: validateOtlpGrpc,
  create: createOtlpGrpcExporter,
};
