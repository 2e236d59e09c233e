// The exporterhelper settings every queued exporter shares: `timeout`, `retry_on_failure` and
// `sending_queue`, with the Go collector's defaults and validation messages (core
// `exporter/exporterhelper/internal/timeout_sender.go`, `config/configretry/{backoff.go,
// generated_config.go}`, `exporter/exporterhelper/internal/queuebatch/config.go`,
// `exporter/exporterhelper/internal/queue_sender.go`).

import { s, type ConfigIssue, type Infer } from '../../core/schema.js';

/** The per-attempt `timeout` (Go default 5s; 0 = no timeout). Exporters whose Go default differs pass theirs. */
export function timeoutSetting(defMs = 5_000) {
  return s.duration(defMs).doc('Time to wait for one attempt to send data to the backend; 0 disables the timeout.');
}

interface RetryDefaults {
  enabled: boolean;
  initial_interval: number;
  max_interval: number;
  max_elapsed_time: number;
  multiplier: number;
  randomization_factor: number;
}

export const DEFAULT_RETRY: Readonly<RetryDefaults> = Object.freeze({
  enabled: true,
  initial_interval: 5_000,
  max_interval: 30_000,
  max_elapsed_time: 300_000,
  multiplier: 1.5,
  randomization_factor: 0.5,
});

/** `retry_on_failure`; prometheusremotewrite passes `{ initial_interval: 50 }`. Durations in ms. */
export function retrySchema(overrides: Partial<RetryDefaults> = {}) {
  const d = { ...DEFAULT_RETRY, ...overrides };
  return s.object({
    enabled: s.bool(d.enabled).doc('Retry failed requests with exponential backoff.'),
    initial_interval: s.duration(d.initial_interval).doc('Time to wait after the first failure before retrying.'),
    max_interval: s.duration(d.max_interval).doc('Upper bound on the backoff interval.'),
    max_elapsed_time: s.duration(d.max_elapsed_time).doc('Maximum time spent trying to send one request, retries included; 0 retries forever.'),
    multiplier: s.number(d.multiplier).doc('Factor by which the backoff interval grows after each retry.'),
    randomization_factor: s.number(d.randomization_factor).doc('Jitter: each interval is drawn from interval × (1 ± randomization_factor).'),
  });
}

export type RetryConfig = Infer<ReturnType<typeof retrySchema>['fields']>;

type QueueSizer = 'requests' | 'items' | 'bytes';

interface QueueDefaults {
  enabled: boolean;
  num_consumers: number;
  queue_size: number;
  sizer: QueueSizer;
  block_on_overflow: boolean;
  wait_for_result: boolean;
}

export const DEFAULT_QUEUE: Readonly<QueueDefaults> = Object.freeze({
  enabled: true,
  num_consumers: 10,
  queue_size: 1_000,
  sizer: 'requests',
  block_on_overflow: false,
  wait_for_result: false,
});

/** `sending_queue`: the bounded in-memory queue in front of the retry loop. */
export function queueSchema(overrides: Partial<QueueDefaults> = {}) {
  const d = { ...DEFAULT_QUEUE, ...overrides };
  return s.object({
    enabled: s.bool(d.enabled).doc('Queue requests in memory and answer the pipeline at once.'),
    num_consumers: s.int(d.num_consumers).doc('Number of requests sent concurrently from the queue.'),
    queue_size: s.int(d.queue_size).doc('Capacity of the queue, in units of `sizer` (sending requests included).'),
    sizer: s
      .enum(['requests', 'items', 'bytes'] as const, d.sizer)
      .doc('What queue_size counts: requests, items (spans, data points, log records) or bytes.'),
    block_on_overflow: s.bool(d.block_on_overflow).doc('When full, wait for space instead of refusing the data.'),
    wait_for_result: s.bool(d.wait_for_result).doc('Answer the pipeline only once the request has been sent (or has failed).'),
    storage: s.string('').doc('Storage extension for a persistent queue (not supported by otelcol-ts; must be empty).'),
    // Go batches inside the queue only with `batch:` set (or a feature gate); here the batch
    // processor does that job, so a `batch` section is refused by validateQueue.
    batch: s.presence(s.any()).doc('Not supported: use the batch processor.'),
  });
}

export type QueueConfig = Infer<ReturnType<typeof queueSchema>['fields']>;

/** Go's TimeoutConfig.Validate. `path` is the key path of the timeout setting. */
export function validateTimeout(timeoutMs: number, path: string[] = ['timeout']): ConfigIssue[] {
  return timeoutMs < 0 ? [{ path, message: "'timeout' must be non-negative" }] : [];
}

/** Go's BackOffConfig.Validate (checked only when enabled, as configoptional does). */
export function validateRetry(cfg: RetryConfig, path: string[] = ['retry_on_failure']): ConfigIssue[] {
  if (!cfg.enabled) return [];
  const out: ConfigIssue[] = [];
  const add = (message: string) => out.push({ path, message });
  if (cfg.max_elapsed_time > 0) {
    if (cfg.max_elapsed_time < cfg.initial_interval) add("'max_elapsed_time' must not be less than 'initial_interval'");
    if (cfg.max_elapsed_time < cfg.max_interval) add("'max_elapsed_time' must not be less than 'max_interval'");
  }
  if (cfg.initial_interval < 0) add('initial_interval value must be greater than or equal to 0');
  if (cfg.max_elapsed_time < 0) add('max_elapsed_time value must be greater than or equal to 0');
  if (cfg.max_interval < 0) add('max_interval value must be greater than or equal to 0');
  if (cfg.multiplier < 0) add('multiplier value must be greater than or equal to 0');
  if (cfg.randomization_factor < 0) add('randomization_factor value must be greater than or equal to 0');
  if (cfg.randomization_factor > 1) add('randomization_factor value must be less than or equal to 1');
  return out;
}

/** Go's queuebatch Config.Validate, plus refusals for what otelcol-ts does not implement. */
export function validateQueue(cfg: QueueConfig, path: string[] = ['sending_queue']): ConfigIssue[] {
  if (!cfg.enabled) return [];
  const out: ConfigIssue[] = [];
  if (cfg.num_consumers <= 0) out.push({ path, message: '`num_consumers` must be positive' });
  if (cfg.queue_size <= 0) out.push({ path, message: '`queue_size` must be positive' });
  if (cfg.storage !== '') {
    out.push({
      path: [...path, 'storage'],
      message:
        `persistent queues are not supported by otelcol-ts (storage extension "${cfg.storage}"); ` + 'remove `storage` to use the in-memory queue',
    });
  }
  if (cfg.batch !== undefined) {
    out.push({
      path: [...path, 'batch'],
      message: 'batching inside sending_queue is not supported by otelcol-ts; remove `batch` and add the batch processor to the pipeline',
    });
  }
  return out;
}
