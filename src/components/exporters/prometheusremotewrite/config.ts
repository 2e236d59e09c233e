// prometheusremotewrite exporter options (contrib exporter/prometheusremotewriteexporter/{config.go,
// factory.go} v0.130.0): confighttp client fields squashed beside exporterhelper's `timeout` (one
// `timeout` key sets both, 5s), `retry_on_failure` starting at 50ms, `remote_write_queue` instead of
// `sending_queue`, and the translation switches. Go's factory default endpoint is a placeholder
// URL, so a config without `endpoint` loads there too; we keep that.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { retrySchema, validateRetry, validateTimeout } from '../../../shared/exporterhelper/index.js';
import { httpClientFields, validateHttpClient } from '../../../shared/httpclient/index.js';

export const PROTO_MSG_V1 = 'prometheus.WriteRequest';
export const PROTO_MSG_V2 = 'io.prometheus.write.v2.Request';

export const prwExporterConfig = s.object({
  ...httpClientFields({ compression: '', timeout: 5_000, write_buffer_size: 512 * 1024 }),
  endpoint: s.string('http://some.url:9411/api/prom/push').doc('Remote-write URL, e.g. http://prometheus:9090/api/v1/write.'),
  compression: s.string('').doc('Only `snappy` (or empty): remote write bodies are always snappy-compressed.'),
  retry_on_failure: retrySchema({ initial_interval: 50 }),
  namespace: s.string('').doc('Prefix added to every metric name as `<namespace>_`.'),
  external_labels: s.map(s.string()).doc('Labels added to every series; a data point attribute of the same name wins.'),
  remote_write_queue: s.object({
    enabled: s.bool(true).doc('Queue incoming metrics in memory and answer the pipeline at once.'),
    queue_size: s.int(10_000).doc('Capacity of the queue in batches of metrics.'),
    num_consumers: s.int(5).doc('Requests of one batch sent in parallel (batches themselves are sent one at a time, in order).'),
  }),
  max_batch_size_bytes: s.int(3_000_000).doc('Largest uncompressed WriteRequest; bigger batches are split.'),
  max_batch_request_parallelism: s.presence(s.int(5)).doc('Overrides remote_write_queue.num_consumers for the parallel requests of one batch.'),
  resource_to_telemetry_conversion: s.object({
    enabled: s.bool(false).doc('Copy every resource attribute onto each data point (and so into labels).'),
  }),
  target_info: s.object({
    enabled: s.bool(true).doc('Send a target_info series per resource with its non-identifying attributes.'),
  }),
  add_metric_suffixes: s.bool(true).doc('Add unit and type suffixes (`_seconds`, `_bytes`, `_total`, `_ratio`) to names.'),
  send_metadata: s.bool(false).doc('Send metric metadata (type, unit, help) with Remote-Write 1.0 (2.0 always carries it).'),
  protobuf_message: s
    .enum([PROTO_MSG_V1, PROTO_MSG_V2] as const, PROTO_MSG_V1)
    .doc('Remote-Write 1.0 (`prometheus.WriteRequest`) or 2.0 (`io.prometheus.write.v2.Request`).'),
  export_created_metric: s.object({
    enabled: s.bool(false).doc('Send `<name>_created` series for counters, histograms and summaries (older Go releases had this option).'),
  }),
  wal: s.presence(s.any()).doc('Not supported: the write-ahead log is refused.'),
});

export type PrwExporterConfig = Infer<(typeof prwExporterConfig)['fields']>;

/** Go's Config.Validate plus newPRWExporter's checks, which Go reports when the exporter is created. */
export function validatePrwExporter(cfg: PrwExporterConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const add = (path: string[], message: string) => out.push({ path, message });
  if (cfg.max_batch_request_parallelism !== undefined && cfg.max_batch_request_parallelism < 1) {
    add(['max_batch_request_parallelism'], "max_batch_request_parallelism can't be set to below 1");
  }
  const q = cfg.remote_write_queue;
  if (q.queue_size < 0) add(['remote_write_queue', 'queue_size'], "remote write queue size can't be negative");
  if (q.enabled && q.queue_size === 0) add(['remote_write_queue', 'queue_size'], 'a 0 size queue will drop all the data');
  if (q.num_consumers < 0) add(['remote_write_queue', 'num_consumers'], "remote write consumer number can't be negative");
  if (cfg.max_batch_size_bytes < 0) add(['max_batch_size_bytes'], 'max_batch_byte_size must be greater than 0');
  if (cfg.compression !== '' && cfg.compression !== 'snappy') add(['compression'], 'compression type must be snappy');
  for (const [k, v] of Object.entries(cfg.external_labels)) {
    if (k === '' || v === '') {
      add(['external_labels'], 'prometheus remote write: external labels configuration contains an empty key or value');
      break;
    }
  }
  if (cfg.wal !== undefined) {
    add(['wal'], 'the write-ahead log is not supported by otelcol-ts; remove `wal` (the in-memory remote_write_queue is used)');
  }
  let url: URL | undefined;
  try {
    url = new URL(cfg.endpoint);
  } catch {
    url = undefined;
  }
  if (!url) add(['endpoint'], 'invalid endpoint');
  // The body is compressed by the exporter itself; the client must not compress it again.
  out.push(...validateHttpClient({ ...cfg, compression: 'none', endpoint: url ? cfg.endpoint : '' }));
  out.push(...validateTimeout(cfg.timeout), ...validateRetry(cfg.retry_on_failure));
  return out;
}
