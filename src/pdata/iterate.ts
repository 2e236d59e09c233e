// Walks over every attribute array a processor may act on, so components like the attributes
// and resource processors do not each re-implement the resource → scope → item nesting.

import type { KeyValue, Resource } from './common.js';
import type { Traces } from './traces.js';
import type { Metrics } from './metrics.js';
import type { Logs } from './logs.js';

/** Resource attributes of every resource block; marks the payload for re-encoding. */
export function forEachResource(data: Traces | Metrics | Logs, fn: (resource: Resource) => void): void {
  const rs = data.mutable();
  for (const r of rs) fn(r.resource);
}

/**
 * Item-level attribute arrays, mutable: span attributes, log record attributes, or the
 * attributes of every metric data point. `fn` also gets the owning resource, for matching.
 */
export function forEachItemAttributes(data: Traces | Metrics | Logs, fn: (attrs: KeyValue[], resource: Resource) => void): void {
  switch (data.signal) {
    case 'traces':
      for (const rs of (data as Traces).mutable()) for (const ss of rs.scopeSpans) for (const s of ss.spans) fn(s.attributes, rs.resource);
      return;
    case 'logs':
      for (const rl of (data as Logs).mutable()) for (const sl of rl.scopeLogs) for (const l of sl.logRecords) fn(l.attributes, rl.resource);
      return;
    case 'metrics':
      for (const rm of (data as Metrics).mutable())
        for (const sm of rm.scopeMetrics)
          for (const m of sm.metrics) {
            if (m.data === null) continue;
            for (const p of m.data.dataPoints) fn(p.attributes, rm.resource);
          }
      return;
  }
}
