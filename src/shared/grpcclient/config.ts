// The configgrpc client settings (core `config/configgrpc/configgrpc.go` ClientConfig,
// NewDefaultClientConfig), as one schema fragment every gRPC exporter spreads into its config.
// Header values are secrets (Go: configopaque). read/write buffer sizes are grpc-go socket knobs
// without a node:http2 counterpart: accepted so Go configs load.

import { s, type ConfigIssue, type Infer } from '../../core/schema.js';
import { authSettingsSchema } from '../auth/auth.js';
import { tlsClientSchema, validateTlsClient } from '../tls/config.js';
import { endpointProblem } from './target.js';

/** Compressions a gRPC client can send (Go: getGRPCCompressionName). */
const GRPC_COMPRESSIONS = ['gzip', 'zstd', 'snappy'] as const;
/** Load-balancing policies grpc-go registers by default; one connection is used either way. */
const GRPC_BALANCERS = ['round_robin', 'pick_first'] as const;

interface GrpcClientDefaults {
  endpoint: string;
  /** Go: the OTLP exporter sets gzip; configgrpc's own default is none. */
  compression: string;
  /** Go: the OTLP exporter sets 512 KiB. */
  write_buffer_size: number;
}

const keepaliveClientSchema = s.object({
  time: s.duration(10_000).doc('Ping the server after this long without activity (grpc-go raises anything under 10s to 10s).'),
  timeout: s.duration(10_000).doc('Close the connection when a ping is not answered within this (0: 20s).'),
  permit_without_stream: s.bool(false).doc('Also ping while no call is in progress.'),
});

export function grpcClientFields(over: Partial<GrpcClientDefaults> = {}) {
  const d: GrpcClientDefaults = { endpoint: '', compression: 'gzip', write_buffer_size: 0, ...over };
  return {
    endpoint: s
      .string(d.endpoint)
      .doc('host:port to send to; `https://` forces TLS, `http://` is stripped, `dns:///host:port` and `unix:///path` are accepted.'),
    compression: s.string(d.compression).doc('Compression of request messages: gzip, zstd, snappy or none.'),
    tls: tlsClientSchema,
    headers: s.map(s.string().secret()).doc('Metadata sent with every call (values are secrets).'),
    keepalive: s.presence(keepaliveClientSchema).doc('Client keepalive pings (off unless the section is present).'),
    read_buffer_size: s.size(0).doc('Accepted for Go compatibility; no effect.'),
    write_buffer_size: s.size(d.write_buffer_size).doc('Accepted for Go compatibility; no effect.'),
    wait_for_ready: s.bool(false).doc('Wait for the connection (until the call deadline) instead of failing a call at once when it cannot connect.'),
    balancer_name: s.string('round_robin').doc('round_robin or pick_first; otelcol-ts keeps one HTTP/2 connection either way.'),
    authority: s.string('').doc('Overrides the :authority header (default: the endpoint host:port).'),
    user_agent: s.string('').doc('Overrides the User-Agent sent with every call.'),
    auth: s.presence(authSettingsSchema).doc('Client authenticator extension: `auth: { authenticator: bearertokenauth/x }`.'),
  };
}

export function grpcClientSchema(over: Partial<GrpcClientDefaults> = {}) {
  return s.object(grpcClientFields(over));
}

export type GrpcClientConfig = Infer<ReturnType<typeof grpcClientFields>>;

/** Go's ClientConfig.Validate plus its start-time refusals, reported at load time here. */
export function validateGrpcClient(cfg: GrpcClientConfig, path: string[] = []): ConfigIssue[] {
  const out: ConfigIssue[] = [...validateTlsClient(cfg.tls, [...path, 'tls'])];
  const ep = endpointProblem(cfg.endpoint);
  if (ep) out.push({ path: [...path, 'endpoint'], message: ep });
  const c = cfg.compression;
  if (c === 'lz4') {
    out.push({ path: [...path, 'compression'], message: 'compression "lz4" is not supported by otelcol-ts; use gzip, zstd or snappy' });
  } else if (c !== '' && c !== 'none' && !(GRPC_COMPRESSIONS as readonly string[]).includes(c)) {
    out.push({ path: [...path, 'compression'], message: `unsupported compression type "${c}"` });
  }
  if (cfg.balancer_name !== '' && !(GRPC_BALANCERS as readonly string[]).includes(cfg.balancer_name)) {
    out.push({ path: [...path, 'balancer_name'], message: `invalid balancer_name: ${cfg.balancer_name}` });
  }
  if (cfg.keepalive && cfg.keepalive.time < 0) out.push({ path: [...path, 'keepalive', 'time'], message: 'keepalive time must not be negative' });
  if (cfg.keepalive && cfg.keepalive.timeout < 0)
    out.push({ path: [...path, 'keepalive', 'timeout'], message: 'keepalive timeout must not be negative' });
  if (cfg.auth && cfg.auth.authenticator === '') {
    out.push({ path: [...path, 'auth', 'authenticator'], message: 'authenticator ID must not be empty' });
  }
  return out;
}
