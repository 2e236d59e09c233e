// The otlphttp exporter on the exporter kit: encode is the payload's protobuf or OTLP/JSON body,
// send is one POST to the signal's URL (core exporter/otlphttpexporter/otlp.go). 2xx bodies are read for
// partial_success; 4xx/5xx bodies are read as google.rpc.Status for the error text; only 429,
// 502, 503 and 504 are retried, honouring Retry-After (shared/httpclient/response.ts).

import type { Payload, Signal } from '../../../core/payload.js';
import { decodeExportResponse, decodeRpcStatus, exportResponseFromJSON, type ExportResponse, type RpcStatus } from '../../../pdata/responses.js';
import { createExporter, exporterUserAgent, type ExporterSpec } from '../../../shared/exporterhelper/index.js';
import { formatDetails } from '../../../shared/grpcclient/index.js';
import { createHttpClient, httpResponseError, stripUrlCredentials, type HttpClient, type HttpResponse } from '../../../shared/httpclient/index.js';
import { ConsumerError } from '../../../core/consumer.js';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import { PartialSuccessLog } from '../../../shared/otlpexport/index.js';
import { signalUrl, type OtlpHttpConfig } from './config.js';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

function mediaType(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  // Go compares the whole header; parameters (`; charset=utf-8`) are tolerated here.
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

export function createOtlpHttpExporter(ctx: CreateContext, cfg: OtlpHttpConfig, signals: ReadonlySet<Signal>): Exporter {
  // Go: WithTimeout(0), the HTTP client's `timeout` bounds each attempt.
  return createExporter(ctx, signals, { timeoutMs: 0, retry: cfg.retry_on_failure, queue: cfg.sending_queue }, new OtlpHttpSender(ctx, cfg, signals));
}

class OtlpHttpSender implements ExporterSpec<Buffer> {
  private client: HttpClient | undefined;
  private readonly partial: PartialSuccessLog;
  private readonly urls: Partial<Record<Signal, string>> = {};

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: OtlpHttpConfig,
    signals: ReadonlySet<Signal>,
  ) {
    // Go resolves each signal's URL when it creates that signal's exporter.
    for (const s of signals) this.urls[s] = signalUrl(cfg, s);
    this.partial = new PartialSuccessLog(ctx.logger);
  }

  start(host: Host): void {
    this.client = createHttpClient(this.cfg, { logger: this.ctx.logger, userAgent: exporterUserAgent(host) });
    this.client.start(host);
  }

  async shutdown(): Promise<void> {
    await this.client?.close();
  }

  encode(payload: Payload): Buffer {
    return this.cfg.encoding === 'json' ? Buffer.from(payload.toJSON()) : payload.toProto();
  }

  sizeOf(body: Buffer): number {
    return body.length;
  }

  async send(body: Buffer, signal: Signal, abort: AbortSignal): Promise<void> {
    if (!this.client) throw new Error('otlphttp exporter not started');
    const url = this.urls[signal] ?? signalUrl(this.cfg, signal);
    this.ctx.logger.debug({ url: stripUrlCredentials(url) }, 'Preparing to make HTTP request');
    const res = await this.client.request({
      url,
      headers: { 'Content-Type': this.cfg.encoding === 'json' ? JSON_TYPE : PROTOBUF },
      body,
      signal: abort,
    });
    if (res.statusCode >= 200 && res.statusCode <= 299) {
      this.partial.report(signal, this.partialSuccess(signal, res));
      return;
    }
    const status = res.statusCode >= 400 && res.statusCode <= 599 ? this.errorStatus(res.body) : undefined;
    throw httpResponseError({
      url: res.url,
      statusCode: res.statusCode,
      headers: res.headers,
      message: status?.message,
      details: status ? formatDetails(status.details) : undefined,
    });
  }

  /** The 2xx body's partial_success; an unparsable body fails the request permanently, as in Go. */
  private partialSuccess(signal: Signal, res: HttpResponse): ExportResponse {
    if (res.body.length === 0) return {};
    const type = mediaType(res.headers['content-type']);
    try {
      if (type === PROTOBUF) return decodeExportResponse(res.body);
      if (type === JSON_TYPE) return exportResponseFromJSON(signal, res.body);
    } catch (err) {
      const kind = type === PROTOBUF ? 'protobuf' : 'json';
      throw ConsumerError.permanent(`error parsing ${kind} response: ${(err as Error).message}`, err);
    }
    return {};
  }

  /** Go decodes every 4xx/5xx body as a protobuf google.rpc.Status (empty counts as one). */
  private errorStatus(body: Buffer): RpcStatus | undefined {
    try {
      return decodeRpcStatus(body);
    } catch {
      return undefined;
    }
  }
}
