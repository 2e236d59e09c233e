// Registry entry for the file exporter.

import type { ExporterFactory } from '../../../core/component.js';
import { fileConfig, validateFile, type FileConfig } from './config.js';
import { createFileExporter } from './exporter.js';

export const fileExporterFactory: ExporterFactory<FileConfig> = {
  kind: 'exporter',
  type: 'file',
  description: 'Writes each request to a local file as OTLP/JSON lines or length-prefixed protobuf, with optional zstd and rotation.',
  stability: { traces: 'alpha', metrics: 'alpha', logs: 'alpha' },
  placement: 'leader', // one file, written and rotated by one process
  config: fileConfig,
  validate: validateFile,
  create: (ctx, cfg, signals) => createFileExporter(ctx, cfg, signals),
};
