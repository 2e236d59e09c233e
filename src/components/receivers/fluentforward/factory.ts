// The `fluentforward` receiver's registry entry (contrib receiver/fluentforwardreceiver/factory.go:
// type `fluentforward`, logs beta; `fluent_forward` resolves to it too).

import type { ReceiverFactory } from '../../../core/component.js';
import { fluentForwardConfig, validateFluentForwardConfig, type FluentForwardConfig } from './config.js';
import { FluentForwardReceiver } from './fluentforward.js';

export const fluentForwardReceiverFactory: ReceiverFactory<FluentForwardConfig> = {
  kind: 'receiver',
  type: 'fluentforward',
  aliases: [{ name: 'fluent_forward', deprecated: false }],
  description: 'Receives logs over the Fluent Forward protocol (fluentd, fluent-bit, the docker fluentd log driver).',
  stability: { logs: 'beta' },
  placement: 'workers', // every connection is independent: all workers serve the shared sockets
  config: fluentForwardConfig,
  validate: validateFluentForwardConfig,
  create(ctx, cfg, consumers) {
    return new FluentForwardReceiver(ctx, cfg, consumers);
  },
};
