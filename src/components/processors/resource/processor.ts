// Applies the actions to every resource's attributes (contrib
// processor/resourceprocessor/resource_processor.go v0.130.0). Bytes are kept when no action
// wrote anything (e.g. `insert` of a key every resource already has).

import type { Processor } from '../../../core/component.js';
import type { Consumer, RequestContext } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import type { Logs } from '../../../pdata/logs.js';
import type { Metrics } from '../../../pdata/metrics.js';
import type { Traces } from '../../../pdata/traces.js';
import type { Resource } from '../../../pdata/common.js';
import type { AttrProc } from '../../../shared/attraction/attrproc.js';

type Otlp = Logs | Traces | Metrics;

function resources(data: Otlp): Iterable<{ resource: Resource }> {
  switch (data.signal) {
    case 'logs':
      return (data as Logs).resourceLogs;
    case 'traces':
      return (data as Traces).resourceSpans;
    default:
      return (data as Metrics).resourceMetrics;
  }
}

export class ResourceProcessor implements Processor {
  readonly mutatesData = true;
  constructor(
    private readonly proc: AttrProc,
    private readonly next: Consumer,
  ) {}

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    let changed = false;
    for (const r of resources(data as Otlp)) if (this.proc.process(r.resource.attributes, ctx)) changed = true;
    if (changed) (data as Otlp).mutable();
    return this.next.consume(data, ctx);
  }
}
