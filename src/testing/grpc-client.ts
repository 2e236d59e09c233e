// Clients of the shared gRPC client built from a user config, closed after the test file.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeContext } from '../core/schema.js';
import { createGrpcClient, type GrpcClient, type GrpcClientOptions } from '../shared/grpcclient/client.js';
import { grpcClientSchema, validateGrpcClient } from '../shared/grpcclient/config.js';

// Registered at import (top level): an after() called inside a test would bind to that test only.
const clients: GrpcClient[] = [];
after(async () => {
  for (const c of clients.splice(0)) await c.close();
});

/** A started-on-demand client for `input` (which must be a valid config). */
export function testGrpcClient(input: Record<string, unknown>, opts: GrpcClientOptions = {}): GrpcClient {
  const ctx = new DecodeContext();
  const cfg = grpcClientSchema().decode(input, [], ctx);
  assert.deepEqual([...ctx.issues, ...validateGrpcClient(cfg)], []);
  const c = createGrpcClient(cfg, { userAgent: 'otelcol-ts-test/1', ...opts });
  clients.push(c);
  return c;
}
