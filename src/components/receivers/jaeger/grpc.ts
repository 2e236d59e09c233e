// grpc: jaeger.api_v2.CollectorService/PostSpans (contrib receiver/jaegerreceiver/trace_receiver.go
// PostSpans) on the shared gRPC server. A request that does not decode is INTERNAL "grpc: error
// unmarshalling request", as grpc-go answers; a pipeline refusal maps as for OTLP/gRPC through
// the shared receiverhelper (throttled → RESOURCE_EXHAUSTED, retryable → UNAVAILABLE, permanent →
// INTERNAL; RetryInfo attached when the pipeline names a delay).

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { decodePostSpansRequest } from '../../../shared/codec/jaeger/model-proto.js';
import { GrpcServer } from '../../../shared/grpcserver/server.js';
import type { GrpcServerConfig } from '../../../shared/grpcserver/config.js';
import { GrpcError, GrpcStatus } from '../../../shared/grpcserver/status.js';
import { grpcErrorForRefusal, isRefusal, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { RunningTransport } from './jaeger.js';
import { protoBatchToTraces } from './translate-proto.js';

const POST_SPANS_PATH = '/jaeger.api_v2.CollectorService/PostSpans';
const EMPTY_RESPONSE = new Uint8Array(0);

export async function startJaegerGrpc(
  host: Host,
  id: string,
  cfg: GrpcServerConfig,
  receiver: ReceiverHelper,
  logger: Logger,
): Promise<RunningTransport> {
  const server = new GrpcServer(cfg, { id, logger });
  server.unary(POST_SPANS_PATH, async (request, call) => {
    let traces;
    try {
      traces = protoBatchToTraces(decodePostSpansRequest(request));
    } catch (err) {
      throw new GrpcError(GrpcStatus.INTERNAL, `grpc: error unmarshalling request: ${(err as Error).message}`);
    }
    try {
      await receiver.push('traces', traces, call.ctx);
    } catch (err) {
      if (isRefusal(err)) throw grpcErrorForRefusal(err);
      throw err;
    }
    return EMPTY_RESPONSE;
  });
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting gRPC server for Jaeger Protobuf');
  return { address, shutdown: () => server.shutdown() };
}
