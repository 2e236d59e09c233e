// zpages options and defaults (core `extension/zpagesextension/{config.go,factory.go}`).

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

export const zpagesConfig = s.object({
  endpoint: s.string('localhost:55679').doc('Address the pages are served on, host:port.'),
  expvar: s.object({
    enabled: s.bool(false).doc('Serve /debug/expvarz (runtime variables as JSON).'),
  }),
});

export type ZpagesConfig = Infer<typeof zpagesConfig.fields>;

export function validateZpages(cfg: ZpagesConfig): ConfigIssue[] {
  // core zpagesextension/config.go: "\"endpoint\" is required when using the \"zpages\" extension"
  return cfg.endpoint === '' ? [{ path: ['endpoint'], message: '"endpoint" is required when using the "zpages" extension' }] : [];
}
