// Test support for gRPC clients: clients built from a user config (closed after the test file),
// a @grpc/grpc-js server for one raw-bytes unary method whose answers a test scripts, and a
// port on 127.0.0.1 that nothing listens on.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { DecodeContext } from '../../core/schema.js';
import { createGrpcClient, type GrpcClient, type GrpcClientOptions } from './client.js';
import { grpcClientSchema, validateGrpcClient } from './config.js';

export const PATH = '/test.Echo/Say';

const clients: GrpcClient[] = [];
after(async () => {
  for (const c of clients.splice(0)) await c.close();
});

/** A started-on-demand client for `input` (which must be a valid config). */
export function testClient(input: Record<string, unknown>, opts: GrpcClientOptions = {}): GrpcClient {
  const ctx = new DecodeContext();
  const cfg = grpcClientSchema().decode(input, [], ctx);
  assert.deepEqual([...ctx.issues, ...validateGrpcClient(cfg)], []);
  const c = createGrpcClient(cfg, { userAgent: 'otelcol-ts-test/1', ...opts });
  clients.push(c);
  return c;
}

export type Handler = (req: Buffer, md: grpc.Metadata) => { reply?: Buffer; error?: Partial<grpc.StatusObject> } | 'hang';

export interface GrpcJsServer {
  port: number;
  seen: Array<{ request: Buffer; metadata: grpc.Metadata }>;
  close(): Promise<void>;
}

/** grpc-js serving PATH with identity serializers; 'hang' leaves the call open until close(). */
export async function grpcJsServer(handler: Handler, opts: { credentials?: grpc.ServerCredentials; port?: number } = {}): Promise<GrpcJsServer> {
  const server = new grpc.Server();
  const seen: GrpcJsServer['seen'] = [];
  const pending: Array<() => void> = [];
  const raw = (b: Buffer) => b;
  server.addService(
    { Say: { path: PATH, requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw } },
    {
      Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        seen.push({ request: call.request, metadata: call.metadata });
        const out = handler(call.request, call.metadata);
        if (out === 'hang') {
          pending.push(() => cb(null, Buffer.alloc(0)));
          return;
        }
        if (out.error) cb(out.error as grpc.ServiceError);
        else cb(null, out.reply ?? Buffer.from('ok'));
      },
    },
  );
  const creds = opts.credentials ?? grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((res, rej) => server.bindAsync(`127.0.0.1:${opts.port ?? 0}`, creds, (e, p) => (e ? rej(e) : res(p))));
  return {
    port,
    seen,
    close: async () => {
      for (const p of pending) p();
      server.forceShutdown();
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (connections to it are refused). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
