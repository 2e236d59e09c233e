// Fixtures for the codec tests: one request per signal that sets every field, in two shapes:
// our model, and the plain object protobufjs' fromObject()/toObject() use (ids as base64,
// 64-bit integers as decimal strings), so either codec can check the other.

import { fileURLToPath } from 'node:url';
import { EntityRef, InstrumentationScope, KeyValue, KeyValueList, Resource } from './common.js';
import { idFromHex } from './ids.js';
import { LogRecord, ResourceLogs, ScopeLogs } from './log-model.js';
import * as M from './metric-model.js';
import { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Status } from './trace-model.js';

/** src/pdata/proto, found from dist/pdata (or src/pdata when run from source). */
export const PROTO_DIR = fileURLToPath(new URL('../../src/pdata/proto/', import.meta.url));

const TRACE = '0102030405060708090a0b0c0d0e0f10';
const SPAN = 'a1a2a3a4a5a6a7a8';
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const NEAR_MAX_U64 = 18446744073709551611n; // 2^64 - 5
const NEAR_MIN_I64 = -9223372036854775803n; // -2^63 + 5
const NEAR_MAX_I64 = 9223372036854775805n; // 2^63 - 3

function resource(): Resource {
  const r = new Resource();
  r.attributes = [
    new KeyValue('service.name', 'svc'),
    new KeyValue('big', NEAR_MAX_I64),
    new KeyValue('neg', NEAR_MIN_I64),
    new KeyValue('pi', 3.25),
    new KeyValue('ok', true),
    new KeyValue('raw', Buffer.from([0, 255, 7])),
    new KeyValue('list', ['a', 1n, [false], null]),
    new KeyValue('map', new KeyValueList([new KeyValue('k', 'v'), new KeyValue('n', new KeyValueList([]))])),
    new KeyValue('empty', null),
    new KeyValue('unicode', 'héllo ✓ 😀'),
  ];
  r.droppedAttributesCount = 2;
  const e = new EntityRef();
  e.schemaUrl = 'https://s';
  e.type = 'service';
  e.idKeys = ['service.name'];
  e.descriptionKeys = ['a', 'b'];
  r.entityRefs = [e];
  return r;
}

const resourceObj = {
  attributes: [
    { key: 'service.name', value: { stringValue: 'svc' } },
    { key: 'big', value: { intValue: NEAR_MAX_I64.toString() } },
    { key: 'neg', value: { intValue: NEAR_MIN_I64.toString() } },
    { key: 'pi', value: { doubleValue: 3.25 } },
    { key: 'ok', value: { boolValue: true } },
    { key: 'raw', value: { bytesValue: 'AP8H' } },
    {
      key: 'list',
      value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { arrayValue: { values: [{ boolValue: false }] } }, {}] } },
    },
    {
      key: 'map',
      value: {
        kvlistValue: {
          values: [
            { key: 'k', value: { stringValue: 'v' } },
            { key: 'n', value: { kvlistValue: {} } },
          ],
        },
      },
    },
    { key: 'empty', value: {} },
    { key: 'unicode', value: { stringValue: 'héllo ✓ 😀' } },
  ],
  droppedAttributesCount: 2,
  entityRefs: [{ schemaUrl: 'https://s', type: 'service', idKeys: ['service.name'], descriptionKeys: ['a', 'b'] }],
};

function scope(): InstrumentationScope {
  const s = new InstrumentationScope();
  s.name = 'lib';
  s.version = '1.0';
  s.attributes = [new KeyValue('scope.attr', 'x')];
  s.droppedAttributesCount = 1;
  return s;
}
const scopeObj = { name: 'lib', version: '1.0', attributes: [{ key: 'scope.attr', value: { stringValue: 'x' } }], droppedAttributesCount: 1 };

export function fullTraces(): ResourceSpans[] {
  const s = new Span();
  s.traceId = idFromHex(TRACE);
  s.spanId = idFromHex(SPAN);
  s.traceState = 'k=v';
  s.parentSpanId = idFromHex('b1b2b3b4b5b6b7b8');
  s.flags = 0x301;
  s.name = 'op';
  s.kind = 3;
  s.startTimeUnixNano = NEAR_MAX_U64 - 1000n;
  s.endTimeUnixNano = NEAR_MAX_U64;
  s.attributes = [new KeyValue('a', 'b'), new KeyValue('n', -1n)];
  s.droppedAttributesCount = 3;
  const ev = new SpanEvent();
  ev.timeUnixNano = 1700000000000000001n;
  ev.name = 'exception';
  ev.attributes = [new KeyValue('exception.message', 'boom')];
  ev.droppedAttributesCount = 4;
  s.events = [ev];
  s.droppedEventsCount = 5;
  const l = new SpanLink();
  l.traceId = idFromHex(TRACE);
  l.spanId = idFromHex('c1c2c3c4c5c6c7c8');
  l.traceState = 'x=y';
  l.attributes = [new KeyValue('link', true)];
  l.droppedAttributesCount = 6;
  l.flags = 0x100;
  s.links = [l];
  s.droppedLinksCount = 7;
  s.status = Object.assign(new Status(), { code: 2, message: 'failed' });
  const ss = Object.assign(new ScopeSpans(), { scope: scope(), spans: [s, new Span()], schemaUrl: 'https://scope' });
  return [Object.assign(new ResourceSpans(), { resource: resource(), scopeSpans: [ss], schemaUrl: 'https://res' })];
}

