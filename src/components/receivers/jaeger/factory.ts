// The `jaeger` receiver's registry entry (contrib `receiver/jaegerreceiver/factory.go`).

import type { ReceiverFactory } from '../../../core/component.js';
import { jaegerConfig, validateJaegerConfig, type JaegerConfig } from './config.js';
import { JaegerReceiver } from './jaeger.js';

export const jaegerReceiverFactory: ReceiverFactory<JaegerConfig> = {
  kind: 'receiver',
  type: 'jaeger',
  description: 'Receives Jaeger traces: Thrift over HTTP (collector) and UDP (agent, compact and binary), and gRPC (api_v2).',
  stability: { traces: 'beta' },
  placement: 'workers', // every request/datagram is independent: all workers serve the shared sockets
  config: jaegerConfig,
  validate: validateJaegerConfig,
  create(ctx, cfg, consumers) {
    return new JaegerReceiver(ctx, cfg, consumers);
  },
};
