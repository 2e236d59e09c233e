// Registry entry for the otlphttp exporter. Go renamed it `otlp_http` (v0.144.0) and keeps
// `otlphttp` as a deprecated alias; otelcol-ts accepts both names without a warning.

import type { ExporterFactory } from '../../../core/component.js';
import { otlpHttpConfig, validateOtlpHttp, type OtlpHttpConfig } from './config.js';
import { createOtlpHttpExporter } from './exporter.js';

export const otlpHttpExporterFactory: ExporterFactory<OtlpHttpConfig> = {
  kind: 'exporter',
  type: 'otlphttp',
  aliases: [{ name: 'otlp_http', deprecated: false }],
  description: 'Sends traces, metrics and logs over OTLP/HTTP (protobuf or JSON), with a sending queue and retries.',
  stability: { traces: 'stable', metrics: 'stable', logs: 'stable' },
  config: otlpHttpConfig,
  validate: validateOtlpHttp,
  create: createOtlpHttpExporter,
};
