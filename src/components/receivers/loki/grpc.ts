// logproto.Pusher/Push (Loki's push.proto, as promtail's and Grafana Agent's gRPC clients call
// it): the message is the uncompressed PushRequest (gRPC's own compression aside); the answer an
// empty PushResponse. A message that does not decode is INTERNAL like any grpc-go codec failure;
// labels that do not parse are INVALID_ARGUMENT (Go returns the bare error, i.e. UNKNOWN);
// refusals as Go's errorutil.GrpcError: permanent → UNKNOWN, otherwise UNAVAILABLE, and our
// throttled kind RESOURCE_EXHAUSTED.

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { GrpcServer } from '../../../shared/grpcserver/server.js';
import { GrpcError, GrpcStatus } from '../../../shared/grpcserver/status.js';
import { grpcErrorForRefusal, isRefusal } from '../../../shared/receiverhelper/index.js';
import { decodePushRequest } from '../../../shared/codec/loki/push-decode.js';
import { LokiDecodeError, type LokiStream } from '../../../shared/codec/loki/push-model.js';
import type { LokiGrpcConfig } from './config.js';
import type { LokiIngest, RunningTransport } from './ingest.js';

const PUSH_METHOD = '/logproto.Pusher/Push';
const EMPTY_PUSH_RESPONSE = new Uint8Array(0);

export async function startLokiGrpc(host: Host, id: string, cfg: LokiGrpcConfig, ingest: LokiIngest, logger: Logger): Promise<RunningTransport> {
  const server = new GrpcServer(cfg, { id, logger });
  server.unary(PUSH_METHOD, async (request, call) => {
    let streams: LokiStream[];
    try {
      streams = decodePushRequest(request);
    } catch (err) {
      if (!(err instanceof LokiDecodeError)) throw err;
      throw new GrpcError(GrpcStatus.INTERNAL, `grpc: error unmarshalling request: ${err.message}`);
    }
    try {
      await ingest.push(streams, call.ctx);
    } catch (err) {
      if (err instanceof LokiDecodeError) throw new GrpcError(GrpcStatus.INVALID_ARGUMENT, err.message);
      if (!isRefusal(err)) throw err;
      throw grpcErrorForRefusal(err, GrpcStatus.UNKNOWN);
    }
    return EMPTY_PUSH_RESPONSE;
  });
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting GRPC server');
  return { address, shutdown: () => server.shutdown() };
}
