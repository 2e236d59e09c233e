// The `otlp` receiver settings (core `receiver/otlpreceiver/{config.go,factory.go}`): each protocol
// is enabled by its key's presence. Endpoints default to all interfaces, as Go did until the
// localhost default (and as the seed config's clients on other hosts need).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { grpcServerFields, validateGrpcServer } from '../../../shared/grpcserver/config.js';
import { httpServerFields, validateHttpServer } from '../../../shared/httpserver/config.js';

const DEFAULT_GRPC_ENDPOINT = '0.0.0.0:4317';
const DEFAULT_HTTP_ENDPOINT = '0.0.0.0:4318';

export const otlpConfig = s.object({
  protocols: s.object({
    grpc: s.presence(s.object(grpcServerFields({ endpoint: DEFAULT_GRPC_ENDPOINT }))).doc('Serve OTLP/gRPC.'),
    http: s
      .presence(
        s.object({
          // Go's OTLP factory zeroes confighttp's timeouts "for backward compatibility".
          ...httpServerFields({ endpoint: DEFAULT_HTTP_ENDPOINT, read_header_timeout: 0, write_timeout: 0, idle_timeout: 0 }),
          traces_url_path: s.string('/v1/traces').doc('Path that accepts traces.'),
          metrics_url_path: s.string('/v1/metrics').doc('Path that accepts metrics.'),
          logs_url_path: s.string('/v1/logs').doc('Path that accepts logs.'),
        }),
      )
      .doc('Serve OTLP/HTTP (protobuf and JSON).'),
  }),
});

export type OtlpConfig = Infer<(typeof otlpConfig)['fields']>;
export type OtlpGrpcConfig = NonNullable<OtlpConfig['protocols']['grpc']>;
export type OtlpHttpConfig = NonNullable<OtlpConfig['protocols']['http']>;

/** Go's SanitizedURLPath: a path without a leading slash gets one. */
export function sanitizeUrlPath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

export function validateOtlpConfig(cfg: OtlpConfig): ConfigIssue[] {
  const { grpc, http } = cfg.protocols;
  if (!grpc && !http) return [{ path: [], message: 'must specify at least one protocol when using the OTLP receiver' }];
  const issues: ConfigIssue[] = [];
  if (grpc) issues.push(...validateGrpcServer(grpc, ['protocols', 'grpc']));
  if (http) {
    issues.push(...validateHttpServer(http, ['protocols', 'http']));
    const paths = [http.traces_url_path, http.metrics_url_path, http.logs_url_path].map(sanitizeUrlPath);
    if (new Set(paths).size !== paths.length) {
      issues.push({ path: ['protocols', 'http'], message: 'traces_url_path, metrics_url_path and logs_url_path must differ' });
    }
  }
  return issues;
}
