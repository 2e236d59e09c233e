// The `prometheusremotewrite` receiver's registry entry (contrib
// `receiver/prometheusremotewritereceiver/factory.go`). Light on purpose: the receiver module
// (codecs, translation) loads only when one is created.

import type { ReceiverFactory } from '../../../core/component.js';
import {
  prometheusRemoteWriteReceiverConfig,
  validatePrometheusRemoteWriteReceiverConfig,
  type PrometheusRemoteWriteReceiverConfig,
} from './config.js';
import { PrometheusRemoteWriteReceiver } from './receiver.js';

export const prometheusRemoteWriteReceiverFactory: ReceiverFactory<PrometheusRemoteWriteReceiverConfig> = {
  kind: 'receiver',
  type: 'prometheusremotewrite',
  description: 'Receives metrics over Prometheus Remote-Write 1.0 and 2.0 (POST /api/v1/write, snappy protobuf).',
  stability: { metrics: 'alpha' },
  // 1.0 types series by the metadata Prometheus sends in separate requests, and target_info
  // attributes apply to later requests: that state lives in one process.
  placement: 'leader',
  config: prometheusRemoteWriteReceiverConfig,
  validate: validatePrometheusRemoteWriteReceiverConfig,
  create(ctx, cfg, consumers) {
    return new PrometheusRemoteWriteReceiver(ctx, cfg, consumers);
  },
};
