// Go core's nopreceiver: produces nothing. Lets a pipeline exist (for example one fed only
// through a connector in another config file) without opening a port.

import { s } from '../../../core/schema.js';
import type { ReceiverFactory } from '../../../core/component.js';

export const nopReceiverFactory: ReceiverFactory<Record<string, never>> = {
  kind: 'receiver',
  type: 'nop',
  description: 'Receives nothing; a placeholder receiver that opens no port',
  stability: { traces: 'beta', metrics: 'beta', logs: 'beta' },
  config: s.object({}),
  create() {
    return { async start() {}, async shutdown() {} };
  },
};
