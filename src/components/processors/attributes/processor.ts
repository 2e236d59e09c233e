// Applies the actions to span, log record or data point attributes (contrib
// processor/attributesprocessor/attributes_{trace,log,metric}.go v0.130.0). Reads the decoded
// tree and asks for a mutable one only when an action wrote something, so a batch whose records
// are all excluded (or untouched) keeps its original bytes; a changed batch is decoded once.

import type { Processor } from '../../../core/component.js';
import type { Consumer, RequestContext } from '../../../core/consumer.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { Logs } from '../../../pdata/logs.js';
import type { Metrics } from '../../../pdata/metrics.js';
import type { Traces } from '../../../pdata/traces.js';
import type { AttrProc } from '../../../shared/attraction/attrproc.js';
import type { LogSkip, MetricSkip, SpanSkip } from '../../../shared/filtermatch/matcher.js';

export type Skip = SpanSkip | LogSkip | MetricSkip | undefined;

export class AttributesProcessor implements Processor {
  readonly mutatesData = true;
  constructor(
    private readonly signal: Signal,
    private readonly proc: AttrProc,
    private readonly skip: Skip,
    private readonly next: Consumer,
  ) {}

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    let changed: boolean;
    switch (this.signal) {
      case 'logs':
        changed = this.logs(data as Logs, ctx);
        break;
      case 'traces':
        changed = this.traces(data as Traces, ctx);
        break;
      case 'metrics':
        changed = this.metrics(data as Metrics, ctx);
        break;
    }
    // The tree was changed in place: drop the stale bytes so they are re-encoded.
    if (changed) (data as Logs | Traces | Metrics).mutable();
    return this.next.consume(data, ctx);
  }

  private logs(data: Logs, ctx: RequestContext): boolean {
    const skip = this.skip as LogSkip | undefined;
    let changed = false;
    for (const rl of data.resourceLogs)
      for (const sl of rl.scopeLogs)
        for (const lr of sl.logRecords) {
          if (skip !== undefined && skip(lr, rl.resource, sl.scope)) continue;
          if (this.proc.process(lr.attributes, ctx)) changed = true;
        }
    return changed;
  }

  private traces(data: Traces, ctx: RequestContext): boolean {
    const skip = this.skip as SpanSkip | undefined;
    let changed = false;
    for (const rs of data.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) {
          if (skip !== undefined && skip(span, rs.resource, ss.scope)) continue;
          if (this.proc.process(span.attributes, ctx)) changed = true;
        }
    return changed;
  }

  private metrics(data: Metrics, ctx: RequestContext): boolean {
    const skip = this.skip as MetricSkip | undefined;
    let changed = false;
    for (const rm of data.resourceMetrics)
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics) {
          if (m.data === null) continue;
          if (skip !== undefined && skip(m, rm.resource, sm.scope)) continue;
          for (const dp of m.data.dataPoints) if (this.proc.process(dp.attributes, ctx)) changed = true;
        }
    return changed;
  }
}
