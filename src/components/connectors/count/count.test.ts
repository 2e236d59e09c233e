import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue } from '../../../pdata/common.js';
import { Metrics, Sum } from '../../../pdata/metrics.js';
import { LogRecord, Logs, ResourceLogs, ScopeLogs } from '../../../pdata/logs.js';
import { ResourceSpans, ScopeSpans, Span, SpanEvent, Traces } from '../../../pdata/traces.js';
import type { Payload } from '../../../core/payload.js';
import { DecodeContext } from '../../../core/schema.js';
import { countConnectorFactory } from './factory.js';
import { SCOPE_NAME } from './connector.js';
import { countConfig, validateCount } from './config.js';

function traces(perResource: Array<{ svc: string; events: number[] }>): Traces {
  return new Traces(
    perResource.map(({ svc, events }) => {
      const rs = new ResourceSpans();
      rs.resource.attributes = [new KeyValue('service.name', svc)];
      const ss = new ScopeSpans();
      ss.spans = events.map((n) => {
        const span = new Span();
        span.events = Array.from({ length: n }, () => new SpanEvent());
        return span;
      });
      rs.scopeSpans = [ss];
      return rs;
    }),
  );
}

async function run(from: 'traces' | 'logs' | 'metrics', data: Payload): Promise<Metrics> {
  const got: Payload[] = [];
  const c = countConnectorFactory.create({ id: 'count' } as never, countConfig.defaultValue(), from, 'metrics', {
    mutatesData: false,
    consume: async (p: Payload) => {
      got.push(p);
    },
  } as never);
  await c.consume(data, {});
  assert.equal(got.length, 1);
  assert.equal(got[0]!.signal, 'metrics');
  return got[0]! as Metrics;
}

function summary(m: Metrics): Array<{ res: string; metrics: Record<string, bigint> }> {
  return m.resourceMetrics.map((rm) => {
    assert.equal(rm.scopeMetrics.length, 1);
    assert.equal(rm.scopeMetrics[0]!.scope.name, SCOPE_NAME);
    const metrics: Record<string, bigint> = {};
    for (const metric of rm.scopeMetrics[0]!.metrics) {
      const sum = metric.data as Sum;
      assert.equal(sum.type, 'Sum');
      assert.equal(sum.aggregationTemporality, 1);
      assert.equal(sum.isMonotonic, true);
      assert.equal(sum.dataPoints.length, 1);
      assert.ok(sum.dataPoints[0]!.timeUnixNano > 0n);
      metrics[metric.name] = sum.dataPoints[0]!.value as bigint;
    }
    return { res: String(rm.resource.attributes.find((a) => a.key === 'service.name')?.value), metrics };
  });
}

test('traces: spans and span events counted per resource, resource attributes copied', async () => {
  const out = await run(
    'traces',
    traces([
      { svc: 'a', events: [2, 0, 1] },
      { svc: 'b', events: [0, 0] },
      { svc: 'empty', events: [] },
    ]),
  );
  assert.deepEqual(summary(out), [
    { res: 'a', metrics: { 'trace.span.count': 3n, 'trace.span.event.count': 3n } },
    // no events: Go leaves out the zero metric; an empty resource is left out entirely
    { res: 'b', metrics: { 'trace.span.count': 2n } },
  ]);
  const desc = out.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => m.description);
  assert.deepEqual(desc, ['The number of spans observed.', 'The number of span events observed.']);
});

test('logs: log.record.count per resource', async () => {
  const rl = new ResourceLogs();
  rl.resource.attributes = [new KeyValue('service.name', 'l')];
  const sl = new ScopeLogs();
  sl.logRecords = [new LogRecord(), new LogRecord(), new LogRecord(), new LogRecord()];
  rl.scopeLogs = [sl, new ScopeLogs()];
  assert.deepEqual(summary(await run('logs', new Logs([rl]))), [{ res: 'l', metrics: { 'log.record.count': 4n } }]);
});

test('metrics: metric.count and metric.datapoint.count', async () => {
  const input = await run('traces', traces([{ svc: 'm', events: [1, 1] }]));
  assert.deepEqual(summary(await run('metrics', input)), [{ res: 'm', metrics: { 'metric.count': 2n, 'metric.datapoint.count': 2n } }]);
});

test('config: null decodes to defaults; a custom count metric is an error', () => {
  const ctx = new DecodeContext();
  const cfg = countConfig.decode(null, [], ctx);
  assert.deepEqual(ctx.issues, []);
  assert.deepEqual(validateCount(cfg), []);
  const ctx2 = new DecodeContext();
  const custom = countConfig.decode({ spans: { 'my.count': { conditions: ['attributes["x"] == 1'] } } }, [], ctx2);
  const issues = validateCount(custom);
  assert.equal(issues.length, 1);
  assert.deepEqual(issues[0]!.path, ['spans', 'my.count']);
  assert.match(issues[0]!.message, /custom count metrics are not supported yet/);
});
