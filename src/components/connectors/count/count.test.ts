import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue } from '../../../pdata/common.js';
import { Metrics, Sum } from '../../../pdata/metrics.js';
import { LogRecord, Logs, ResourceLogs, ScopeLogs } from '../../../pdata/logs.js';
import { ResourceSpans, ScopeSpans, Span, SpanEvent, Traces } from '../../../pdata/traces.js';
import type { Payload } from '../../../core/payload.js';
import { DecodeContext } from '../../../core/schema.js';
import { countConnectorFactory } from './factory.js';
import { CountDefinitions, countPayload, SCOPE_NAME } from './connector.js';
import { countConfig, validateCount, type CountConfig } from './config.js';

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

async function run(from: 'traces' | 'logs' | 'metrics', data: Payload, cfg = countConfig.defaultValue()): Promise<Metrics> {
  const got: Payload[] = [];
  const c = countConnectorFactory.create({ id: 'count' } as never, cfg, from, 'metrics', {
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

function decode(raw: unknown): { cfg: CountConfig; issues: Array<{ path: string[]; message: string }> } {
  const ctx = new DecodeContext();
  const cfg = countConfig.decode(raw, [], ctx);
  return { cfg, issues: [...ctx.issues, ...validateCount(cfg)] };
}

test('config: null and {} decode to the defaults; unknown keys are ignored as Go does (WithIgnoreUnused)', () => {
  for (const raw of [null, {}, { not_a_key: 1, logs: { x: { condition: 'typo', attributes: [{ key: 'k', default: 1 }] } } }]) {
    assert.deepEqual(decode(raw).issues, [], JSON.stringify(raw));
  }
});

test('config: errors name the metric and the unsupported OTTL construct', () => {
  const { issues } = decode({
    spans: { 'a.count': { conditions: ['name == "x"', 'Len(name) > 3'] } },
    spanevents: { 'b.count': { conditions: ['attributes["x"] == '] } },
    logs: { 'c.count': { conditions: ['severity_number + 1 > 3'], attributes: [{ key: '' }] }, '': {} },
    metrics: { 'd.count': { attributes: [{ key: 'env' }] } },
    datapoints: { 'e.count': { conditions: ['unknown_field == 1'] } },
  });
  const byPath = Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message]));
  assert.match(byPath['spans.a.count.conditions.1']!, /converter Len\(\) as a value is not supported/);
  assert.match(byPath['spanevents.b.count.conditions.0']!, /condition ends where a value was expected/);
  assert.match(byPath['logs.c.count.conditions.0']!, /math expressions/);
  assert.match(byPath['logs.c.count.attributes.0.key']!, /attribute key missing/);
  assert.match(byPath['logs']!, /metric name missing/);
  assert.match(byPath['metrics.d.count.attributes']!, /metrics attributes not supported/);
  assert.match(byPath['datapoints.e.count.conditions.0']!, /path unknown_field is not supported in the datapoint context/);
  assert.equal(issues.length, 7);
});

test('custom counts replace only the kinds that are given; conditions are ORed; attributes group', async () => {
  const { cfg, issues } = decode({
    spans: {
      'span.slow.count': {
        description: 'slow or failed',
        conditions: ['attributes["ms"] > 100', 'status.code == STATUS_CODE_ERROR'],
        attributes: [{ key: 'route', default_value: 'other' }],
      },
    },
  });
  assert.deepEqual(issues, []);
  const t = traces([{ svc: 'a', events: [1, 0, 0, 2] }]);
  const spans = t.resourceSpans[0]!.scopeSpans[0]!.spans;
  spans[0]!.attributes = [new KeyValue('ms', 500n), new KeyValue('route', '/a')];
  spans[1]!.attributes = [new KeyValue('ms', 50n), new KeyValue('route', '/a')];
  spans[2]!.status.code = 2;
  spans[3]!.attributes = [new KeyValue('ms', 101.5), new KeyValue('route', '/a')];
  const out = await run('traces', t, cfg);
  const metrics = out.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
  // span events keep their default metric: only `spans` was customised
  assert.deepEqual(
    metrics.map((m) => m.name),
    ['span.slow.count', 'trace.span.event.count'],
  );
  const points = (metrics[0]!.data as Sum).dataPoints.map((dp) => [String(dp.attributes[0]!.value), dp.value]);
  assert.deepEqual(points, [
    ['/a', 2n],
    ['other', 1n],
  ]);
  assert.equal(metrics[0]!.description, 'slow or failed');
});

test('defaults on protobuf bytes are counted from the wire (scan.ts) exactly as from the decoded tree', async () => {
  const { readFileSync } = await import('node:fs');
  const { TESTDATA } = await import('./golden-cases.js');
  const defs = new CountDefinitions(countConfig.defaultValue());
  const now = () => 42n;
  const inputs = {
    traces: Traces.fromJSON(readFileSync(`${TESTDATA}inputs/traces.json`, 'utf8')),
    logs: Logs.fromJSON(readFileSync(`${TESTDATA}inputs/logs.json`, 'utf8')),
    metrics: Metrics.fromJSON(readFileSync(`${TESTDATA}inputs/metrics.json`, 'utf8')),
  };
  const fromBytes = { traces: Traces.fromProto, logs: Logs.fromProto, metrics: Metrics.fromProto };
  for (const signal of ['traces', 'logs', 'metrics'] as const) {
    const bytes = inputs[signal].toProto();
    const wire = fromBytes[signal](bytes);
    const fromWire = countPayload(defs, wire, now);
    assert.equal(wire.isDecoded(), false, `${signal}: counted without decoding`);
    const tree = fromBytes[signal](bytes);
    void tree.itemCount();
    (tree as { mutable(): unknown }).mutable();
    const fromTree = countPayload(defs, tree, now);
    assert.ok(fromTree.resourceMetrics.length > 0);
    assert.deepStrictEqual(fromWire.resourceMetrics, fromTree.resourceMetrics, signal);
  }
  // A metric without data fails the call on both paths, as Go's invalid metric type.
  const noData = Metrics.fromJSON('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"empty"}]}]}]}');
  assert.throws(() => countPayload(defs, Metrics.fromProto(noData.toProto()), now), /metric "empty": invalid metric type: Empty/);
});
