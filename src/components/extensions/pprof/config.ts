// pprof options and defaults (contrib `extension/pprofextension/{config.go,factory.go}`).

import { s, type Infer } from '../../../core/schema.js';

export const pprofConfig = s.object({
  endpoint: s.string('localhost:1777').doc('Address the profiling endpoints are served on, host:port.'),
  block_profile_fraction: s.int(0).doc('Accepted for compatibility; Node has no blocking profile.'),
  mutex_profile_fraction: s.int(0).doc('Accepted for compatibility; Node has no mutex profile.'),
  save_to_file: s.string('').doc('When set, a CPU profile of the whole run is written here at shutdown (V8 .cpuprofile JSON).'),
});

export type PprofConfig = Infer<typeof pprofConfig.fields>;