export const fullTracesObj = {
  resourceSpans: [
    {
      resource: resourceObj,
      scopeSpans: [
        {
          scope: scopeObj,
          spans: [
            {
              traceId: b64(TRACE),
              spanId: b64(SPAN),
              traceState: 'k=v',
              parentSpanId: b64('b1b2b3b4b5b6b7b8'),
              flags: 0x301,
              name: 'op',
              kind: 3,
              startTimeUnixNano: (NEAR_MAX_U64 - 1000n).toString(),
              endTimeUnixNano: NEAR_MAX_U64.toString(),
              attributes: [
                { key: 'a', value: { stringValue: 'b' } },
                { key: 'n', value: { intValue: '-1' } },
              ],
              droppedAttributesCount: 3,
              events: [
                {
                  timeUnixNano: '1700000000000000001',
                  name: 'exception',
                  attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }],
                  droppedAttributesCount: 4,
                },
              ],
              droppedEventsCount: 5,
              links: [
                {
                  traceId: b64(TRACE),
                  spanId: b64('c1c2c3c4c5c6c7c8'),
                  traceState: 'x=y',
                  attributes: [{ key: 'link', value: { boolValue: true } }],
                  droppedAttributesCount: 6,
                  flags: 0x100,
                },
              ],
              droppedLinksCount: 7,
              status: { code: 2, message: 'failed' },
            },
            {},
          ],
          schemaUrl: 'https://scope',
        },
      ],
      schemaUrl: 'https://res',
    },
  ],
};

export function fullLogs(): ResourceLogs[] {
  const l = new LogRecord();
  l.timeUnixNano = 1700000000000000000n;
  l.observedTimeUnixNano = NEAR_MAX_U64;
  l.severityNumber = 17;
  l.severityText = 'ERROR';
  l.body = new KeyValueList([new KeyValue('msg', 'hi'), new KeyValue('n', 42n)]);
  l.attributes = [new KeyValue('loki.attribute.labels', 'container')];
  l.droppedAttributesCount = 1;
  l.flags = 1;
  l.traceId = idFromHex(TRACE);
  l.spanId = idFromHex(SPAN);
  l.eventName = 'app.event';
  const plain = Object.assign(new LogRecord(), { body: 'plain line' });
  const sl = Object.assign(new ScopeLogs(), { scope: scope(), logRecords: [l, plain], schemaUrl: 'https://scope' });
  return [Object.assign(new ResourceLogs(), { resource: resource(), scopeLogs: [sl], schemaUrl: 'https://res' })];
}

export const fullLogsObj = {
  resourceLogs: [
    {
      resource: resourceObj,
      scopeLogs: [
        {
          scope: scopeObj,
          logRecords: [
            {
              timeUnixNano: '1700000000000000000',
              observedTimeUnixNano: NEAR_MAX_U64.toString(),
              severityNumber: 17,
              severityText: 'ERROR',
              body: {
                kvlistValue: {
                  values: [
                    { key: 'msg', value: { stringValue: 'hi' } },
                    { key: 'n', value: { intValue: '42' } },
                  ],
                },
              },
              attributes: [{ key: 'loki.attribute.labels', value: { stringValue: 'container' } }],
              droppedAttributesCount: 1,
              flags: 1,
              traceId: b64(TRACE),
              spanId: b64(SPAN),
              eventName: 'app.event',
            },
            { body: { stringValue: 'plain line' } },
          ],
          schemaUrl: 'https://scope',
        },
      ],
      schemaUrl: 'https://res',
    },
  ],
};

