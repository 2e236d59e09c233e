// Test support for the jaeger receiver: build it on free ports with a recording sink, and drive the
// npm jaeger-client configured as Traefik v2 configures jaeger-client-go (const sampler, 64-bit
// trace ids, collector endpoint or agent).

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { jaegerReceiverFactory } from './factory.js';
import type { JaegerReceiver } from './jaeger.js';
import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { Traces, type Span } from '../../../pdata/index.js';
import type { RecordingConsumer } from '../../../testing/sink.js';

const require = createRequire(import.meta.url);

export interface JaegerUnderTest extends BuiltReceiver<JaegerReceiver> {
  sink: RecordingConsumer;
  url: string;
  stop(): Promise<void>;
}

/** Starts the receiver with `protocols` (endpoints default to 127.0.0.1:0). */
export async function startJaeger(protocols: Record<string, Record<string, unknown>>): Promise<JaegerUnderTest> {
  const withPorts: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(protocols)) withPorts[k] = { endpoint: '127.0.0.1:0', ...v };
  const built = buildReceiver(jaegerReceiverFactory, { protocols: withPorts }) as BuiltReceiver<JaegerReceiver>;
  await built.receiver.start(testHost());
  const http = built.receiver.addresses.thrift_http;
  return {
    ...built,
    sink: built.consumers.traces!,
    url: http ? `http://${http}/api/traces` : '',
    stop: () => built.receiver.shutdown(),
  };
}

export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/** Every span the sink received, with its resource attributes. */
export function receivedSpans(sink: RecordingConsumer): Array<{ span: Span; resource: Record<string, unknown> }> {
  const out: Array<{ span: Span; resource: Record<string, unknown> }> = [];
  for (const p of sink.payloads) {
    for (const rs of (p as Traces).resourceSpans) {
      const resource = Object.fromEntries(rs.resource.attributes.map((kv) => [kv.key, kv.value]));
      for (const ss of rs.scopeSpans) for (const span of ss.spans) out.push({ span, resource });
    }
  }
  return out;
}

interface JaegerClientTracer {
  startSpan(
    name: string,
    opts?: Record<string, unknown>,
  ): {
    setTag(k: string, v: unknown): unknown;
    log(fields: Record<string, unknown>, ts?: number): unknown;
    finish(ts?: number): void;
    context(): unknown;
  };
  close(cb?: () => void): void;
}

/** The npm jaeger-client tracer, configured like Traefik v2 (const sampler 1, 64-bit ids). */
export function traefikLikeTracer(reporter: Record<string, unknown>, serviceName = 'traefik'): JaegerClientTracer {
  const { initTracer } = require('jaeger-client') as {
    initTracer(cfg: Record<string, unknown>, opts: Record<string, unknown>): JaegerClientTracer;
  };
  return initTracer(
    { serviceName, sampler: { type: 'const', param: 1 }, reporter: { flushIntervalMs: 50, ...reporter } },
    { tags: { 'client-uuid': 'test-uuid' }, logger: { info() {}, error() {} }, traceId128bit: false },
  );
}

export function closeTracer(t: JaegerClientTracer): Promise<void> {
  return new Promise((resolve) => t.close(resolve));
}

const API_V2_PROTO = fileURLToPath(new URL('../../../../src/shared/codec/jaeger/api_v2.proto', import.meta.url));

/** PostSpansRequest bytes from a protobufjs object (api_v2.proto loaded by protobufjs). */
export function encodePostSpans(request: Record<string, unknown>): Buffer {
  const protobuf = require('protobufjs') as typeof import('protobufjs');
  const type = protobuf.loadSync(API_V2_PROTO).lookupType('jaeger.api_v2.PostSpansRequest');
  // No verify(): it rejects enum numbers outside the schema, which a test sends on purpose.
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** One PostSpans call with @grpc/grpc-js; resolves with the response bytes or rejects with the gRPC error. */
export function postSpans(address: string, body: Buffer): Promise<Buffer> {
  const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(
      '/jaeger.api_v2.CollectorService/PostSpans',
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (err, res) => {
        client.close();
        if (err) reject(err);
        else resolve(res!);
      },
    );
  });
}
