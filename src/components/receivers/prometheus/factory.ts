// The `prometheus` receiver's registry entry (contrib receiver/prometheusreceiver/factory.go).
// The registry imports this module lazily, only for configs that name the receiver.

import type { ReceiverFactory } from '../../../core/component.js';
import { prometheusReceiverConfig, validatePrometheusReceiverConfig, type PrometheusReceiverConfig } from './config.js';
import { PrometheusReceiver } from './receiver.js';

export const prometheusReceiverFactory: ReceiverFactory<PrometheusReceiverConfig> = {
  kind: 'receiver',
  type: 'prometheus',
  description: 'Scrapes Prometheus targets (text 0.0.4, OpenMetrics) from a prometheus.yml, inline or as a file.',
  stability: { metrics: 'alpha' },
  // Every scrape runs once: one process owns the targets.
  placement: 'leader',
  config: prometheusReceiverConfig,
  validate: validatePrometheusReceiverConfig,
  create(ctx, cfg, consumers) {
    return new PrometheusReceiver(ctx, cfg, consumers);
  },
};
