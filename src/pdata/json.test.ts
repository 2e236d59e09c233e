// OTLP/JSON (Go pdata leniency), Export*ServiceResponse / google.rpc.Status, and the value helpers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue, KeyValueList, getAttribute, removeAttribute, setAttribute, intValue, mapValue, valueType } from './common.js';
import { PdataDecodeError } from './errors.js';
import { Logs } from './logs.js';
import { Metrics, type Sum } from './metrics.js';
import { Traces } from './traces.js';
import { idToHex } from './ids.js';
import { anyValueToString } from './value-string.js';
import { severityNumberFromText, severityNumberToText } from './severity.js';
import {
  decodeExportResponse,
  decodeRpcStatus,
  encodeExportResponse,
  encodeRpcStatus,
  exportResponseFromJSON,
  exportResponseToJSON,
  retryDelayMs,
  retryInfoDetail,
  rpcStatusFromJSON,
  rpcStatusToJSON,
} from './responses.js';
import { forEachItemAttributes, forEachResource } from './iterate.js';
import { fullLogs, fullMetrics, fullTraces } from './test-fixtures.js';

test('JSON round trips preserve every field of every signal', () => {
  const t = new Traces(fullTraces());
  assert.deepEqual(Traces.fromJSON(t.toJSON()).resourceSpans, t.resourceSpans);
  const m = new Metrics(fullMetrics());
  assert.deepEqual(Metrics.fromJSON(m.toJSON()).resourceMetrics, m.resourceMetrics);
  const l = new Logs(fullLogs());
  assert.deepEqual(Logs.fromJSON(Buffer.from(l.toJSON())).resourceLogs, l.resourceLogs);
});

test('JSON output follows the OTLP/JSON spelling', () => {
  const j = JSON.parse(new Traces(fullTraces()).toJSON());
  const span = j.resourceSpans[0].scopeSpans[0].spans[0];
  assert.equal(span.traceId, '0102030405060708090a0b0c0d0e0f10');
  assert.equal(span.spanId, 'a1a2a3a4a5a6a7a8');
  assert.equal(span.endTimeUnixNano, '18446744073709551611');
  assert.equal(span.kind, 3);
  assert.deepEqual(j.resourceSpans[0].resource.attributes[1], { key: 'big', value: { intValue: '9223372036854775805' } });
  assert.deepEqual(j.resourceSpans[0].resource.attributes[5], { key: 'raw', value: { bytesValue: 'AP8H' } });
  assert.deepEqual(j.resourceSpans[0].scopeSpans[0].spans[1], { status: {} });
});

test('JSON decode accepts snake_case keys, enum names, numbers for int64, and special doubles', () => {
  const text = JSON.stringify({
    resource_spans: [
      {
        resource: {
          attributes: [
            { key: 'n', value: { int_value: 7 } },
            { key: 'd', value: { double_value: 'NaN' } },
          ],
        },
        scope_spans: [
          {
            spans: [
              {
                trace_id: '0102030405060708090A0B0C0D0E0F10',
                span_id: 'a1a2a3a4a5a6a7a8',
                parent_span_id: '',
                kind: 'SPAN_KIND_SERVER',
                start_time_unix_nano: 1700000000000000000,
                end_time_unix_nano: '1700000000000000001',
                dropped_attributes_count: '3',
                status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                unknown_field: { ignored: true },
              },
            ],
          },
        ],
      },
    ],
  });
  const t = Traces.fromJSON(text);
  const rs = t.resourceSpans[0]!;
  assert.equal(rs.resource.attributes[0]!.value, 7n);
  assert.ok(Number.isNaN(rs.resource.attributes[1]!.value as number));
  const s = rs.scopeSpans[0]!.spans[0]!;
  assert.equal(idToHex(s.traceId), '0102030405060708090a0b0c0d0e0f10');
  assert.equal(s.kind, 2);
  assert.equal(s.startTimeUnixNano, 1700000000000000000n);
  assert.equal(s.endTimeUnixNano, 1700000000000000001n);
  assert.equal(s.droppedAttributesCount, 3);
  assert.equal(s.status.code, 2);
  const m = Metrics.fromJSON(
    '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"c","sum":{"aggregation_temporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","is_monotonic":true,"data_points":[{"as_int":"5"}]}}]}]}]}',
  );
  const sum = m.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data as Sum;
  assert.equal(sum.aggregationTemporality, 2);
  assert.equal(sum.dataPoints[0]!.value, 5n);
  const l = Logs.fromJSON(
    '{"resource_logs":[{"scope_logs":[{"log_records":[{"severity_number":"SEVERITY_NUMBER_WARN2","body":{"stringValue":"b"}}]}]}]}',
  );
  assert.equal(l.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.severityNumber, 14);
  assert.equal(l.itemCount(), 1);
});

test('JSON errors are PdataDecodeError naming the problem', () => {
  const bad = (text: string, re: RegExp): void => {
    assert.throws(
      () => Traces.fromJSON(text),
      (e: unknown) => e instanceof PdataDecodeError && re.test(e.message),
    );
  };
  bad('{"resourceSpans":[', /invalid JSON/);
  bad('{"resourceSpans":{}}', /expected an array/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abc"}]}]}]}', /span.traceId.*32 hex digits/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"zzzzzzzzzzzzzzzz"}]}]}]}', /span.spanId.*not hex/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_NOPE"}]}]}]}', /unknown enum value/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1.5"}]}]}]}', /not a decimal integer/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"-1"}]}]}]}', /out of range for uint64/);
  bad('{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"intValue":"9223372036854775808"}}]}}]}', /out of range for int64/);
  bad('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}', /span.name: expected a string/);
});

