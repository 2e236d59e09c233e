// The `loki` receiver settings (contrib `receiver/lokireceiver/{config.go,factory.go}`): each
// protocol is enabled by its key's presence; `use_incoming_timestamp` keeps the client's entry
// timestamps. Endpoints default to all interfaces (Go's 0.0.0.0:3500 / 0.0.0.0:3600 before its
// localhost default, which promtail on another host cannot reach).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { grpcServerFields, validateGrpcServer } from '../../../shared/grpcserver/config.js';
import { httpServerFields, validateHttpServer } from '../../../shared/httpserver/config.js';

const DEFAULT_HTTP_ENDPOINT = '0.0.0.0:3500';
const DEFAULT_GRPC_ENDPOINT = '0.0.0.0:3600';

export const lokiReceiverConfig = s.object({
  protocols: s.object({
    http: s
      .presence(
        // Go builds a bare confighttp.ServerConfig{Endpoint}, so its timeouts are all 0.
        s.object(httpServerFields({ endpoint: DEFAULT_HTTP_ENDPOINT, read_header_timeout: 0, write_timeout: 0, idle_timeout: 0 })),
      )
      .doc('Serve POST /loki/api/v1/push (snappy protobuf or JSON).'),
    grpc: s.presence(s.object(grpcServerFields({ endpoint: DEFAULT_GRPC_ENDPOINT }))).doc('Serve logproto.Pusher/Push.'),
  }),
  use_incoming_timestamp: s.bool(false).doc("Use each entry's own timestamp instead of the time it was received."),
});

export type LokiReceiverConfig = Infer<(typeof lokiReceiverConfig)['fields']>;
export type LokiHttpConfig = NonNullable<LokiReceiverConfig['protocols']['http']>;
export type LokiGrpcConfig = NonNullable<LokiReceiverConfig['protocols']['grpc']>;

export function validateLokiReceiverConfig(cfg: LokiReceiverConfig): ConfigIssue[] {
  const { grpc, http } = cfg.protocols;
  if (!grpc && !http) return [{ path: [], message: 'must specify at least one protocol when using the Loki receiver' }];
  const issues: ConfigIssue[] = [];
  if (http) issues.push(...validateHttpServer(http, ['protocols', 'http']));
  if (grpc) issues.push(...validateGrpcServer(grpc, ['protocols', 'grpc']));
  return issues;
}
