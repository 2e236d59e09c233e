// batch processor options, with Go's defaults (core processor/batchprocessor/config.go).

import { s, type ConfigIssue } from '../../../core/schema.js';

export const batchConfig = s.object({
  send_batch_size: s.int(8192, 0).doc('items that trigger a send; not a cap'),
  timeout: s.duration(200).doc('send a partial batch this long after its first item; 0 sends at once'),
  send_batch_max_size: s.int(0, 0).doc('upper bound on a sent batch; larger batches are split; 0 = no bound'),
  metadata_keys: s.list(s.string()).doc('client metadata keys that partition batches (needs include_metadata on the receiver)'),
  metadata_cardinality_limit: s.int(1000, 0).doc('most distinct metadata value combinations'),
});

export type BatchConfig = ReturnType<typeof batchConfig.defaultValue>;

export function validateBatch(cfg: BatchConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Go: config.go Validate.
  if (cfg.send_batch_max_size > 0 && cfg.send_batch_max_size < cfg.send_batch_size) {
    issues.push({ path: ['send_batch_max_size'], message: 'send_batch_max_size must be greater or equal to send_batch_size' });
  }
  if (cfg.timeout < 0) issues.push({ path: ['timeout'], message: 'timeout must be greater or equal to 0' });
  const seen = new Set<string>();
  for (const k of cfg.metadata_keys) {
    const lower = k.toLowerCase();
    if (seen.has(lower))
      issues.push({ path: ['metadata_keys'], message: `duplicate entry in metadata_keys: ${JSON.stringify(k)} (case-insensitive)` });
    seen.add(lower);
  }
  return issues;
}
