import type { ProcessorFactory } from '../../../core/component.js';
import { batchConfig, validateBatch, type BatchConfig } from './config.js';
import { BatchProcessor } from './processor.js';

export const batchProcessorFactory: ProcessorFactory<BatchConfig> = {
  kind: 'processor',
  type: 'batch',
  description: 'Groups data into batches by size or time; errors from downstream reach the receiver',
  stability: { traces: 'beta', metrics: 'beta', logs: 'beta' },
  mutatesData: false,
  config: batchConfig,
  validate: validateBatch,
  create(ctx, cfg, signal, next) {
    return new BatchProcessor(ctx.id, cfg, signal, next, ctx.logger, ctx.telemetry, ctx.pipeline ?? '');
  },
};
