// health_check options and defaults (contrib `extension/healthcheckextension/{config.go,factory.go}`,
// 2023 defaults: all interfaces).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const healthCheckConfig = s.object({
  endpoint: s.string('0.0.0.0:13133').doc('Address the health check listens on, host:port.'),
  path: s.string('/').doc('Path that answers; a path ending in `/` answers for everything under it.'),
  response_body: s
    .presence(
      s.object({
        healthy: s.string('').doc('Body sent with 200 while the collector runs.'),
        unhealthy: s.string('').doc('Body sent with 503 otherwise.'),
      }),
    )
    .doc('Static bodies that replace the JSON status.'),
  check_collector_pipeline: s
    .object({
      enabled: s.bool(false),
      interval: s.duration(5 * 60_000),
      exporter_failure_threshold: s.int(5),
    })
    .doc('Accepted for compatibility; not evaluated (see README).'),
});

export type HealthCheckConfig = Infer<typeof healthCheckConfig.fields>;

/** Go's Config.Validate checks, with its messages. */
export function validateHealthCheck(cfg: HealthCheckConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cfg.endpoint === '') issues.push({ path: ['endpoint'], message: 'bad config: endpoint must be specified' });
  if (cfg.check_collector_pipeline.exporter_failure_threshold <= 0) {
    issues.push({
      path: ['check_collector_pipeline', 'exporter_failure_threshold'],
      message: 'bad config: exporter_failure_threshold expects a positive number',
    });
  }
  if (!cfg.path.startsWith('/')) issues.push({ path: ['path'], message: 'bad config: path must start with /' });
  return issues;
}
