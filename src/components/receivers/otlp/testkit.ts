// Test support: an OTLP receiver on 127.0.0.1 ports chosen by the OS, fed into recording
// consumers that can be told to refuse, plus a reading of its self-metrics.

import assert from 'node:assert/strict';
import { DecodeContext } from '../../../core/schema.js';
import type { Consumer, ConsumerError, RequestContext } from '../../../core/consumer.js';
import type { Payload, Signal } from '../../../core/payload.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { renderExposition } from '../../../telemetry/exposition.js';
import { silentLogger, testHost } from '../../../shared/httpserver/testing.js';
import type { Host } from '../../../core/component.js';
import { otlpReceiverFactory } from './factory.js';
import { otlpConfig, validateOtlpConfig } from './config.js';
import type { OtlpReceiver } from './otlp.js';

export class RecordingConsumer implements Consumer {
  readonly mutatesData = false;
  readonly payloads: Payload[] = [];
  readonly contexts: RequestContext[] = [];
  /** When set, every consume() rejects with it. */
  refuseWith: ConsumerError | undefined;
  async consume(data: Payload, ctx: RequestContext): Promise<void> {
    if (this.refuseWith) throw this.refuseWith;
    this.payloads.push(data);
    this.contexts.push(ctx);
  }
}

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
  if (opts.grpc !== null) protocols.grpc = { endpoint: '127.0.0.1:0', ...opts.grpc };
  if (opts.http !== null) protocols.http = { endpoint: '127.0.0.1:0', ...opts.http };
  const ctx = new DecodeContext();
  const cfg = otlpConfig.decode({ protocols }, [], ctx);
  assert.deepEqual([...ctx.issues, ...validateOtlpConfig(cfg)], []);
  const consumers: Partial<Record<Signal, RecordingConsumer>> = {};
  for (const s of opts.signals ?? ['traces', 'metrics', 'logs']) consumers[s] = new RecordingConsumer();
  const telemetry = new MetricsRegistry();
  const receiver = otlpReceiverFactory.create(
    { id: 'otlp', kind: 'receiver', logger: silentLogger, telemetry },
    cfg,
    consumers,
  ) as OtlpReceiver;
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
