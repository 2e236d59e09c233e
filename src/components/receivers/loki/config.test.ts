import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parse } from 'yaml';
import { decodeConfig } from '../../../testing/components.js';
import { lokiReceiverFactory } from './factory.js';
import type { LokiReceiverConfig } from './config.js';

const load = (input: unknown) => decodeConfig<LokiReceiverConfig>(lokiReceiverFactory, input);

test("the seed's loki/systemd block: HTTP on 0.0.0.0:3100 only, receive-time timestamps", () => {
  const seed = parse(fs.readFileSync('/work/shared/seed/otel-collector-config.yaml', 'utf8').replace(/\$\{env:[A-Z_]+\}/g, 'x')) as {
    receivers: Record<string, unknown>;
  };
  const { cfg, issues } = load(seed.receivers['loki/systemd']);
  assert.deepEqual(issues, []);
  assert.equal(cfg.protocols.http?.endpoint, '0.0.0.0:3100');
  assert.equal(cfg.protocols.grpc, undefined);
  assert.equal(cfg.use_incoming_timestamp, false);
  assert.equal(cfg.protocols.http?.max_request_body_size, 20 * 1024 * 1024);
  assert.deepEqual([cfg.protocols.http?.read_header_timeout, cfg.protocols.http?.write_timeout, cfg.protocols.http?.idle_timeout], [0, 0, 0]);
});

test('bare protocol keys take the default endpoints; use_incoming_timestamp is read', () => {
  const { cfg, issues } = load(parse('protocols:\n  http:\n  grpc:\nuse_incoming_timestamp: true\n'));
  assert.deepEqual(issues, []);
  assert.equal(cfg.protocols.http?.endpoint, '0.0.0.0:3500');
  assert.equal(cfg.protocols.grpc?.endpoint, '0.0.0.0:3600');
  assert.equal(cfg.use_incoming_timestamp, true);
});

test("no protocol is Go's error; bad endpoints and unknown keys are reported with their paths", () => {
  for (const input of [{}, { protocols: {} }, { protocols: null }]) {
    assert.deepEqual(load(input).issues, ['must specify at least one protocol when using the Loki receiver']);
  }
  const { issues } = load({ protocols: { http: { endpoint: '3100', bogus: 1 }, grpc: { endpoint: 'localhost:99999' } }, keep_timestamp: true });
  assert.ok(
    issues.some((i) => i.startsWith('protocols::http::endpoint: ')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.startsWith('protocols::grpc::endpoint: ')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.includes('bogus')),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((i) => i.includes('keep_timestamp')),
    issues.join('\n'),
  );
});
