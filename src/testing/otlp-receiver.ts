// An OTLP receiver on 127.0.0.1 ports chosen by the OS, fed into recording sinks that can be told
// to refuse, plus a reading of its self-metrics. For tests that need a real OTLP endpoint
// (the receiver's own tests, exporter end-to-end tests).

import type { Host } from '../core/component.js';
import type { Signal } from '../core/payload.js';
import { otlpReceiverFactory } from '../components/receivers/otlp/factory.js';
import type { OtlpReceiver } from '../components/receivers/otlp/otlp.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { renderExposition } from '../telemetry/exposition.js';
import { decodeConfig } from './components.js';
import { testHost } from './host.js';
import { silentLogger } from './logger.js';
import { RecordingConsumer } from './sink.js';
import assert from 'node:assert/strict';

export interface RunningReceiver {
  receiver: OtlpReceiver;
  consumers: Partial<Record<Signal, RecordingConsumer>>;
  telemetry: MetricsRegistry;
  grpc: string;
  http: string;
  stop(): Promise<void>;
  /** The Prometheus text of the receiver's self-metrics. */
  metricsText(): string;
}

/** Starts `otlp` with both protocols on ephemeral ports; `protocols` overrides are merged in. */
export async function startReceiver(
  opts: { signals?: Signal[]; grpc?: Record<string, unknown> | null; http?: Record<string, unknown> | null; host?: Host } = {},
): Promise<RunningReceiver> {
  const protocols: Record<string, unknown> = {};
  if (opts.grpc !== null) protocols['grpc'] = { endpoint: '127.0.0.1:0', ...opts.grpc };
  if (opts.http !== null) protocols['http'] = { endpoint: '127.0.0.1:0', ...opts.http };
  const { cfg, issues } = decodeConfig(otlpReceiverFactory, { protocols });
  assert.deepEqual(issues, []);
  const consumers: Partial<Record<Signal, RecordingConsumer>> = {};
  for (const s of opts.signals ?? ['traces', 'metrics', 'logs']) consumers[s] = new RecordingConsumer();
  const telemetry = new MetricsRegistry();
  const receiver = otlpReceiverFactory.create({ id: 'otlp', kind: 'receiver', logger: silentLogger, telemetry }, cfg, consumers) as OtlpReceiver;
  await receiver.start(opts.host ?? testHost());
  const addrs = receiver.addresses;
  return {
    receiver,
    consumers,
    telemetry,
    grpc: opts.grpc !== null ? addrs[0]! : '',
    http: opts.http !== null ? addrs[addrs.length - 1]! : '',
    stop: () => receiver.shutdown(),
    metricsText: () => renderExposition(telemetry.collect()),
  };
}
