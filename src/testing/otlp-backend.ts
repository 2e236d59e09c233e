// A fake OTLP/gRPC backend built on @grpc/grpc-js (not our own server): the three Export services,
// answers scripted per call, and protobufjs decoders over the .proto files to check what arrived
// independently of our codec. Used by the exporter, isolation and worker tests.

import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { Signal } from '../core/payload.js';
import { PROTO_DIR } from '../pdata/test-fixtures.js';

const OTLP_GRPC_METHODS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const root = protobuf.loadSync(['trace_service.proto', 'metrics_service.proto', 'logs_service.proto'].map((f) => PROTO_DIR + f));
const REQUEST_TYPES: Record<Signal, protobuf.Type> = {
  traces: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  metrics: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  logs: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
};
const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, oneofs: false };

/** A request decoded by protobufjs, as the plain object the pdata test fixtures describe. */
export function pbjsDecode(signal: Signal, bytes: Uint8Array): unknown {
  const t = REQUEST_TYPES[signal];
  return JSON.parse(JSON.stringify(t.toObject(t.decode(bytes), TO_OBJECT)));
}

export interface ReceivedCall {
  signal: Signal;
  body: Buffer;
  metadata: grpc.Metadata;
  at: number;
}

/** What the scripted server answers: the encoded response, or a gRPC error. */
export type Answer = { response?: Uint8Array; error?: Partial<grpc.StatusObject>; delayMs?: number };

export interface OtlpGrpcTestServer {
  port: number;
  calls: ReceivedCall[];
  close(): Promise<void>;
}

/** A grpc-js server for the three OTLP services; `answer` decides each call's outcome. */
export async function startOtlpGrpcServer(
  answer: (call: ReceivedCall, index: number) => Answer = () => ({}),
  opts: { credentials?: grpc.ServerCredentials; port?: number } = {},
): Promise<OtlpGrpcTestServer> {
  const server = new grpc.Server();
  const calls: ReceivedCall[] = [];
  const raw = (b: Buffer) => b;
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const path = OTLP_GRPC_METHODS[signal];
    server.addService(
      {
        Export: {
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
        Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
          const rec: ReceivedCall = { signal, body: call.request, metadata: call.metadata, at: performance.now() };
          calls.push(rec);
          const a = answer(rec, calls.length - 1);
          const reply = () => (a.error ? cb(a.error as grpc.ServiceError) : cb(null, Buffer.from(a.response ?? new Uint8Array(0))));
          if (a.delayMs) setTimeout(reply, a.delayMs);
          else reply();
        },
      },
    );
  }
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync(`127.0.0.1:${opts.port ?? 0}`, opts.credentials ?? grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
  );
  return { port, calls, close: async () => void server.forceShutdown() };
}
