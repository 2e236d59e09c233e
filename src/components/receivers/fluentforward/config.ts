// The `fluentforward` receiver settings. Go's (contrib receiver/fluentforwardreceiver/config.go)
// has only `endpoint`; the rest are additions that default to Go's behaviour (no TLS, no
// handshake, no connection cap, no idle timeout).

import { hostname } from 'node:os';
import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { tcpEndpointProblem } from '../../../shared/tcpserver/index.js';
import { tlsServerSchema, validateTlsServer } from '../../../shared/tls/index.js';

export const fluentForwardConfig = s.object({
  endpoint: s.string('').doc('`host:port` (TCP, plus the UDP heartbeat responder on the same port) or `unix:///path/to.sock`. Required.'),
  tls: s.presence(tlsServerSchema).doc('Serve the forward protocol over TLS (fluent-bit `tls on`, fluentd `transport tls`).'),
  security: s
    .presence(
      s.object({
        shared_key: s.string('').secret().doc('Require the forward protocol v1 handshake (HELO/PING/PONG) with this shared key.'),
        self_hostname: s.string(hostname()).doc('Hostname sent in PONG (clients refuse their own hostname).'),
      }),
    )
    .doc('Beyond Go: authenticate clients with a shared key (fluentd `<security>`, fluent-bit `Shared_Key`).'),
  max_connections: s.int(0, 0).doc('Concurrent connections; more are refused and counted (0 = no limit, as Go).'),
  idle_timeout: s.duration(0).doc('Close a connection silent this long (0 = never; dockerd keeps one connection open for days).'),
});

export type FluentForwardConfig = Infer<(typeof fluentForwardConfig)['fields']>;

export function validateFluentForwardConfig(cfg: FluentForwardConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Go accepts an empty endpoint and listens on a random port nobody can know; refuse it instead.
  if (cfg.endpoint.trim() === '') issues.push({ path: ['endpoint'], message: 'endpoint must be set: host:port or unix:///path' });
  else {
    // Go also takes a bare absolute path as a socket file (receiver.go).
    const e = cfg.endpoint.trim();
    const problem = tcpEndpointProblem(e.startsWith('/') ? `unix://${e}` : e);
    if (problem) issues.push({ path: ['endpoint'], message: problem });
  }
  if (cfg.tls) issues.push(...validateTlsServer(cfg.tls, ['tls']));
  if (cfg.security && cfg.security.shared_key === '') {
    issues.push({ path: ['security', 'shared_key'], message: 'shared_key must be set when security is configured' });
  }
  return issues;
}
