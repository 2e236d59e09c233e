import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { DecodeContext, type ConfigIssue } from '../../../core/schema.js';
import { otlpConfig, validateOtlpConfig, type OtlpConfig } from './config.js';
import { otlpReceiverFactory } from './factory.js';

function load(input: unknown): { cfg: OtlpConfig; issues: ConfigIssue[] } {
  const ctx = new DecodeContext();
  const cfg = otlpConfig.decode(input, [], ctx);
  return { cfg, issues: [...ctx.issues, ...validateOtlpConfig(cfg)] };
}

test("the seed config's bare `grpc:` and `http:` keys enable both protocols on all interfaces", () => {
  const { cfg, issues } = load(parse('protocols:\n  grpc: # port 4317\n  http: # port 4318\n'));
  assert.deepEqual(issues, []);
  const { grpc, http } = cfg.protocols;
  assert.equal(grpc?.endpoint, '0.0.0.0:4317');
  assert.equal(grpc?.max_recv_msg_size_mib, 0);
  assert.equal(grpc?.include_metadata, false);
  assert.equal(http?.endpoint, '0.0.0.0:4318');
  assert.deepEqual([http?.traces_url_path, http?.metrics_url_path, http?.logs_url_path], ['/v1/traces', '/v1/metrics', '/v1/logs']);
  assert.equal(http?.max_request_body_size, 20 * 1024 * 1024);
  assert.deepEqual([http?.read_timeout, http?.read_header_timeout, http?.write_timeout, http?.idle_timeout], [0, 0, 0, 0]);
  assert.deepEqual(http?.compression_algorithms, ['', 'gzip', 'zstd', 'zlib', 'snappy', 'deflate', 'lz4', 'x-snappy-framed']);
  assert.equal(http?.tls, undefined);
});

test('one protocol alone leaves the other off', () => {
  const { cfg, issues } = load({ protocols: { http: { endpoint: '127.0.0.1:5318' } } });
  assert.deepEqual(issues, []);
  assert.equal(cfg.protocols.grpc, undefined);
  assert.equal(cfg.protocols.http?.endpoint, '127.0.0.1:5318');
});

test('no protocol is an error with Go’s message', () => {
  for (const input of [{ protocols: {} }, { protocols: null }, {}]) {
    assert.deepEqual(load(input).issues, [{ path: [], message: 'must specify at least one protocol when using the OTLP receiver' }]);
  }
});

test('bad endpoints, unknown keys, incomplete TLS and clashing paths are reported with their paths', () => {
  const { issues } = load({
    protocols: {
      grpc: { endpoint: '4317', tls: { cert_file: '/x.pem' }, bogus: 1 },
      http: { endpoint: '[::1]:4318', traces_url_path: 'v1/logs' },
    },
  });
  assert.deepEqual(
    issues.map((i) => [i.path.join('.'), i.message]),
    [
      ['protocols.grpc', "'grpc' has invalid keys: bogus"],
      ['protocols.grpc.endpoint', 'address 4317: missing port in address'],
      ['protocols.grpc.tls', 'TLS configuration must include both certificate and key (CertFile/CertPem and KeyFile/KeyPem)'],
      ['protocols.http', 'traces_url_path, metrics_url_path and logs_url_path must differ'],
    ],
  );
});

test('weakly typed values and durations decode as in Go', () => {
  const { cfg, issues } = load({
    protocols: {
      grpc: { max_recv_msg_size_mib: '16', keepalive: { server_parameters: { max_connection_age: '30s' }, enforcement_policy: { min_time: '10s' } } },
      http: { max_request_body_size: '1MiB', include_metadata: 'true', cors: { allowed_origins: ['https://*.example.com'] } },
    },
  });
  assert.deepEqual(issues, []);
  assert.equal(cfg.protocols.grpc?.max_recv_msg_size_mib, 16);
  assert.equal(cfg.protocols.grpc?.keepalive?.server_parameters?.max_connection_age, 30_000);
  assert.equal(cfg.protocols.grpc?.keepalive?.enforcement_policy?.min_time, 10_000);
  assert.equal(cfg.protocols.http?.max_request_body_size, 1024 * 1024);
  assert.equal(cfg.protocols.http?.include_metadata, true);
  assert.deepEqual(cfg.protocols.http?.cors?.allowed_origins, ['https://*.example.com']);
});

test('the factory describes the receiver', () => {
  assert.equal(otlpReceiverFactory.type, 'otlp');
  assert.equal(otlpReceiverFactory.kind, 'receiver');
  assert.deepEqual(otlpReceiverFactory.stability, { traces: 'stable', metrics: 'stable', logs: 'stable' });
});
