import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  EntityRef,
  KeyValue,
  LogRecord,
  Logs,
  ResourceLogs,
  ResourceSpans,
  ScopeLogs,
  ScopeSpans,
  Span,
  Traces,
  mapValue,
} from '../../../pdata/index.js';
import { goLogs, goMetricsAllTypes, goTraces } from './fixtures.js';
import { logsToText } from './text-logs.js';
import { metricsToText } from './text-metrics.js';
import { tracesToText } from './text-traces.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/debug/testdata/', import.meta.url));
const expected = (name: string) => readFileSync(TESTDATA + name, 'utf8');

test('detailed traces print exactly what Go prints for GenerateTraces(2)', () => {
  assert.equal(tracesToText(goTraces(2).resourceSpans), expected('traces_two_spans.txt'));
});

test('detailed logs print exactly what Go prints for GenerateLogs(2)', () => {
  assert.equal(logsToText(goLogs(2).resourceLogs), expected('logs_two_records.txt'));
});

test('detailed metrics print exactly what Go prints for GenerateMetricsAllTypes()', () => {
  assert.equal(metricsToText(goMetricsAllTypes().resourceMetrics), expected('metrics_all_types.txt'));
});

test('empty payloads print nothing', () => {
  assert.equal(tracesToText([]), '');
  assert.equal(logsToText([]), '');
  assert.equal(metricsToText([]), '');
});

test('detailed output shows kind, schema URLs, scope, map values, entity refs and event names', () => {
  const rs = new ResourceSpans();
  rs.schemaUrl = 'https://opentelemetry.io/schemas/1.25.0';
  rs.resource.attributes = [new KeyValue('service.name', 'telemetrygen')];
  const ref = new EntityRef();
  ref.type = 'service';
  ref.idKeys = ['service.name'];
  rs.resource.entityRefs = [ref];
  const ss = new ScopeSpans();
  ss.scope.name = 'telemetrygen';
  ss.scope.version = '1.0';
  const span = new Span();
  span.name = 'lets-go';
  span.kind = 3;
  span.attributes = [new KeyValue('m', mapValue({ b: 1.5, a: [true, null] })), new KeyValue('f', 0.1)];
  ss.spans.push(span);
  rs.scopeSpans.push(ss);
  const text = new Traces([rs]).resourceSpans;
  const lines = tracesToText(text).split('\n');
  assert.deepEqual(lines.slice(0, 11), [
    'ResourceSpans #0',
    'Resource SchemaURL: https://opentelemetry.io/schemas/1.25.0',
    'Resource attributes:',
    '     -> service.name: Str(telemetrygen)',
    'Resource entity refs:',
    '     -> Entity ref #0:',
    '          -> Type: service',
    '          -> ID keys:',
    '               -> service.name',
    'ScopeSpans #0',
    'ScopeSpans SchemaURL: ',
  ]);
  assert.ok(lines.includes('InstrumentationScope telemetrygen 1.0'));
  assert.ok(lines.includes('    Kind           : Client'));
  assert.ok(lines.includes('     -> m: Map({"a":[true,null],"b":1.5})'));
  assert.ok(lines.includes('     -> f: Double(0.1)'));

  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  const lr = new LogRecord();
  lr.eventName = 'event_name';
  lr.severityNumber = 10;
  sl.logRecords.push(lr);
  rl.scopeLogs.push(sl);
  const logText = logsToText(new Logs([rl]).resourceLogs);
  assert.match(logText, /\nSeverityNumber: Info2\(10\)\nEventName: event_name\nBody: Empty\(\)\n/);
});
