// OTLP/gRPC status codes for bad input, missing pipelines and refusals, seen by grpc-js; and both
// transports over TLS with the SDK's exporters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { decodeRpcStatus, retryDelayMs, Traces } from '../../../pdata/index.js';
import { ConsumerError } from '../../../core/consumer.js';
import { makeTestCert } from '../../../testing/certs.js';
import { OTLP_SIGNALS } from './signals.js';
import { makeLogs, makeSpans, sdkExport, sdkExporter } from './sdk-fixtures.js';
import { startReceiver } from '../../../testing/otlp-receiver.js';

const TRACES = OTLP_SIGNALS.traces.grpcPath;
const SPAN_PROTO = Traces.fromJSON(
  '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a"}]}]}]}',
).toProto();

function unary(client: grpc.Client, path: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (err, res) => (err ? reject(err) : resolve(res!)),
    ),
  );
}

async function withClient(fn: (client: grpc.Client, r: Awaited<ReturnType<typeof startReceiver>>) => Promise<void>, opts = {}) {
  const r = await startReceiver({ http: null, ...opts });
  const client = new grpc.Client(r.grpc, grpc.credentials.createInsecure());
  try {
    await fn(client, r);
  } finally {
    client.close();
    await r.stop();
  }
}

const rejectsWith = (code: grpc.status, details?: string | RegExp) => (err: grpc.ServiceError) => {
  assert.equal(err.code, code, err.details);
  if (typeof details === 'string') assert.equal(err.details, details);
  else if (details) assert.match(err.details, details);
  return true;
};

test('gRPC: success, empty requests, garbage, and signals without a pipeline', async () => {
  await withClient(
    async (client, r) => {
      assert.equal((await unary(client, TRACES, SPAN_PROTO)).length, 0);
      assert.equal(r.consumers.traces!.payloads.length, 1);
      await unary(client, TRACES, Buffer.alloc(0));
      assert.equal(r.consumers.traces!.payloads.length, 1);
      await assert.rejects(
        unary(client, TRACES, Buffer.from([0x0a, 0xff, 0xff])),
        rejectsWith(grpc.status.INTERNAL, /^grpc: error unmarshalling request: /),
      );
      await assert.rejects(
        unary(client, OTLP_SIGNALS.logs.grpcPath, SPAN_PROTO),
        rejectsWith(grpc.status.UNIMPLEMENTED, 'unknown service opentelemetry.proto.collector.logs.v1.LogsService'),
      );
    },
    { signals: ['traces'] },
  );
});

test('gRPC: max_recv_msg_size_mib refuses larger messages', async () => {
  await withClient(
    async (client) => {
      await assert.rejects(
        unary(client, TRACES, Buffer.alloc(1024 * 1024 + 1)),
        rejectsWith(grpc.status.RESOURCE_EXHAUSTED, 'grpc: received message larger than max (1048577 vs. 1048576)'),
      );
      await unary(client, TRACES, SPAN_PROTO);
    },
    { grpc: { max_recv_msg_size_mib: 1 } },
  );
});

test('gRPC: refusals map to UNAVAILABLE / RESOURCE_EXHAUSTED / INTERNAL with RetryInfo', async () => {
  await withClient(async (client, r) => {
    const traces = r.consumers.traces!;
    traces.refuseWith = ConsumerError.retryable('queue full', 1500);
    await assert.rejects(unary(client, TRACES, SPAN_PROTO), (err: grpc.ServiceError) => {
      rejectsWith(grpc.status.UNAVAILABLE, 'queue full')(err);
      const details = err.metadata.get('grpc-status-details-bin')[0] as Buffer;
      const st = decodeRpcStatus(details);
      assert.equal(st.code, 14);
      assert.equal(retryDelayMs(st), 1500);
      return true;
    });
    traces.refuseWith = ConsumerError.throttled('data refused due to high memory usage');
    await assert.rejects(unary(client, TRACES, SPAN_PROTO), rejectsWith(grpc.status.RESOURCE_EXHAUSTED, 'data refused due to high memory usage'));
    traces.refuseWith = ConsumerError.permanent('bad data');
    await assert.rejects(unary(client, TRACES, SPAN_PROTO), rejectsWith(grpc.status.INTERNAL, 'bad data'));
    assert.match(r.metricsText(), /otelcol_receiver_refused_spans\{receiver="otlp",transport="grpc"\} 3/);
  });
});

test('the SDK exporters see a refusal as a failed export', async () => {
  const r = await startReceiver();
  try {
    r.consumers.traces!.refuseWith = ConsumerError.permanent('rejected for good');
    for (const transport of ['grpc', 'http/protobuf'] as const) {
      const result = await sdkExport(sdkExporter('traces', transport, r, { timeoutMillis: 2000 }), makeSpans());
      assert.equal(result.code, 1);
      assert.match(String(result.error?.message), /rejected for good|Internal Server Error/);
    }
  } finally {
    await r.stop();
  }
});

test('TLS: SDK exporters over gRPC (ALPN h2) and HTTPS with a generated certificate', async () => {
  const cert = makeTestCert();
  const tls = { cert_file: cert.certFile, key_file: cert.keyFile };
  const r = await startReceiver({ grpc: { tls }, http: { tls } });
  try {
    const spans = makeSpans();
    const viaGrpc = await sdkExport(
      sdkExporter(
        'traces',
        'grpc',
        { grpc: `localhost:${r.grpc.split(':').pop()}`, http: r.http },
        { credentials: grpc.credentials.createSsl(cert.cert) },
      ),
      spans,
    );
    assert.equal(viaGrpc.code, 0, viaGrpc.error?.message);
    const viaHttps = await sdkExport(
      sdkExporter('logs', 'http/protobuf', { grpc: r.grpc, http: `localhost:${r.http.split(':').pop()}` }, { httpAgentOptions: { ca: cert.cert } }),
      makeLogs(spans),
    );
    assert.equal(viaHttps.code, 0, viaHttps.error?.message);
    assert.equal(r.consumers.traces!.payloads[0]!.itemCount(), 3);
    assert.equal(r.consumers.logs!.payloads[0]!.itemCount(), 2);
  } finally {
    await r.stop();
    cert.cleanup();
  }
});
