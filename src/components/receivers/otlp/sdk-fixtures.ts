// Test support: telemetry made by the OpenTelemetry JS SDK itself and sent by its own OTLP
// exporters (gRPC, HTTP/protobuf, HTTP/JSON), so the receiver is tested against real clients.

import { context, trace, SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, InMemoryLogRecordExporter, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { KeyValueList, type AnyValue, type KeyValue } from '../../../pdata/index.js';
import type { Signal } from '../../../core/payload.js';

type SdkTransport = 'grpc' | 'http/protobuf' | 'http/json';
export const SDK_TRANSPORTS: readonly SdkTransport[] = ['grpc', 'http/protobuf', 'http/json'];

const RESOURCE_ATTRS: Attributes = {
  'service.name': 'checkout',
  'deployment.count': 3,
  'sample.ratio': 0.25,
  canary: true,
  'host.tags': ['blue', 'green'],
};

const resource = resourceFromAttributes(RESOURCE_ATTRS);

/** A parent with every span field set, a child, and a span in another trace they link to. */
export function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('shop-tracer', '1.2.3');
  const other = tracer.startSpan('other-trace');
  other.end();
  const parent = tracer.startSpan('GET /cart', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: { 'http.method': 'GET', 'http.status_code': 500, ratio: 0.5, cached: false, ids: [1, 2, 3], names: ['a', 'b'] },
    links: [{ context: other.spanContext(), attributes: { 'link.reason': 'retry-of' } }],
  });
  parent.addEvent('exception', { 'exception.message': 'boom', attempt: 2 }, [1_700_000_000, 223_456_789]);
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'cart failed' });
  const child = tracer.startSpan('SELECT cart', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), parent));
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  parent.end([1_700_000_001, 0]);
  return memory.getFinishedSpans();
}

class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** A counter, an up-down counter, a histogram and an observable gauge, with attributes. */
export async function makeMetrics(): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ resource, readers: [reader] });
  const meter = provider.getMeter('shop-meter', '0.9.0');
  const requests = meter.createCounter('http.requests', { description: 'Requests served', unit: '{request}' });
  requests.add(5, { route: '/cart' });
  requests.add(2, { route: '/pay' });
  const inflight = meter.createUpDownCounter('http.inflight');
  inflight.add(-3);
  const latency = meter.createHistogram('http.latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
  for (const v of [5, 50, 500]) latency.record(v, { route: '/cart' });
  meter.createObservableGauge('queue.depth').addCallback((r) => r.observe(7.5, { queue: 'q1' }));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length) throw errors[0];
  return resourceMetrics;
}

/** Log records: a plain string body and a structured body, one inside a span. */
export function makeLogs(spans: ReadableSpan[]): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  const logger = provider.getLogger('shop-logger', '2.0.0');
  const span = spans[1]!;
  logger.emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'cart is slow',
    attributes: { 'user.id': 42, premium: true },
    timestamp: [1_700_000_000, 5],
    context: trace.setSpanContext(context.active(), span.spanContext()),
  });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    body: { code: 7, tags: ['x', 'y'], nested: { ok: false } },
    eventName: 'cart.failure',
  });
  return memory.getFinishedLogRecords();
}

export function hrToNanos(t: HrTime): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

/** An SDK attribute value as OTLP carries it: integers become int64 (bigint), maps kvlists. */
export function expectedValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(expectedValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expectedValue(x)]));
  return v;
}

/** A received AnyValue as plain JS for deepEqual against expectedValue(). */
export function plainValue(v: AnyValue): unknown {
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof KeyValueList) return plainAttributes(v.values);
  return v;
}

export function plainAttributes(attrs: readonly KeyValue[]): Record<string, unknown> {
  return Object.fromEntries(attrs.map((kv) => [kv.key, plainValue(kv.value)]));
}

export function expectedAttributes(attrs: object | undefined): Record<string, unknown> {
  return expectedValue(attrs ?? {}) as Record<string, unknown>;
}

interface ExportResultLike {
  code: number;
  error?: Error;
}

interface AnyExporter {
  export(items: never, cb: (r: ExportResultLike) => void): void;
  shutdown(): Promise<void>;
}

/** The SDK exporter for `signal` over `transport`, pointed at the receiver's addresses. */
export function sdkExporter(
  signal: Signal,
  transport: SdkTransport,
  addr: { grpc: string; http: string },
  extra: Record<string, unknown> = {},
): AnyExporter {
  const path = { traces: '/v1/traces', metrics: '/v1/metrics', logs: '/v1/logs' }[signal];
  const scheme = extra.httpAgentOptions || extra.credentials ? 'https' : 'http';
  const grpcCfg = { url: `${scheme}://${addr.grpc}`, ...extra };
  const httpCfg = { url: `${scheme}://${addr.http}${path}`, ...extra };
  const table = {
    traces: [GrpcTraceExporter, ProtoTraceExporter, JsonTraceExporter],
    metrics: [GrpcMetricExporter, ProtoMetricExporter, JsonMetricExporter],
    logs: [GrpcLogExporter, ProtoLogExporter, JsonLogExporter],
  }[signal];
  const i = SDK_TRANSPORTS.indexOf(transport);
  const Ctor = table[i] as unknown as new (cfg: Record<string, unknown>) => AnyExporter;
  return new Ctor(i === 0 ? grpcCfg : httpCfg);
}

/** Exports `items` once and shuts the exporter down; resolves with the SDK's ExportResult. */
export async function sdkExport(exporter: AnyExporter, items: unknown): Promise<ExportResultLike> {
  try {
    return await new Promise<ExportResultLike>((resolve) => exporter.export(items as never, resolve));
  } finally {
    await exporter.shutdown();
  }
}
