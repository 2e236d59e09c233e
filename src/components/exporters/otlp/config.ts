// otlp exporter configuration (core `exporter/otlpexporter/{config.go,factory.go}`): configgrpc
// client settings with gzip and a 512 KiB write buffer, plus the exporterhelper's timeout (5s),
// retry_on_failure and sending_queue. Keepalive stays off unless configured, as in Go.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';
import { queueSchema, retrySchema, timeoutSetting, validateQueue, validateRetry, validateTimeout } from '../../../shared/exporterhelper/index.js';
import { grpcClientFields, sanitizedEndpoint, validateGrpcClient } from '../../../shared/grpcclient/index.js';

export const otlpGrpcConfig = s.object({
  ...grpcClientFields({ compression: 'gzip', write_buffer_size: 512 * 1024 }),
  timeout: timeoutSetting(5_000),
  retry_on_failure: retrySchema(),
  sending_queue: queueSchema(),
});

export type OtlpGrpcConfig = Infer<(typeof otlpGrpcConfig)['fields']>;

export function validateOtlpGrpc(cfg: OtlpGrpcConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  // Go's Config.Validate: the endpoint without http(s):// or dns:/// must not be empty.
  if (!cfg.endpoint.startsWith('unix://') && sanitizedEndpoint(cfg.endpoint) === '') {
    out.push({ path: ['endpoint'], message: 'requires a non-empty "endpoint"' });
  }
  for (const issue of validateGrpcClient(cfg)) {
    if (!(issue.path[0] === 'endpoint' && out.length > 0)) out.push(issue);
  }
  out.push(...validateTimeout(cfg.timeout), ...validateRetry(cfg.retry_on_failure), ...validateQueue(cfg.sending_queue));
  return out;
}
