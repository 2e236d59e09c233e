// The prometheusremotewrite exporter: the exporter kit's queue → retry → timeout in front of the
// series builder and one POST per remote-write request (contrib
// exporter/prometheusremotewriteexporter/{exporter.go,factory.go} v0.130.0).
//
// Ordering. Prometheus refuses a sample older than the newest one it holds for the series ("out of
// order sample"). Each payload becomes a set of series in which every series appears exactly once
// with its samples sorted by time, so a series lives in exactly one request of the payload; the
// requests of one payload go out in parallel (`num_consumers` / `max_batch_request_parallelism`),
// and payloads leave the queue one at a time (one queue consumer, as Go forces), each finished —
// every request accepted, or given up — before the next starts. A retried payload re-sends only
// its requests that were not accepted yet.
//
// Responses: 2xx accepted; 5xx and 429 retried with retry_on_failure's backoff, a Retry-After
// header lengthening the wait (Go v0.130 retries 429 only behind a feature gate and ignores
// Retry-After; Prometheus' own remote-write client retries 429, and the remote-write spec says a
// sender should); other statuses are permanent.

import { STATUS_CODES } from 'node:http';
import { ConsumerError } from '../../../core/consumer.js';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { Counter } from '../../../core/telemetry.js';
import type { Metrics } from '../../../pdata/index.js';
import { createExporter, type ExporterSpec } from '../../../shared/exporterhelper/index.js';
import { createHttpClient, parseRetryAfter, type HttpClient } from '../../../shared/httpclient/index.js';
import { normalizeLabel } from '../../../shared/prometheus/index.js';
import { PROTO_MSG_V2, type PrwExporterConfig } from './config.js';
import { encodeV1Bodies, encodeV2Bodies, orderSamples } from './requests.js';
import { SeriesBuilder } from './series.js';

/** Go reads at most 256 bytes of an error response body. */
const MAX_ERROR_BODY = 256;

/** One payload, translated once; `accepted[i]` marks the bodies the backend took (retries skip them). */
export interface PrwRequest {
  bodies: Buffer[];
  accepted: boolean[];
  series: number;
}

