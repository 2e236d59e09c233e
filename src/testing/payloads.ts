// Small real payloads for tests of the graph and of mechanisms that count, clone, queue and batch:
// one item per name (a span with that name, a gauge metric with that name and one data point, a
// log record with that body), so a test can follow items by name through a pipeline.

import type { Payload, PayloadOf, Signal } from '../core/payload.js';
import {
  Gauge,
  KeyValue,
  LogRecord,
  Logs,
  Metric,
  Metrics,
  NumberDataPoint,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  ScopeLogs,
  ScopeMetrics,
  ScopeSpans,
  Span,
  Traces,
} from '../pdata/index.js';

const TAG_KEY = 'otelcol_ts.test.tag';

/** A payload of `signal` with one item per name; `tag` is kept as a resource attribute. */
export function testPayload<S extends Signal>(signal: S, names: readonly string[], tag = ''): PayloadOf<S> {
  const attrs = tag ? [new KeyValue(TAG_KEY, tag)] : [];
  switch (signal) {
    case 'traces': {
      const rs = new ResourceSpans();
      rs.resource.attributes = attrs;
      const ss = new ScopeSpans();
      ss.spans = names.map((n, i) => Object.assign(new Span(), { name: n, traceId: 't'.repeat(16), spanId: String(i).padStart(8, '0') }));
      rs.scopeSpans = [ss];
      return new Traces([rs]) as PayloadOf<S>;
    }
    case 'metrics': {
      const rm = new ResourceMetrics();
      rm.resource.attributes = attrs;
      const sm = new ScopeMetrics();
      sm.metrics = names.map((n) => {
        const g = new Gauge();
        g.dataPoints = [Object.assign(new NumberDataPoint(), { value: 1 })];
        return Object.assign(new Metric(), { name: n, data: g });
      });
      rm.scopeMetrics = [sm];
      return new Metrics([rm]) as PayloadOf<S>;
    }
    default: {
      const rl = new ResourceLogs();
      rl.resource.attributes = attrs;
      const sl = new ScopeLogs();
      sl.logRecords = names.map((n) => Object.assign(new LogRecord(), { body: n }));
      rl.scopeLogs = [sl];
      return new Logs([rl]) as PayloadOf<S>;
    }
  }
}

/** A payload of `count` items named `item0`, `item1`, …. */
export function countedPayload<S extends Signal>(signal: S, count: number, tag = ''): PayloadOf<S> {
  return testPayload(
    signal,
    Array.from({ length: count }, (_, i) => `item${i}`),
    tag,
  );
}

/** The names of the items, in order (span names, metric names, log bodies). */
export function itemNames(p: Payload): string[] {
  const out: string[] = [];
  if (p.signal === 'traces') p.forEachSpan((s) => out.push(s.name));
  else if (p.signal === 'metrics') p.forEachMetric((m) => out.push(m.name));
  else p.forEachLogRecord((r) => out.push(String(r.body)));
  return out;
}

/** Renames every item in place (marks the payload modified, as a mutating processor does). */
export function renameItems(p: Payload, fn: (name: string) => string): void {
  if (p.signal === 'traces') for (const rs of p.mutable()) for (const ss of rs.scopeSpans) for (const s of ss.spans) s.name = fn(s.name);
  else if (p.signal === 'metrics') for (const rm of p.mutable()) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) m.name = fn(m.name);
  else for (const rl of p.mutable()) for (const sl of rl.scopeLogs) for (const r of sl.logRecords) r.body = fn(String(r.body));
}

/** The tag given to testPayload (the first resource's attribute), or ''. */
export function payloadTag(p: Payload): string {
  let tag = '';
  const first = (attrs: readonly KeyValue[]) => {
    if (tag === '') tag = String(attrs.find((a) => a.key === TAG_KEY)?.value ?? '');
  };
  if (p.signal === 'traces') for (const rs of p.resourceSpans) first(rs.resource.attributes);
  else if (p.signal === 'metrics') for (const rm of p.resourceMetrics) first(rm.resource.attributes);
  else for (const rl of p.resourceLogs) first(rl.resource.attributes);
  return tag;
}
