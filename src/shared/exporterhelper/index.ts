// The exporterhelper surface other components import.

export {
  timeoutSetting,
  retrySchema,
  queueSchema,
  validateTimeout,
  validateRetry,
  validateQueue,
  DEFAULT_RETRY,
  type QueueConfig,
} from './config.js';
export { createExporterHelper } from './helper.js';
export { createExporter, type ExporterSpec } from './exporter.js';
export { exporterUserAgent } from './user-agent.js';
