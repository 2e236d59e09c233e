// Test-only factories named like the seed config's components, so config-loading tests can load
// the user's real files without the real components. Schemas are permissive (`s.any`) except
// where a test needs typed decoding (durations, weak string typing, secrets, presence).

import { Registry } from '../components/registry.js';
import { countConnectorFactory } from '../components/connectors/count/factory.js';
import { attributesProcessorFactory } from '../components/processors/attributes/factory.js';
import { jaegerReceiverFactory } from '../components/receivers/jaeger/factory.js';
import { fluentForwardReceiverFactory } from '../components/receivers/fluentforward/factory.js';
import { lokiExporterFactory } from '../components/exporters/loki/factory.js';
import { lokiReceiverFactory } from '../components/receivers/loki/factory.js';
import type { AnyFactory, ExporterFactory, ExtensionFactory, ProcessorFactory, ReceiverFactory, Stability } from '../core/component.js';
import type { Signal } from '../core/payload.js';
import { s, type ObjectNode, type Shape } from '../core/schema.js';

type Signals = Partial<Record<Signal, Stability>>;
const ALL: Signals = { traces: 'stable', metrics: 'stable', logs: 'stable' };

const idle = () => ({
  async start(): Promise<void> {},
  async shutdown(): Promise<void> {},
});

/** Accepts and drops data: these components exist only to be configured. */
const sink = () => ({ ...idle(), mutatesData: false, async consume(): Promise<void> {} });

function receiver(type: string, stability: Signals, config: ObjectNode<Shape>, extra: Partial<ReceiverFactory> = {}): ReceiverFactory {
  return { kind: 'receiver', type, description: `test ${type} receiver`, testOnly: true, stability, config, create: idle, ...extra };
}

function processor(type: string, config: ObjectNode<Shape>): ProcessorFactory {
  return {
    kind: 'processor',
    type,
    description: `test ${type} processor`,
    testOnly: true,
    stability: ALL,
    mutatesData: false,
    config,
    create: (_ctx, _cfg, _signal, next) => ({ ...idle(), mutatesData: false, consume: (d, c) => next.consume(d, c) }),
  };
}

function exporter(type: string, stability: Signals, config: ObjectNode<Shape>, extra: Partial<ExporterFactory> = {}): ExporterFactory {
  return { kind: 'exporter', type, description: `test ${type} exporter`, testOnly: true, stability, config, create: sink, ...extra };
}

function extension(type: string, config: ObjectNode<Shape>): ExtensionFactory {
  return { kind: 'extension', type, description: `test ${type} extension`, testOnly: true, stability: 'stable', config, create: idle };
}

const tls = s.object({ insecure: s.bool(false), ca_file: s.string(), insecure_skip_verify: s.bool(false) });

const testOtlpReceiver = receiver(
  'otlp',
  ALL,
  s.object({
    protocols: s.object({
      grpc: s.presence(s.object({ endpoint: s.string('0.0.0.0:4317'), max_recv_msg_size_mib: s.int(0, 0) })),
      http: s.presence(s.object({ endpoint: s.string('0.0.0.0:4318'), max_request_body_size: s.size(20 * 1024 * 1024) })),
    }),
  }),
  {
    validate: (cfg: { protocols: { grpc?: unknown; http?: unknown } }) =>
      cfg.protocols.grpc === undefined && cfg.protocols.http === undefined
        ? [{ path: ['protocols'], message: 'must specify at least one protocol when using the OTLP receiver' }]
        : [],
  },
);

export const testFactories: AnyFactory[] = [
  testOtlpReceiver,
  jaegerReceiverFactory,
  fluentForwardReceiverFactory,
  lokiReceiverFactory,
  processor('batch', s.object({ timeout: s.duration(200), send_batch_size: s.int(8192, 0), send_batch_max_size: s.int(0, 0) })),
  attributesProcessorFactory,
  exporter('otlp', ALL, s.object({ endpoint: s.string(), tls, headers: s.any({}), compression: s.string('gzip'), timeout: s.duration(5000) })),
  exporter('otlphttp', ALL, s.object({ endpoint: s.string(), auth: s.any(), headers: s.any({}) })),
  lokiExporterFactory,
  exporter('debug', ALL, s.object({ verbosity: s.string('basic'), loglevel: s.any() }), {
    aliases: [{ name: 'logging', deprecated: true }],
  }),
  exporter('file', ALL, s.object({ path: s.string(), flush_interval: s.duration(1000), rotation: s.any() })),
  exporter('prometheus', { metrics: 'beta' }, s.object({ endpoint: s.string(), namespace: s.string() })),
  countConnectorFactory,
  extension('health_check', s.object({ endpoint: s.string('0.0.0.0:13133'), path: s.string('/') })),
  extension('pprof', s.object({ endpoint: s.string('localhost:1777') })),
  extension('zpages', s.object({ endpoint: s.string('localhost:55679') })),
  extension(
    'basicauth',
    s.object({
      client_auth: s.presence(s.object({ username: s.string(), password: s.string().secret() })),
      htpasswd: s.any(),
    }),
  ),
];

export function testRegistry(): Registry {
  return new Registry(testFactories);
}
