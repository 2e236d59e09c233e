// The configgrpc server settings every gRPC receiver embeds (core `config/configgrpc/configgrpc.go`
// `ServerConfig`, `NewDefaultServerConfig`). read/write buffer sizes are grpc-go socket knobs with
// no node:http2 counterpart: accepted so Go configs load, without effect.

import { s, type ConfigIssue, type Infer } from '../../core/schema.js';
import { tlsServerSchema, validateTlsServer } from '../tls/index.js';
import { authSettingsSchema } from '../auth/index.js';
import { endpointProblem } from '../httpserver/listen.js';

/** grpc-go's default receive limit when max_recv_msg_size_mib is unset. */
export const DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;

const keepaliveSchema = s.object({
  server_parameters: s.presence(
    s.object({
      max_connection_idle: s.duration(0).doc('Close a connection with no call for this long (0: never).'),
      max_connection_age: s.duration(0).doc('Close a connection this old, letting calls finish (0: never).'),
      max_connection_age_grace: s.duration(0).doc('After max_connection_age, cut calls still open after this long (0: never).'),
      time: s.duration(0).doc('Ping an idle connection after this long (0: 2h).'),
      timeout: s.duration(0).doc('Drop the connection when a ping is not answered within this (0: 20s).'),
    }),
  ),
  enforcement_policy: s.presence(
    s.object({
      min_time: s.duration(0).doc('Shortest interval allowed between client pings (0: 5m).'),
      permit_without_stream: s.bool(false).doc('Allow client pings while no call is open.'),
    }),
  ),
});

/** The configgrpc fields, to spread into a receiver's own `s.object({...})`. */
export function grpcServerFields(defaults: { endpoint: string }) {
  return {
    endpoint: s.string(defaults.endpoint).doc('host:port to listen on (or a socket path with transport unix).'),
    transport: s.enum(['tcp', 'tcp4', 'tcp6', 'unix'] as const, 'tcp').doc('Network to listen on.'),
    tls: s.presence(tlsServerSchema).doc('Serve gRPC over TLS (ALPN h2) with this certificate; plaintext h2c otherwise.'),
    max_recv_msg_size_mib: s.int(0, 0).doc('Largest accepted request message in MiB, after decompression (0: 4).'),
    max_concurrent_streams: s.int(0, 0).doc('Concurrent calls per connection (0: no limit).'),
    read_buffer_size: s.size(512 * 1024).doc('Accepted for Go compatibility; no effect.'),
    write_buffer_size: s.size(0).doc('Accepted for Go compatibility; no effect.'),
    keepalive: s.presence(keepaliveSchema).doc('Connection age, idle and ping settings (grpc-go keepalive).'),
    auth: s.presence(authSettingsSchema).doc('Authenticate every call with an authenticator extension.'),
    include_metadata: s.bool(false).doc('Pass the call metadata down the pipeline as client metadata.'),
  };
}

export function grpcServerSchema(defaults: { endpoint: string }) {
  return s.object(grpcServerFields(defaults));
}

export type GrpcServerConfig = Infer<ReturnType<typeof grpcServerFields>>;

export function validateGrpcServer(cfg: GrpcServerConfig, path: string[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ep = endpointProblem(cfg.endpoint, cfg.transport);
  if (ep) issues.push({ path: [...path, 'endpoint'], message: ep });
  if (cfg.tls) issues.push(...validateTlsServer(cfg.tls, [...path, 'tls']));
  if (cfg.auth && cfg.auth.authenticator === '') {
    issues.push({ path: [...path, 'auth', 'authenticator'], message: 'authenticator must be set' });
  }
  return issues;
}
