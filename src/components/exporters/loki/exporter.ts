// The loki exporter: the exporter kit's queue → retry in front of one POST per tenant of a
// snappy-compressed protobuf PushRequest (contrib exporter/lokiexporter/exporter.go v0.130.0).
// Responses: 2xx ok; 4xx other than 429 permanent; anything else (429, 5xx, 1xx/3xx) and network
// errors retryable; the error reads `HTTP <code> "<status text>": <first line of the body, ≤ 1 KiB>`.
// As in Go, one payload's tenants are all sent and their errors joined: a permanent one makes
// the whole payload permanent, otherwise the whole payload is retried.

import { ConsumerError, isPermanent } from '../../../core/consumer.js';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { Counter } from '../../../core/telemetry.js';
import type { Logs } from '../../../pdata/index.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { createExporter, exporterUserAgent, type ExporterSpec } from '../../../shared/exporterhelper/index.js';
import { createHttpClient, httpResponseError, type HttpClient } from '../../../shared/httpclient/index.js';
import type { LokiExporterConfig } from './config.js';
import { logsToLokiPushes } from './encode.js';
import { goStatusText } from './go-status.js';
import { goQuote } from '../../../pdata/go-strings.js';

const MAX_ERR_MSG_LEN = 1024;
const MISSING_LABELS = 'error at least one label pair is required per stream';

interface TenantPush {
  tenant: string;
  /** Snappy-compressed PushRequest; null when the tenant's records all failed to convert. */
  body: Buffer | null;
  submitted: number;
  dropped: number;
}

/** One payload, translated once (retries re-send it; Go translates per attempt). */
interface LokiRequest {
  pushes: TenantPush[];
  records: number;
  bytes: number;
}

/** The first line of a response body as Go's bufio.Scanner reads it from a 1 KiB LimitReader. */
function firstLine(body: Buffer): string {
  const text = body.subarray(0, MAX_ERR_MSG_LEN).toString('utf8');
  const nl = text.indexOf('\n');
  const line = nl === -1 ? text : text.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

class LokiSender implements ExporterSpec<LokiRequest> {
  private client: HttpClient | undefined;
  private readonly missingLabels: Counter;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: LokiExporterConfig,
  ) {
    this.missingLabels = ctx.telemetry.counter('otelcol_lokiexporter_send_failed_due_to_missing_labels', {
      help: 'Number of log records failed to send because labels were missing',
      unit: '{record}',
    });
  }

  start(host: Host): void {
    this.client = createHttpClient(this.cfg, { logger: this.ctx.logger, userAgent: exporterUserAgent(host) });
    this.client.start(host);
  }

  async shutdown(): Promise<void> {
    await this.client?.close();
  }

  encode(payload: Payload): LokiRequest {
    const pushes: TenantPush[] = [];
    let bytes = 0;
    for (const r of logsToLokiPushes((payload as Logs).resourceLogs, this.cfg.default_labels_enabled)) {
      const body = r.body === null ? null : snappyBlockCompress(r.body);
      bytes += body?.length ?? 0;
      pushes.push({ tenant: r.tenant, body, submitted: r.submitted, dropped: r.dropped });
    }
    return { pushes, records: payload.itemCount(), bytes };
  }

  sizeOf(req: LokiRequest): number {
    return req.bytes;
  }

  async send(req: LokiRequest, _signal: Signal, abort: AbortSignal): Promise<void> {
    const errors: ConsumerError[] = [];
    for (const push of req.pushes) {
      try {
        await this.sendTenant(push, abort);
      } catch (err) {
        const ce = err instanceof ConsumerError ? err : ConsumerError.retryable((err as Error).message, undefined, err);
        if (ce.message.includes(MISSING_LABELS)) this.missingLabels.add(req.records);
        errors.push(ce);
      }
    }
    if (errors.length === 0) return;
    if (errors.length === 1) throw errors[0];
    const text = errors.map((e) => e.message).join('; ');
    if (errors.some(isPermanent)) throw ConsumerError.permanent(text);
    const delays = errors.map((e) => e.retryAfterMs ?? 0);
    throw ConsumerError.retryable(text, Math.max(...delays) || undefined);
  }

  private async sendTenant(push: TenantPush, abort: AbortSignal): Promise<void> {
    if (push.body === null) throw ConsumerError.permanent('failed to transform logs into Loki log streams');
    if (push.dropped > 0) {
      this.ctx.logger.info({ dropped: push.dropped, submitted: push.submitted }, 'not all log entries were converted to Loki');
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/x-protobuf' };
    if (push.tenant !== '') headers['X-Scope-OrgID'] = push.tenant;
    if (!this.client) throw new Error('loki exporter not started');
    const res = await this.client.request({ headers, body: push.body, signal: abort, maxResponseBytes: MAX_ERR_MSG_LEN });
    if (res.statusCode >= 200 && res.statusCode <= 299) return;
    const err = httpResponseError({
      url: res.url,
      statusCode: res.statusCode,
      headers: res.headers,
      text: `HTTP ${res.statusCode} ${goQuote(goStatusText(res.statusCode))}: ${firstLine(res.body)}`,
      retryable: (code) => !(code >= 400 && code < 500 && code !== 429),
    });
    if (err) throw err;
  }
}

export function createLokiExporter(ctx: CreateContext, cfg: LokiExporterConfig, signals: ReadonlySet<Signal>): Exporter {
  // Go: WithTimeout(0), the HTTP client's `timeout` bounds each attempt.
  const settings = { timeoutMs: 0, retry: cfg.retry_on_failure, queue: cfg.sending_queue };
  return createExporter(ctx, signals, settings, new LokiSender(ctx, cfg));
}
