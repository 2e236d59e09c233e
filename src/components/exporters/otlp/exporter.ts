// The otlp (gRPC) exporter on the exporter kit: encode is the payload's Export*ServiceRequest
// (the bytes as received when no processor changed them), send is one unary Export call on the
// shared gRPC client, its errors classified as Go's processError/shouldRetry do (core
// exporter/otlpexporter/otlp.go).

import type { CreateContext, Exporter, Host } from '../../../core/component.js';
import { ConsumerError } from '../../../core/consumer.js';
import type { Payload, Signal } from '../../../core/payload.js';
import { decodeExportResponse, type ExportResponse } from '../../../pdata/responses.js';
import { createExporter, exporterUserAgent, type ExporterSpec } from '../../../shared/exporterhelper/index.js';
import { createGrpcClient, type GrpcClient } from '../../../shared/grpcclient/index.js';
import { classifyGrpcError, GRPC_METHODS, PartialSuccessLog } from '../../../shared/otlpexport/index.js';
import type { OtlpGrpcConfig } from './config.js';

export function createOtlpGrpcExporter(ctx: CreateContext, cfg: OtlpGrpcConfig, signals: ReadonlySet<Signal>): Exporter {
  return createExporter(
    ctx,
    signals,
    { timeoutMs: cfg.timeout, retry: cfg.retry_on_failure, queue: cfg.sending_queue },
    new OtlpGrpcSender(ctx, cfg),
  );
}

class OtlpGrpcSender implements ExporterSpec<Buffer> {
  private client: GrpcClient | undefined;
  private readonly partial: PartialSuccessLog;

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: OtlpGrpcConfig,
  ) {
    this.partial = new PartialSuccessLog(ctx.logger);
  }

  start(host: Host): void {
    this.client = createGrpcClient(this.cfg, { logger: this.ctx.logger, userAgent: exporterUserAgent(host) });
    this.client.start(host);
  }

  async shutdown(): Promise<void> {
    await this.client?.close();
  }

  encode(payload: Payload): Buffer {
    return payload.toProto();
  }

  sizeOf(body: Buffer): number {
    return body.length;
  }

  async send(body: Buffer, signal: Signal, abort: AbortSignal): Promise<void> {
    if (!this.client) throw new Error('otlp exporter not started');
    let response: Buffer;
    try {
      response = await this.client.unary(GRPC_METHODS[signal], body, { timeoutMs: this.cfg.timeout, signal: abort });
    } catch (err) {
      throw classifyGrpcError(err);
    }
    let decoded: ExportResponse;
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
