// OTLP/gRPC: the Export method of TraceService, MetricsService and LogsService, registered only
// for signals with a pipeline (core `receiver/otlpreceiver/otlp.go`), so a client sending another
// signal gets UNIMPLEMENTED "unknown service ...", as from grpc-go.

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { SIGNALS } from '../../../core/payload.js';
import { encodeExportResponse } from '../../../pdata/index.js';
import { GrpcServer } from '../../../shared/grpcserver/server.js';
import { GrpcError, GrpcStatus } from '../../../shared/grpcserver/status.js';
import type { OtlpGrpcConfig } from './config.js';
import { grpcErrorForRefusal, isRefusal, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { RunningTransport } from './otlp.js';
import { OTLP_SIGNALS } from './signals.js';

const EMPTY_RESPONSE = encodeExportResponse();

export async function startOtlpGrpc(
  host: Host,
  id: string,
  cfg: OtlpGrpcConfig,
  receiver: ReceiverHelper,
  logger: Logger,
): Promise<RunningTransport> {
  const server = new GrpcServer(cfg, { id, logger });
  for (const signal of SIGNALS) {
    if (!receiver.accepts(signal)) continue;
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
        await receiver.push(signal, payload, call.ctx);
      } catch (err) {
        throw isRefusal(err) ? grpcErrorForRefusal(err) : err;
      }
      return EMPTY_RESPONSE;
    });
  }
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting GRPC server');
  return { address, shutdown: () => server.shutdown() };
}
