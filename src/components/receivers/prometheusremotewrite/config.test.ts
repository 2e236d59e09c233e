import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configIssues, decodeConfig } from '../../../testing/components.js';
import { prometheusRemoteWriteReceiverFactory } from './factory.js';

test("defaults are Go's: localhost:9090, 10 MiB bodies, 60 s read timeout", () => {
  const { cfg, issues } = decodeConfig(prometheusRemoteWriteReceiverFactory, null);
  assert.deepEqual(issues, []);
  assert.equal(cfg.endpoint, 'localhost:9090');
  assert.equal(cfg.max_request_body_size, 10 * 1024 * 1024);
  assert.equal(cfg.read_timeout, 60_000);
});

test('the shared HTTP server settings apply and are validated', () => {
  const { cfg } = decodeConfig(prometheusRemoteWriteReceiverFactory, {
    endpoint: '0.0.0.0:19291',
    max_request_body_size: '1MiB',
    include_metadata: true,
  });
  assert.equal(cfg.endpoint, '0.0.0.0:19291');
  assert.equal(cfg.max_request_body_size, 1024 * 1024);
  assert.equal(cfg.include_metadata, true);
  assert.ok(configIssues(prometheusRemoteWriteReceiverFactory, { endpoint: 'no-port' }).length > 0);
  assert.ok(configIssues(prometheusRemoteWriteReceiverFactory, { protocols: { http: {} } }).some((m) => /protocols/.test(m)));
});
