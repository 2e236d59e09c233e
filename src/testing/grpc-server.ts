// A @grpc/grpc-js server for one raw-bytes unary method whose answers a test scripts, for testing
// gRPC clients against the reference implementation rather than our own server.

import * as grpc from '@grpc/grpc-js';

export const ECHO_PATH = '/test.Echo/Say';

type Handler = (req: Buffer, md: grpc.Metadata) => { reply?: Buffer; error?: Partial<grpc.StatusObject> } | 'hang';

interface GrpcJsServer {
  port: number;
  seen: Array<{ request: Buffer; metadata: grpc.Metadata }>;
  close(): Promise<void>;
}

/** grpc-js serving `path` with identity serializers; 'hang' leaves the call open until close(). */
export async function grpcJsServer(
  handler: Handler,
  opts: { credentials?: grpc.ServerCredentials; port?: number; path?: string } = {},
): Promise<GrpcJsServer> {
  const server = new grpc.Server();
  const seen: GrpcJsServer['seen'] = [];
  const pending: Array<() => void> = [];
  const raw = (b: Buffer) => b;
  const path = opts.path ?? ECHO_PATH;
  server.addService(
    {
      Say: {
        path,
        requestStream: false,
        responseStream: false,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
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