test('Export*ServiceResponse and google.rpc.Status in protobuf and JSON', () => {
  assert.equal(encodeExportResponse().length, 0);
  assert.equal(exportResponseToJSON('traces'), '{}');
  const res = { partialSuccess: { rejected: 3n, errorMessage: 'dropped 3' } };
  assert.deepEqual(decodeExportResponse(encodeExportResponse(res)), res);
  assert.equal(exportResponseToJSON('metrics', res), '{"partialSuccess":{"rejectedDataPoints":"3","errorMessage":"dropped 3"}}');
  assert.deepEqual(exportResponseFromJSON('logs', '{"partial_success":{"rejected_log_records":3,"error_message":"dropped 3"}}'), res);
  assert.deepEqual(exportResponseFromJSON('traces', '{}'), {});

  const st = { code: 14, message: 'data refused due to high memory usage', details: [retryInfoDetail(2500)] };
  const bytes = encodeRpcStatus(st);
  // code=14, message, details[0].type_url
  assert.deepEqual([...bytes.subarray(0, 2)], [0x08, 14]);
  const back = decodeRpcStatus(bytes);
  assert.equal(back.code, 14);
  assert.equal(back.message, st.message);
  assert.equal(retryDelayMs(back), 2500);
  assert.deepEqual(rpcStatusFromJSON(rpcStatusToJSON(st)), {
    ...st,
    details: st.details.map((d) => ({ typeUrl: d.typeUrl, value: Buffer.from(d.value) })),
  });
  assert.equal(rpcStatusToJSON({ code: 3, message: 'bad' }), '{"code":3,"message":"bad"}');
});

test('anyValueToString follows Go AsString', () => {
  assert.equal(anyValueToString('s'), 's');
  assert.equal(anyValueToString(null), '');
  assert.equal(anyValueToString(true), 'true');
  assert.equal(anyValueToString(-12n), '-12');
  assert.equal(anyValueToString(1.5), '1.5');
  assert.equal(anyValueToString(1e21), '1e+21');
  assert.equal(anyValueToString(1e-7), '1e-7');
  assert.equal(anyValueToString(-0), '-0');
  // Go (pdata v1.36): the json error text; see value-string.test.ts.
  assert.equal(anyValueToString(NaN), 'json: unsupported value: NaN');
  assert.equal(anyValueToString(-Infinity), 'json: unsupported value: -Inf');
  assert.equal(anyValueToString(Buffer.from('hi')), 'aGk=');
  assert.equal(anyValueToString(['a', 1n, 2.5, null, false]), '["a",1,2.5,null,false]');
  assert.equal(anyValueToString(mapValue({ z: '<b>&', a: new KeyValueList([new KeyValue('y', 1n)]) })), '{"a":{"y":1},"z":"\\u003cb\\u003e\\u0026"}');
});

test('attribute helpers and AnyValue kinds', () => {
  const attrs: KeyValue[] = [new KeyValue('a', '1')];
  setAttribute(attrs, 'a', 2n);
  setAttribute(attrs, 'b', true);
  assert.equal(getAttribute(attrs, 'a'), 2n);
  assert.equal(getAttribute(attrs, 'zz'), undefined);
  assert.equal(removeAttribute(attrs, 'a'), true);
  assert.deepEqual(attrs, [new KeyValue('b', true)]);
  assert.equal(intValue(3), 3n);
  assert.deepEqual(['x', true, 1n, 1.5, new Uint8Array(1), [], new KeyValueList(), null].map(valueType), [
    'Str',
    'Bool',
    'Int',
    'Double',
    'Bytes',
    'Slice',
    'Map',
    'Empty',
  ]);
});

test('severity numbers and text', () => {
  assert.equal(severityNumberToText(0), 'Unspecified');
  assert.equal(severityNumberToText(9), 'Info');
  assert.equal(severityNumberToText(14), 'Warn2');
  assert.equal(severityNumberToText(24), 'Fatal4');
  assert.equal(severityNumberToText(25), '');
  assert.equal(severityNumberFromText('warning'), 13);
  assert.equal(severityNumberFromText('ERROR3'), 19);
  assert.equal(severityNumberFromText('verbose'), 0);
});

test('iteration helpers reach every item and resource, and mark payloads for re-encoding', () => {
  for (const p of [
    Traces.fromProto(new Traces(fullTraces()).toProto()),
    Metrics.fromProto(new Metrics(fullMetrics()).toProto()),
    Logs.fromProto(new Logs(fullLogs()).toProto()),
  ]) {
    let n = 0;
    forEachItemAttributes(p, (attrs) => {
      n++;
      setAttribute(attrs, 'seen', true);
    });
    assert.equal(n, p.itemCount());
    forEachResource(p, (r) => setAttribute(r.attributes, 'env', 'test'));
    assert.equal(p.hasProto(), false);
    const again = (p.constructor as typeof Traces).fromProto(p.toProto()) as Traces | Metrics | Logs;
    let seen = 0;
    forEachItemAttributes(again, (attrs) => {
      if (getAttribute(attrs, 'seen') === true) seen++;
    });
    assert.equal(seen, n);
  }
});
