// The otlp (gRPC) exporter: each request through the exporterhelper's queue → retry → timeout,
// then one unary Export call per signal on the shared gRPC client. The body is the payload's
// toProto(), i.e. the bytes as received when no processor changed them. Errors are classified
// as Go's processError/shouldRetry do (core exporter/otlpexporter/otlp.go).

import type { Signal } from '../../../core/payload.js';
import { decodeExportResponse } from '../../../pdata/responses.js';
import { createExporterHelper, type ExporterHelper } from '../../../shared/exporterhelper/index.js';
import { GrpcStatus } from '../../../shared/grpcserver/status.js';
import { createGrpcClient, GrpcCallError, type GrpcClient } from '../../../shared/grpcclient/index.js';
import { ConsumerError, type RequestContext } from '../../../core/consumer.js';
import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import type { Payload } from '../../../core/payload.js';
import type { OtlpGrpcConfig } from './config.js';
import { PartialSuccessLog } from './partial-success.js';
import { GRPC_METHODS, otlpPayload } from './signals.js';

/** Go's shouldRetry: transient codes retry; RESOURCE_EXHAUSTED only when the server sent RetryInfo. */
export function isRetryableGrpcCode(code: number, hasRetryInfo: boolean): boolean {
  switch (code) {
    case GrpcStatus.CANCELLED:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.ABORTED:
    case GrpcStatus.OUT_OF_RANGE:
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DATA_LOSS:
      return true;
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return hasRetryInfo;
    default:
      return false;
  }
}

/** A failed call as the exporterhelper needs it: permanent, throttled (server delay) or retryable. */
export function classifyGrpcError(err: unknown): unknown {
  if (!(err instanceof GrpcCallError)) return err;
  if (!isRetryableGrpcCode(err.code, err.hasRetryInfo)) return ConsumerError.permanent(err.message, err);
  const delay = err.retryDelayMs !== undefined && err.retryDelayMs > 0 ? err.retryDelayMs : undefined;
  if (err.code === GrpcStatus.RESOURCE_EXHAUSTED) return ConsumerError.throttled(err.message, delay);
  return ConsumerError.retryable(err.message, delay, err);
}

/** Go's exporter user agent: `<description>/<version> (<os>/<arch>)`. */
export function exporterUserAgent(host: Host): string {
  const b = host.service.build;
  return `${b.description}/${b.version} (${process.platform}/${process.arch})`;
}

export class OtlpGrpcExporter implements Exporter {
  readonly mutatesData = false;
  private client: GrpcClient | undefined;
  private readonly helper: ExporterHelper;
  private readonly partial: PartialSuccessLog;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: OtlpGrpcConfig,
    signals: ReadonlySet<Signal>,
  ) {
    this.partial = new PartialSuccessLog(ctx.logger);
    this.helper = createExporterHelper({
      id: ctx.id,
      logger: ctx.logger,
      metrics: ctx.telemetry.exporter(ctx.id),
      timeoutMs: cfg.timeout,
      retry: cfg.retry_on_failure,
      queue: cfg.sending_queue,
      send: (payload, signal, abort) => this.send(payload, signal, abort),
      sizeOf: (payload) => otlpPayload(payload).toProto().length,
      signals,
    });
  }

  async start(host: Host): Promise<void> {
    const client = createGrpcClient(this.cfg, { logger: this.ctx.logger, userAgent: exporterUserAgent(host) });
    client.start(host);
    this.client = client;
    this.helper.start();
  }

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    return this.helper.consume(data, ctx);
  }

  async shutdown(): Promise<void> {
    await this.helper.shutdown();
    await this.client?.close();
  }

  private async send(payload: Payload, signal: Signal, abort: AbortSignal): Promise<void> {
    if (!this.client) throw new Error('otlp exporter not started');
    const body = otlpPayload(payload).toProto();
    let response: Buffer;
    try {
      response = await this.client.unary(GRPC_METHODS[signal], body, { timeoutMs: this.cfg.timeout, signal: abort });
    } catch (err) {
      throw classifyGrpcError(err);
    }
    let decoded;
    try {
      decoded = decodeExportResponse(response);
    } catch (err) {
      // grpc-go fails such a call with Internal, which is not retryable.
      throw ConsumerError.permanent(
        `rpc error: code = Internal desc = grpc: failed to unmarshal the received message: ${(err as Error).message}`,
        err,
      );
    }
    this.partial.report(signal, decoded);
  }
}
