// The exporterhelper surface other components import.

export {
  timeoutSetting,
  retrySchema,
  queueSchema,
  validateTimeout,
  validateRetry,
  validateQueue,
  DEFAULT_RETRY,
  DEFAULT_QUEUE,
  type RetryConfig,
  type RetryDefaults,
  type QueueConfig,
  type QueueDefaults,
  type QueueSizer,
} from './config.js';
export {
  createExporterHelper,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type EncodeFunction,
  type ExporterHelper,
  type ExporterHelperOptions,
  type SendFunction,
} from './helper.js';
export { createExporter, type ExporterSpec, type SenderSettings } from './exporter.js';
export { exporterUserAgent } from './user-agent.js';
export { sendWithRetry, runAttempt, toConsumerError, ExportInterruptedError, type Attempt, type RetryLoopOptions } from './retry.js';
export { ExponentialBackoff, sleep } from './backoff.js';
export { redactSecrets, errorText } from './redact.js';