/** Go's user agent for this exporter: the description lower-cased with spaces as dashes, then the version. */
function prwUserAgent(host: Host): string {
  const b = host.service.build;
  return `${b.description.toLowerCase().replaceAll(' ', '-')}/${b.version}`;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

class PrwSender implements ExporterSpec<PrwRequest> {
  private client: HttpClient | undefined;
  private readonly builder: SeriesBuilder;
  private readonly parallelism: number;
  private readonly v2: boolean;
  private readonly failedTranslations: Counter;
  private readonly translatedSeries: Counter;
  private readonly sentBatches: Counter;
  private readonly droppedPoints: Counter;
  private userAgent = '';

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: PrwExporterConfig,
  ) {
    const externalLabels: Record<string, string> = {};
    for (const [k, v] of Object.entries(cfg.external_labels)) externalLabels[normalizeLabel(k)] = v;
    this.builder = new SeriesBuilder({
      namespace: cfg.namespace,
      externalLabels,
      targetInfo: cfg.target_info.enabled,
      addMetricSuffixes: cfg.add_metric_suffixes,
      resourceToTelemetry: cfg.resource_to_telemetry_conversion.enabled,
      exportCreatedMetric: cfg.export_created_metric.enabled,
    });
    this.parallelism = Math.max(1, cfg.max_batch_request_parallelism ?? cfg.remote_write_queue.num_consumers);
    this.v2 = cfg.protobuf_message === PROTO_MSG_V2;
    const t = ctx.telemetry;
    const labels = { exporter: ctx.id };
    const counter = (name: string, help: string, unit: string): Counter => {
      const c = t.counter(name, { help, unit });
      return { add: (v) => c.add(v, labels) };
    };
    this.failedTranslations = counter(
      'otelcol_exporter_prometheusremotewrite_failed_translations',
      'Number of translation operations that failed to translate metrics from Otel to Prometheus',
      '1',
    );
    this.translatedSeries = counter(
      'otelcol_exporter_prometheusremotewrite_translated_time_series',
      'Number of Prometheus time series that were translated from OTel metrics',
      '1',
    );
    this.sentBatches = counter(
      'otelcol_exporter_prometheusremotewrite_sent_batches',
      'Number of remote write request batches sent to the remote write endpoint regardless of success or failure',
      '{batch}',
    );
    this.droppedPoints = counter(
      'otelcol_exporter_prometheusremotewrite_dropped_data_points',
      'Data points not sent because remote write cannot carry them (delta temporality, empty metrics, unsupported histogram scale)',
      '{datapoint}',
    );
    ctx.logger.info({ ProtoMsg: cfg.protobuf_message }, 'starting prometheus remote write exporter');
  }

  start(host: Host): void {
    this.userAgent = prwUserAgent(host);
    this.client = createHttpClient(this.cfg, { logger: this.ctx.logger, userAgent: this.userAgent });
    this.client.start(host);
  }

  async shutdown(): Promise<void> {
    await this.client?.close();
  }

  encode(payload: Payload): PrwRequest {
    const built = this.builder.build((payload as Metrics).resourceMetrics);
    this.translatedSeries.add(built.series.length);
    if (built.dropped.length > 0) {
      this.failedTranslations.add(1);
      for (const d of built.dropped) {
        this.droppedPoints.add(d.points);
        // One message text for every drop, so the logger's sampling limits a steady stream of them.
        this.ctx.logger.warn(
          { metric: d.metric, reason: d.reason, dropped_data_points: d.points },
          'Dropped a metric remote write cannot carry (Prometheus takes cumulative data only: convert deltas before this exporter)',
        );
      }
    }
    orderSamples(built.series);
    const max = this.cfg.max_batch_size_bytes > 0 ? this.cfg.max_batch_size_bytes : 3_000_000;
    const bodies = this.v2 ? encodeV2Bodies(built.series, max) : encodeV1Bodies(built.series, this.cfg.send_metadata ? built.metadata : null, max);
    return { bodies, accepted: bodies.map(() => false), series: built.series.length };
  }

  sizeOf(req: PrwRequest): number {
    let n = 0;
    for (const b of req.bodies) n += b.length;
    return n;
  }

  async send(req: PrwRequest, _signal: Signal, abort: AbortSignal): Promise<void> {
    const pending: number[] = [];
    for (let i = 0; i < req.bodies.length; i++) if (!req.accepted[i]) pending.push(i);
    const errors: ConsumerError[] = [];
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const i = pending[next++]!;
        try {
          await this.post(req.bodies[i]!, abort);
          req.accepted[i] = true;
        } catch (err) {
          const ce = err instanceof ConsumerError ? err : ConsumerError.retryable((err as Error).message, undefined, err);
          // A refused request is never re-sent: drop it here so a retry carries only the others.
          if (ce.kind === 'permanent') req.accepted[i] = true;
          errors.push(ce);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, pending.length) }, worker));
    if (errors.length === 0) return;
    const text = errors.length === 1 ? errors[0]!.message : errors.map((e) => e.message).join('; ');
    const retryable = errors.filter((e) => e.kind !== 'permanent');
    if (retryable.length === 0) throw ConsumerError.permanent(text);
    const delays = retryable.map((e) => e.retryAfterMs ?? 0);
    const delay = Math.max(...delays) || undefined;
    throw retryable.some((e) => e.kind === 'throttled') ? ConsumerError.throttled(text, delay) : ConsumerError.retryable(text, delay);
  }

  private async post(body: Buffer, abort: AbortSignal): Promise<void> {
    if (!this.client) throw new Error('prometheusremotewrite exporter not started');
    const headers: Record<string, string> = this.v2
      ? {
          'Content-Encoding': 'snappy',
          'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
          'X-Prometheus-Remote-Write-Version': '2.0.0',
        }
      : { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf', 'X-Prometheus-Remote-Write-Version': '0.1.0' };
    headers['User-Agent'] = this.userAgent;
    this.sentBatches.add(1);
    const res = await this.client.request({ headers, body, signal: abort, maxResponseBytes: MAX_ERROR_BODY });
    const code = res.statusCode;
    if (this.v2 && header(res.headers, 'x-prometheus-remote-write-samples-written') === undefined && code >= 200 && code < 300) {
      this.ctx.logger.warn(
        { url: res.url },
        "X-Prometheus-Remote-Write-Samples-Written header is missing from the response, suggesting that the endpoint doesn't support RW2 and might be silently dropping data.",
      );
    }
    if (code >= 200 && code < 300) return;
    const text = `remote write returned HTTP status ${code} ${STATUS_CODES[code] ?? ''}: ${res.body.subarray(0, MAX_ERROR_BODY).toString('utf8').trim()}`;
    const retryAfter = parseRetryAfter(header(res.headers, 'retry-after'));
    if (code === 429) throw ConsumerError.throttled(text, retryAfter);
    if (code >= 500 && code < 600) throw ConsumerError.retryable(text, retryAfter);
    throw ConsumerError.permanent(text);
  }
}

export function createPrwExporter(ctx: CreateContext, cfg: PrwExporterConfig, signals: ReadonlySet<Signal>): Exporter {
  const q = cfg.remote_write_queue;
  const settings = {
    timeoutMs: cfg.timeout,
    retry: cfg.retry_on_failure,
    // One consumer, as Go forces (factory.go): payloads leave in order, see the header comment.
    queue: {
      enabled: q.enabled,
      num_consumers: 1,
      queue_size: q.queue_size,
      sizer: 'requests' as const,
      block_on_overflow: false,
      wait_for_result: false,
      storage: '',
      batch: undefined,
    },
  };
  return createExporter(ctx, signals, settings, new PrwSender(ctx, cfg));
}