export function fullMetrics(): M.ResourceMetrics[] {
  const ex = Object.assign(new M.Exemplar(), {
    filteredAttributes: [new KeyValue('f', 'g')],
    timeUnixNano: 5n,
    value: NEAR_MIN_I64,
    spanId: idFromHex(SPAN),
    traceId: idFromHex(TRACE),
  });
  const g = Object.assign(new M.Gauge(), {
    dataPoints: [
      Object.assign(new M.NumberDataPoint(), {
        attributes: [new KeyValue('cpu', '0')],
        startTimeUnixNano: 1n,
        timeUnixNano: 2n,
        value: NEAR_MAX_I64,
        exemplars: [ex],
        flags: 1,
      }),
    ],
  });
  const sum = Object.assign(new M.Sum(), {
    dataPoints: [
      Object.assign(new M.NumberDataPoint(), { timeUnixNano: 3n, value: 0.5 }),
      Object.assign(new M.NumberDataPoint(), { timeUnixNano: 4n, value: 0 }),
    ],
    aggregationTemporality: 2,
    isMonotonic: true,
  });
  const hist = Object.assign(new M.Histogram(), {
    aggregationTemporality: 1,
    dataPoints: [
      Object.assign(new M.HistogramDataPoint(), {
        timeUnixNano: 6n,
        count: 10n,
        sum: 0,
        bucketCounts: [1n, 2n, 7n],
        explicitBounds: [0.5, 1],
        exemplars: [Object.assign(new M.Exemplar(), { value: 0.25 })],
        min: -1.5,
        max: 9,
      }),
    ],
  });
  const exp = Object.assign(new M.ExponentialHistogram(), {
    aggregationTemporality: 2,
    dataPoints: [
      Object.assign(new M.ExponentialHistogramDataPoint(), {
        timeUnixNano: 7n,
        count: 5n,
        sum: 12.5,
        scale: -3,
        zeroCount: 1n,
        positive: Object.assign(new M.ExponentialBuckets(), { offset: -2, bucketCounts: [1n, 300n] }),
        negative: Object.assign(new M.ExponentialBuckets(), { offset: 4, bucketCounts: [NEAR_MAX_U64] }),
        flags: 1,
        min: 0.1,
        max: 8,
        zeroThreshold: 0.001,
      }),
    ],
  });
  const summary = Object.assign(new M.Summary(), {
    dataPoints: [
      Object.assign(new M.SummaryDataPoint(), {
        timeUnixNano: 8n,
        count: 3n,
        sum: 4.5,
        quantileValues: [
          Object.assign(new M.ValueAtQuantile(), { quantile: 0.5, value: 1 }),
          Object.assign(new M.ValueAtQuantile(), { quantile: 1, value: 2 }),
        ],
      }),
    ],
  });
  const metrics = [
    Object.assign(new M.Metric(), { name: 'g', description: 'gauge', unit: '1', data: g, metadata: [new KeyValue('meta', 'm')] }),
    Object.assign(new M.Metric(), { name: 's', data: sum }),
    Object.assign(new M.Metric(), { name: 'h', unit: 'ms', data: hist }),
    Object.assign(new M.Metric(), { name: 'e', data: exp }),
    Object.assign(new M.Metric(), { name: 'q', data: summary }),
  ];
  const sm = Object.assign(new M.ScopeMetrics(), { scope: scope(), metrics, schemaUrl: 'https://scope' });
  return [Object.assign(new M.ResourceMetrics(), { resource: resource(), scopeMetrics: [sm], schemaUrl: 'https://res' })];
}

export const fullMetricsObj = {
  resourceMetrics: [
    {
      resource: resourceObj,
      scopeMetrics: [
        {
          scope: scopeObj,
          metrics: [
            {
              name: 'g',
              description: 'gauge',
              unit: '1',
              metadata: [{ key: 'meta', value: { stringValue: 'm' } }],
              gauge: {
                dataPoints: [
                  {
                    attributes: [{ key: 'cpu', value: { stringValue: '0' } }],
                    startTimeUnixNano: '1',
                    timeUnixNano: '2',
                    asInt: NEAR_MAX_I64.toString(),
                    exemplars: [
                      {
                        filteredAttributes: [{ key: 'f', value: { stringValue: 'g' } }],
                        timeUnixNano: '5',
                        asInt: NEAR_MIN_I64.toString(),
                        spanId: b64(SPAN),
                        traceId: b64(TRACE),
                      },
                    ],
                    flags: 1,
                  },
                ],
              },
            },
            {
              name: 's',
              sum: {
                dataPoints: [
                  { timeUnixNano: '3', asDouble: 0.5 },
                  { timeUnixNano: '4', asDouble: 0 },
                ],
                aggregationTemporality: 2,
                isMonotonic: true,
              },
            },
            {
              name: 'h',
              unit: 'ms',
              histogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  {
                    timeUnixNano: '6',
                    count: '10',
                    sum: 0,
                    bucketCounts: ['1', '2', '7'],
                    explicitBounds: [0.5, 1],
                    exemplars: [{ asDouble: 0.25 }],
                    min: -1.5,
                    max: 9,
                  },
                ],
              },
            },
            {
              name: 'e',
              exponentialHistogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    timeUnixNano: '7',
                    count: '5',
                    sum: 12.5,
                    scale: -3,
                    zeroCount: '1',
                    positive: { offset: -2, bucketCounts: ['1', '300'] },
                    negative: { offset: 4, bucketCounts: [NEAR_MAX_U64.toString()] },
                    flags: 1,
                    min: 0.1,
                    max: 8,
                    zeroThreshold: 0.001,
                  },
                ],
              },
            },
            {
              name: 'q',
              summary: {
                dataPoints: [
                  {
                    timeUnixNano: '8',
                    count: '3',
                    sum: 4.5,
                    quantileValues: [
                      { quantile: 0.5, value: 1 },
                      { quantile: 1, value: 2 },
                    ],
                  },
                ],
              },
            },
          ],
          schemaUrl: 'https://scope',
        },
      ],
      schemaUrl: 'https://res',
    },
  ],
};
