// The `otlp` receiver's registry entry (core `receiver/otlpreceiver/factory.go`).

import type { ReceiverFactory } from '../../../core/component.js';
import { otlpConfig, validateOtlpConfig, type OtlpConfig } from './config.js';
import { OtlpReceiver } from './otlp.js';

export const otlpReceiverFactory: ReceiverFactory<OtlpConfig> = {
  kind: 'receiver',
  type: 'otlp',
  description: 'Receives traces, metrics and logs over OTLP/gRPC and OTLP/HTTP (protobuf or JSON).',
  stability: { traces: 'stable', metrics: 'stable', logs: 'stable' },
  placement: 'workers', // every request is independent: all workers serve the shared sockets
  config: otlpConfig,
  validate: validateOtlpConfig,
  create(ctx, cfg, consumers) {
    return new OtlpReceiver(ctx, cfg, consumers);
  },
};
