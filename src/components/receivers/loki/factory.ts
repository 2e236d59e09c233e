// The `loki` receiver's registry entry (contrib `receiver/lokireceiver/factory.go`).

import type { ReceiverFactory } from '../../../core/component.js';
import { lokiReceiverConfig, validateLokiReceiverConfig, type LokiReceiverConfig } from './config.js';
import { LokiReceiver } from './loki.js';

export const lokiReceiverFactory: ReceiverFactory<LokiReceiverConfig> = {
  kind: 'receiver',
  type: 'loki',
  description: "Receives logs over Loki's push API: HTTP (snappy protobuf or JSON) and gRPC, e.g. from promtail.",
  stability: { logs: 'alpha' },
  placement: 'workers', // every push is independent: all workers serve the shared sockets
  config: lokiReceiverConfig,
  validate: validateLokiReceiverConfig,
  create(ctx, cfg, consumers) {
    return new LokiReceiver(ctx, cfg, consumers);
  },
};
