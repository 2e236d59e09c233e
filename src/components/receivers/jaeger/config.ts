// The `jaeger` receiver settings (contrib `receiver/jaegerreceiver/{config.go,factory.go}`): each
// protocol is enabled by its key's presence. Endpoints default to all interfaces, as Go did until
// the localhost default (v0.104): the seed's Traefik runs in another container and reaches
// `otel-collector:14268`.

import { ObjectNode, s, type ConfigIssue, type DecodeContext, type Infer } from '../../../core/schema.js';
import { grpcServerFields, validateGrpcServer } from '../../../shared/grpcserver/config.js';
import { httpServerFields, validateHttpServer } from '../../../shared/httpserver/config.js';

const DEFAULT_GRPC_ENDPOINT = '0.0.0.0:14250';
const DEFAULT_THRIFT_HTTP_ENDPOINT = '0.0.0.0:14268';
const DEFAULT_THRIFT_COMPACT_ENDPOINT = '0.0.0.0:6831';
const DEFAULT_THRIFT_BINARY_ENDPOINT = '0.0.0.0:6832';

function udpFields(endpoint: string) {
  return {
    endpoint: s.string(endpoint).doc('host:port to listen on (UDP).'),
    queue_size: s.int(1000, 0).doc('Datagrams waiting for a worker; more are dropped and counted (0: 1000).'),
    max_packet_size: s.int(65_000, 0).doc('Largest datagram accepted in bytes; larger ones are dropped and counted (0: 65000).'),
    workers: s.int(10, 0).doc('Datagrams decoded and pushed into the pipeline at once (0: 10).'),
    socket_buffer_size: s.int(0, 0).doc('SO_RCVBUF in bytes (0: the system default).'),
  };
}

const jaegerFields = {
  protocols: s.object({
    grpc: s.presence(s.object(grpcServerFields({ endpoint: DEFAULT_GRPC_ENDPOINT }))).doc('Serve jaeger.api_v2.CollectorService/PostSpans.'),
    thrift_http: s
      .presence(s.object(httpServerFields({ endpoint: DEFAULT_THRIFT_HTTP_ENDPOINT })))
      .doc('Serve POST /api/traces with a Thrift-binary Batch (the Jaeger collector endpoint).'),
    thrift_compact: s.presence(s.object(udpFields(DEFAULT_THRIFT_COMPACT_ENDPOINT))).doc('Agent emitBatch over UDP, Thrift compact.'),
    thrift_binary: s.presence(s.object(udpFields(DEFAULT_THRIFT_BINARY_ENDPOINT))).doc('Agent emitBatch over UDP, Thrift binary.'),
  }),
  remote_sampling: s.any().doc('Removed in Go v0.61; accepted and ignored with a warning.'),
};

/**
 * Go decides on the raw map before decoding (contrib receiver/jaegerreceiver/config.go Unmarshal,
 * checked against otelcol-contrib v0.130.0): a bare `jaeger:` is never unmarshalled and keeps the
 * default config, which serves all four protocols; `jaeger: {}` (a map with no keys) is "empty
 * config for Jaeger receiver"; any key at all (`protocols:`, `remote_sampling:`) decodes, and
 * no protocol under it is Validate's "must specify at least one protocol".
 */
class JaegerConfigNode extends ObjectNode<typeof jaegerFields> {
  override decode(input: unknown, path: string[], ctx: DecodeContext): Infer<typeof jaegerFields> {
    const v = this.unwrap(input, path, ctx, false);
    if (v === null || v === undefined) {
      return super.decode({ protocols: { grpc: null, thrift_http: null, thrift_compact: null, thrift_binary: null } }, path, ctx);
    }
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) {
      ctx.issue(path, 'empty config for Jaeger receiver');
    }
    return super.decode(input, path, ctx);
  }
}

export const jaegerConfig = new JaegerConfigNode(jaegerFields);

export type JaegerConfig = Infer<(typeof jaegerConfig)['fields']>;
export type JaegerUdpConfig = NonNullable<JaegerConfig['protocols']['thrift_compact']>;

/**
 * Go's checkPortFromEndpoint: host:port with a port in 1–65535. Difference: port 0 (any free
 * port) is allowed, as the otlp receiver allows it; tests bind that way.
 */
function portIssue(endpoint: string, label: string, path: string[]): ConfigIssue[] {
  const m = /^(.*):([^:\]]*)$/.exec(endpoint);
  const prefix = `invalid port number for the ${label} endpoint: `;
  if (!m) return [{ path, message: `${prefix}endpoint is not formatted correctly: address ${endpoint}: missing port in address` }];
  if (!/^[+-]?\d+$/.test(m[2]!))
    return [{ path, message: `${prefix}endpoint port is not a number: strconv.ParseInt: parsing "${m[2]}": invalid syntax` }];
  const port = Number(m[2]);
  if (port < 0 || port > 65535) return [{ path, message: `${prefix}port number must be between 1 and 65535` }];
  return [];
}

export function validateJaegerConfig(cfg: JaegerConfig): ConfigIssue[] {
  const { grpc, thrift_http, thrift_compact, thrift_binary } = cfg.protocols;
  if (!grpc && !thrift_http && !thrift_compact && !thrift_binary) {
    return [{ path: [], message: 'must specify at least one protocol when using the Jaeger receiver' }];
  }
  const issues: ConfigIssue[] = [];
  if (grpc) {
    issues.push(...validateGrpcServer(grpc, ['protocols', 'grpc']));
    issues.push(...portIssue(grpc.endpoint, 'gRPC', ['protocols', 'grpc', 'endpoint']));
  }
  if (thrift_http) {
    issues.push(...validateHttpServer(thrift_http, ['protocols', 'thrift_http']));
    issues.push(...portIssue(thrift_http.endpoint, 'Thrift HTTP', ['protocols', 'thrift_http', 'endpoint']));
  }
  if (thrift_binary) issues.push(...portIssue(thrift_binary.endpoint, 'Thrift UDP Binary', ['protocols', 'thrift_binary', 'endpoint']));
  if (thrift_compact) issues.push(...portIssue(thrift_compact.endpoint, 'Thrift UDP Compact', ['protocols', 'thrift_compact', 'endpoint']));
  return issues;
}
