// OTLP/gRPC: the Export method of TraceService, MetricsService and LogsService, registered only
// for signals with a pipeline (core `receiver/otlpreceiver/otlp.go`), so a client sending another
// signal gets UNIMPLEMENTED "unknown service ...", as from grpc-go.

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { SIGNALS } from '../../../core/payload.js';
import { encodeExportResponse, encodeRpcStatus, retryInfoDetail } from '../../../pdata/index.js';
import { GrpcServer } from '../../../shared/grpcserver/server.js';
import { GrpcError, GrpcStatus } from '../../../shared/grpcserver/status.js';
import type { OtlpGrpcConfig } from './config.js';
import { ExportRefusal, type OtlpIngest, type RunningTransport } from './ingest.js';
import { OTLP_SIGNALS } from './signals.js';

const EMPTY_RESPONSE = encodeExportResponse();

export async function startOtlpGrpc(host: Host, id: string, cfg: OtlpGrpcConfig, ingest: OtlpIngest, logger: Logger): Promise<RunningTransport> {
  const server = new GrpcServer(cfg, { id, logger });
  for (const signal of SIGNALS) {
    if (!ingest.consumers[signal]) continue;
    const codecs = OTLP_SIGNALS[signal];
    server.unary(codecs.grpcPath, async (request, call) => {
      let payload;
      try {
        payload = codecs.fromProto(request);
      } catch (err) {
        // grpc-go's codec failure (server.go processUnaryRPC) is INTERNAL, not INVALID_ARGUMENT.
        throw new GrpcError(GrpcStatus.INTERNAL, `grpc: error unmarshalling request: ${(err as Error).message}`);
      }
      try {
        await ingest.push(signal, payload, call.ctx);
      } catch (err) {
        if (!(err instanceof ExportRefusal)) throw err;
        // RetryInfo in grpc-status-details-bin is what Go's OTLP exporter reads to pace its retry.
        const details =
          err.retryAfterMs !== undefined
            ? encodeRpcStatus({ code: err.code, message: err.message, details: [retryInfoDetail(err.retryAfterMs)] })
            : undefined;
        throw new GrpcError(err.code, err.message, details);
      }
      return EMPTY_RESPONSE;
    });
  }
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting GRPC server');
  return { address, shutdown: () => server.shutdown() };
}
