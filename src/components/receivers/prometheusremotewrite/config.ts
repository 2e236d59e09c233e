// The `prometheusremotewrite` receiver settings: Go's confighttp server block (contrib
// `receiver/prometheusremotewritereceiver/{config.go,factory.go}`: default endpoint
// localhost:9090, max_request_body_size 10 MiB, read timeout 60 s). The path is fixed:
// POST /api/v1/write.

import { type ConfigIssue, s, type Infer } from '../../../core/schema.js';
import { httpServerFields, validateHttpServer } from '../../../shared/httpserver/config.js';

export const DEFAULT_ENDPOINT = 'localhost:9090';
const MAX_BODY = 10 * 1024 * 1024;

export const prometheusRemoteWriteReceiverConfig = s.object({
  ...httpServerFields({ endpoint: DEFAULT_ENDPOINT }),
  max_request_body_size: s.size(MAX_BODY).doc('Largest accepted body in bytes, checked on the received and on the snappy-decoded bytes.'),
  read_timeout: s.duration(60_000).doc('Limit on reading a whole request, body included.'),
});

export type PrometheusRemoteWriteReceiverConfig = Infer<(typeof prometheusRemoteWriteReceiverConfig)['fields']>;

export function validatePrometheusRemoteWriteReceiverConfig(cfg: PrometheusRemoteWriteReceiverConfig): ConfigIssue[] {
  return validateHttpServer(cfg, []);
}
