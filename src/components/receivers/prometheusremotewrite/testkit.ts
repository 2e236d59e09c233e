// Test support: a prometheusremotewrite receiver built from a user config the way the service
// builds it, on a free loopback port, feeding a RecordingConsumer; readers for what it produced;
// a client posting snappy-compressed requests from our encoder.

import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import type { RecordingConsumer } from '../../../testing/sink.js';
import type { Metric, Metrics, ResourceMetrics } from '../../../pdata/index.js';
import { encodeRequestV2, encodeWriteRequestV1, PROTO_V2, type RequestV2, type WriteRequestV1 } from '../../../shared/codec/prompb/index.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { prometheusRemoteWriteReceiverFactory } from './factory.js';
import { WRITE_PATH, type PrometheusRemoteWriteReceiver } from './receiver.js';

interface StartedReceiver extends BuiltReceiver<PrometheusRemoteWriteReceiver> {
  /** The full write URL. */
  url: string;
  sink: RecordingConsumer;
  stop(): Promise<void>;
}

export async function startPrw(extra: Record<string, unknown> = {}): Promise<StartedReceiver> {
  const built = buildReceiver(prometheusRemoteWriteReceiverFactory, { endpoint: '127.0.0.1:0', ...extra }, [
    'metrics',
  ]) as BuiltReceiver<PrometheusRemoteWriteReceiver>;
  await built.receiver.start(testHost());
  return { ...built, url: `http://${built.receiver.address}${WRITE_PATH}`, sink: built.consumers.metrics!, stop: () => built.receiver.shutdown() };
}

interface Answer {
  status: number;
  body: string;
  headers: Headers;
}

/** POSTs a request as Prometheus does: snappy body, Content-Encoding: snappy, the version headers. */
export async function postWrite(url: string, req: WriteRequestV1 | RequestV2, headers: Record<string, string> = {}): Promise<Answer> {
  const v2 = 'symbols' in req;
  const body = snappyBlockCompress(v2 ? encodeRequestV2(req) : encodeWriteRequestV1(req));
  return postRaw(url, body, {
    'Content-Type': v2 ? `application/x-protobuf;proto=${PROTO_V2}` : 'application/x-protobuf',
    'Content-Encoding': 'snappy',
    'X-Prometheus-Remote-Write-Version': v2 ? '2.0.0' : '0.1.0',
    ...headers,
  });
}

export async function postRaw(url: string, body: Uint8Array, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Every metric received, flattened with its resource. */
export function receivedMetrics(sink: RecordingConsumer): Array<{ rm: ResourceMetrics; scope: string; metric: Metric }> {
  const out: Array<{ rm: ResourceMetrics; scope: string; metric: Metric }> = [];
  for (const p of sink.payloads) {
    for (const rm of (p as Metrics).resourceMetrics)
      for (const sm of rm.scopeMetrics) for (const metric of sm.metrics) out.push({ rm, scope: sm.scope.name, metric });
  }
  return out;
}

export const attrs = (kvs: ReadonlyArray<{ key: string; value: unknown }>): Record<string, unknown> =>
  Object.fromEntries(kvs.map((kv) => [kv.key, kv.value]));
