// The count connector's default behaviour (contrib connector/countconnector/connector.go and
// counter.go v0.130.0): per consumed batch, one ResourceMetrics per input resource that had
// anything to count, with the resource attributes copied, one scope, and one delta monotonic int
// Sum per default metric whose count is not zero. Nothing is kept between calls.

import type { Connector } from '../../../core/component.js';
import type { Consumer, RequestContext } from '../../../core/consumer.js';
import type { Payload } from '../../../core/payload.js';
import { KeyValue, type Resource } from '../../../pdata/common.js';
import { Metric, Metrics, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum, dataPointCount } from '../../../pdata/metrics.js';

export const SCOPE_NAME = 'github.com/open-telemetry/opentelemetry-collector-contrib/connector/countconnector';
const DELTA = 1;

/** Default metric names and descriptions (countconnector/config.go defaults). */
export const DEFAULTS = {
  spans: ['trace.span.count', 'The number of spans observed.'],
  spanevents: ['trace.span.event.count', 'The number of span events observed.'],
  metrics: ['metric.count', 'The number of metrics observed.'],
  datapoints: ['metric.datapoint.count', 'The number of data points observed.'],
  logs: ['log.record.count', 'The number of log records observed.'],
} as const;

type Counted = Array<[keyof typeof DEFAULTS, number]>;

function countMetric(key: keyof typeof DEFAULTS, n: number, now: bigint): Metric {
  const m = new Metric();
  [m.name, m.description] = DEFAULTS[key];
  const sum = new Sum();
  sum.isMonotonic = true;
  sum.aggregationTemporality = DELTA;
  const dp = new NumberDataPoint();
  dp.value = BigInt(n);
  dp.timeUnixNano = now;
  sum.dataPoints.push(dp);
  m.data = sum;
  return m;
}

function resourceCounts(resource: Resource, counts: Counted, now: bigint): ResourceMetrics | null {
  const present = counts.filter(([, n]) => n > 0);
  // Go skips a resource with nothing counted ("don't add an empty resource").
  if (present.length === 0) return null;
  const rm = new ResourceMetrics();
  rm.resource.attributes = resource.attributes.map((kv) => new KeyValue(kv.key, kv.value));
  const sm = new ScopeMetrics();
  sm.scope.name = SCOPE_NAME;
  sm.metrics = present.map(([k, n]) => countMetric(k, n, now));
  rm.scopeMetrics.push(sm);
  return rm;
}

/** The counts of one payload as a Metrics payload (empty when nothing was counted). */
export function countPayload(data: Payload, now: bigint): Metrics {
  const out: ResourceMetrics[] = [];
  const push = (rm: ResourceMetrics | null): void => {
    if (rm) out.push(rm);
  };
  if (data.signal === 'traces') {
    for (const rs of data.resourceSpans) {
      let spans = 0;
      let events = 0;
      for (const ss of rs.scopeSpans) {
        spans += ss.spans.length;
        for (const span of ss.spans) events += span.events.length;
      }
      push(
        resourceCounts(
          rs.resource,
          [
            ['spans', spans],
            ['spanevents', events],
          ],
          now,
        ),
      );
    }
  } else if (data.signal === 'logs') {
    for (const rl of data.resourceLogs) {
      let n = 0;
      for (const sl of rl.scopeLogs) n += sl.logRecords.length;
      push(resourceCounts(rl.resource, [['logs', n]], now));
    }
  } else {
    for (const rm of data.resourceMetrics) {
      let metrics = 0;
      let points = 0;
      for (const sm of rm.scopeMetrics) {
        metrics += sm.metrics.length;
        for (const m of sm.metrics) points += dataPointCount(m);
      }
      push(
        resourceCounts(
          rm.resource,
          [
            ['metrics', metrics],
            ['datapoints', points],
          ],
          now,
        ),
      );
    }
  }
  return new Metrics(out);
}

export class CountConnector implements Connector {
  readonly mutatesData = false;
  constructor(private readonly next: Consumer) {}

  async consume(data: Payload, rctx: RequestContext): Promise<void> {
    const now = BigInt(Date.now()) * 1_000_000n;
    // Go forwards the (possibly empty) Metrics on every call.
    await this.next.consume(countPayload(data, now), rctx);
  }

  async start(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
