// Drops what the rules match (contrib processor/filterprocessor/{logs,traces,metrics}.go v0.130.0):
// emptied scopes and resources go too, and when nothing is left the batch stops here with
// success (Go's ErrSkipProcessingData). The tree is read first; only a batch that loses
// something is marked mutable, so one where nothing matched keeps its original bytes.

import type { Processor } from '../../../core/component.js';
import type { Consumer, RequestContext } from '../../../core/consumer.js';
import type { Payload, Signal } from '../../../core/payload.js';
import type { Logs } from '../../../pdata/logs.js';
import type { Metrics } from '../../../pdata/metrics.js';
import type { Traces } from '../../../pdata/traces.js';
import type { ItemContext } from '../../../shared/ottl/conditions.js';
import type { Rules } from './rules.js';

/** Keeps the elements `keep` accepts; returns the same array when it keeps all. */
function filterInPlace<T>(list: T[], keep: (x: T) => boolean): { list: T[]; dropped: boolean } {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (keep(x)) out?.push(x);
    else if (out === undefined) out = list.slice(0, i);
  }
  return out === undefined ? { list, dropped: false } : { list: out, dropped: true };
}

export class FilterProcessor implements Processor {
  readonly mutatesData = true;
  constructor(
    private readonly signal: Signal,
    private readonly rules: Rules,
    private readonly next: Consumer,
    private readonly onDropped: (n: number) => void = () => {},
  ) {}

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    const before = data.itemCount();
    let result: { dropped: boolean; empty: boolean };
    switch (this.signal) {
      case 'logs':
        result = this.logs(data as Logs);
        break;
      case 'traces':
        result = this.traces(data as Traces);
        break;
      case 'metrics':
        result = this.metrics(data as Metrics);
        break;
    }
    if (result.dropped) {
      (data as Logs | Traces | Metrics).mutable();
      this.onDropped(before - data.itemCount());
    }
    if (result.empty) return Promise.resolve();
    return this.next.consume(data, ctx);
  }

  private logs(data: Logs): { dropped: boolean; empty: boolean } {
    const cond = this.rules.log;
    if (cond === undefined) return { dropped: false, empty: false };
    let dropped = false;
    // Go removes every emptied (or already empty) scope and resource once a rule applies.
    const keepContainer = (n: number): boolean => (n > 0 ? true : ((dropped = true), false));
    const c: ItemContext = { resource: undefined!, scope: undefined! };
    const tree = data.resourceLogs as Logs['resourceLogs'][number][];
    const rls = filterInPlace(tree, (rl) => {
      c.resource = rl.resource;
      const sls = filterInPlace(rl.scopeLogs, (sl) => {
        c.scope = sl.scope;
        const r = filterInPlace(sl.logRecords, (lr) => {
          c.log = lr;
          return !cond(c);
        });
        if (r.dropped) {
          sl.logRecords = r.list;
          dropped = true;
        }
        return keepContainer(sl.logRecords.length);
      });
      if (sls.dropped) rl.scopeLogs = sls.list;
      return keepContainer(rl.scopeLogs.length);
    });
    if (rls.dropped) replaceAll(tree, rls.list);
    return { dropped, empty: tree.length === 0 };
  }

  private traces(data: Traces): { dropped: boolean; empty: boolean } {
    const { span: spanCond, spanEvent } = this.rules;
    if (spanCond === undefined && spanEvent === undefined) return { dropped: false, empty: false };
    let dropped = false;
    // Go removes every emptied (or already empty) scope and resource once a rule applies.
    const keepContainer = (n: number): boolean => (n > 0 ? true : ((dropped = true), false));
    const c: ItemContext = { resource: undefined!, scope: undefined! };
    const tree = data.resourceSpans as Traces['resourceSpans'][number][];
    const rss = filterInPlace(tree, (rs) => {
      c.resource = rs.resource;
      const sss = filterInPlace(rs.scopeSpans, (ss) => {
        c.scope = ss.scope;
        const r = filterInPlace(ss.spans, (span) => {
          c.span = span;
          if (spanCond !== undefined && spanCond(c)) return false;
          if (spanEvent !== undefined) {
            const ev = filterInPlace(span.events, (e) => {
              c.event = e;
              return !spanEvent(c);
            });
            if (ev.dropped) {
              span.events = ev.list;
              dropped = true;
            }
          }
          return true;
        });
        if (r.dropped) {
          ss.spans = r.list;
          dropped = true;
        }
        return keepContainer(ss.spans.length);
      });
      if (sss.dropped) rs.scopeSpans = sss.list;
      return keepContainer(rs.scopeSpans.length);
    });
    if (rss.dropped) replaceAll(tree, rss.list);
    return { dropped, empty: tree.length === 0 };
  }

  private metrics(data: Metrics): { dropped: boolean; empty: boolean } {
    const { resource: resCond, metric: metricCond, dataPoint } = this.rules;
    if (resCond === undefined && metricCond === undefined && dataPoint === undefined) return { dropped: false, empty: false };
    let dropped = false;
    // Go removes every emptied (or already empty) scope and resource once a rule applies.
    const keepContainer = (n: number): boolean => (n > 0 ? true : ((dropped = true), false));
    const c: ItemContext = { resource: undefined!, scope: undefined! };
    const tree = data.resourceMetrics as Metrics['resourceMetrics'][number][];
    const rms = filterInPlace(tree, (rm) => {
      c.resource = rm.resource;
      if (resCond !== undefined && resCond(c)) {
        dropped = true;
        return false;
      }
      const sms = filterInPlace(rm.scopeMetrics, (sm) => {
        c.scope = sm.scope;
        const r = filterInPlace(sm.metrics, (m) => {
          c.metric = m;
          if (metricCond !== undefined && metricCond(c)) return false;
          if (dataPoint !== undefined && m.data !== null) {
            const kept = filterInPlace(m.data.dataPoints as NonNullable<ItemContext['dp']>[], (dp) => {
              c.dp = dp as ItemContext['dp'];
              return !dataPoint(c);
            });
            if (kept.dropped) {
              (m.data as { dataPoints: unknown[] }).dataPoints = kept.list;
              dropped = true;
            }
            return keepContainer(m.data.dataPoints.length);
          }
          return true;
        });
        if (r.dropped) {
          sm.metrics = r.list;
          dropped = true;
        }
        return keepContainer(sm.metrics.length);
      });
      if (sms.dropped) rm.scopeMetrics = sms.list;
      return keepContainer(rm.scopeMetrics.length);
    });
    if (rms.dropped) replaceAll(tree, rms.list);
    return { dropped, empty: tree.length === 0 };
  }
}

function replaceAll<T>(target: T[], items: T[]): void {
  target.length = 0;
  for (const x of items) target.push(x);
}
