// Field tables for the structural validator (validate.ts): for each OTLP message, the wire type
// each field number must have, the nested message of length-delimited fields, and whether it is
// a string (for the optional UTF-8 check). Derived from src/pdata/proto/*.proto. The hand-written
// walkers (walk-*.ts) take field names for their error messages and the wire type check of
// fields they do not handle from here; validate-table.ts walks these tables directly.

export interface FieldDef {
  name: string;
  /** Expected wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wt: number;
  msg?: MsgDef;
  /** A repeated scalar that may also arrive packed (wire type 2, elements of `wt`). */
  packable?: boolean;
  str?: boolean;
}

export interface MsgDef {
  name: string;
  fields: (FieldDef | undefined)[];
  /** Counts as one telemetry item (span, data point, log record). */
  item?: boolean;
  /** AnyValue nesting: recursion depth is checked on these. */
  nests?: boolean;
}

const V = 0,
  I64 = 1,
  LEN = 2,
  I32 = 5;

function def(name: string, fields: Record<number, FieldDef>, extra: Partial<MsgDef> = {}): MsgDef {
  const arr: (FieldDef | undefined)[] = [];
  for (const [k, f] of Object.entries(fields)) arr[Number(k)] = f;
  return { name, fields: arr, ...extra };
}
const str = (name: string): FieldDef => ({ name, wt: LEN, str: true });
const bytes = (name: string): FieldDef => ({ name, wt: LEN });
const vint = (name: string): FieldDef => ({ name, wt: V });
const f64 = (name: string): FieldDef => ({ name, wt: I64 });
const f32 = (name: string): FieldDef => ({ name, wt: I32 });
const msg = (name: string, m: MsgDef): FieldDef => ({ name, wt: LEN, msg: m });

// AnyValue, ArrayValue, KeyValueList and KeyValue refer to each other: build, then link.
export const AnyValueDef: MsgDef = def('AnyValue', {}, { nests: true });
export const ArrayValueDef = def('ArrayValue', {});
export const KvListDef = def('KeyValueList', {});
export const KeyValueDef = def('KeyValue', { 1: str('key'), 2: msg('value', AnyValueDef), 3: vint('key_strindex') });
AnyValueDef.fields = def('AnyValue', {
  1: str('string_value'),
  2: vint('bool_value'),
  3: vint('int_value'),
  4: f64('double_value'),
  5: msg('array_value', ArrayValueDef),
  6: msg('kvlist_value', KvListDef),
  7: bytes('bytes_value'),
  8: vint('string_value_strindex'),
}).fields;
ArrayValueDef.fields[1] = msg('values', AnyValueDef);
KvListDef.fields[1] = msg('values', KeyValueDef);

const kvs = (name: string): FieldDef => msg(name, KeyValueDef);

export const EntityRefDef = def('EntityRef', { 1: str('schema_url'), 2: str('type'), 3: str('id_keys'), 4: str('description_keys') });
export const ResourceDef = def('Resource', { 1: kvs('attributes'), 2: vint('dropped_attributes_count'), 3: msg('entity_refs', EntityRefDef) });
export const ScopeDef = def('InstrumentationScope', {
  1: str('name'),
  2: str('version'),
  3: kvs('attributes'),
  4: vint('dropped_attributes_count'),
});

function request(signal: string, rsName: string, ssName: string, itemField: FieldDef): MsgDef {
  const ss = def(ssName, { 1: msg('scope', ScopeDef), 2: itemField, 3: str('schema_url') });
  const rs = def(rsName, { 1: msg('resource', ResourceDef), 2: msg(ssName, ss), 3: str('schema_url') });
  return def(`Export${signal}ServiceRequest`, { 1: msg(rsName, rs) });
}

// ---- traces ----
export const EventDef = def('Span.Event', { 1: f64('time_unix_nano'), 2: str('name'), 3: kvs('attributes'), 4: vint('dropped_attributes_count') });
export const LinkDef = def('Span.Link', {
  1: bytes('trace_id'),
  2: bytes('span_id'),
  3: str('trace_state'),
  4: kvs('attributes'),
  5: vint('dropped_attributes_count'),
  6: f32('flags'),
});
export const StatusDef = def('Status', { 2: str('message'), 3: vint('code') });
export const SpanDef = def(
  'Span',
  {
    1: bytes('trace_id'),
    2: bytes('span_id'),
    3: str('trace_state'),
    4: bytes('parent_span_id'),
    5: str('name'),
    6: vint('kind'),
    7: f64('start_time_unix_nano'),
    8: f64('end_time_unix_nano'),
    9: kvs('attributes'),
    10: vint('dropped_attributes_count'),
    11: msg('events', EventDef),
    12: vint('dropped_events_count'),
    13: msg('links', LinkDef),
    14: vint('dropped_links_count'),
    15: msg('status', StatusDef),
    16: f32('flags'),
  },
  { item: true },
);
export const TracesRequestDef = request('Trace', 'ResourceSpans', 'ScopeSpans', msg('spans', SpanDef));

// ---- logs ----
export const LogRecordDef = def(
  'LogRecord',
  {
    1: f64('time_unix_nano'),
    2: vint('severity_number'),
    3: str('severity_text'),
    5: msg('body', AnyValueDef),
    6: kvs('attributes'),
    7: vint('dropped_attributes_count'),
    8: f32('flags'),
    9: bytes('trace_id'),
    10: bytes('span_id'),
    11: f64('observed_time_unix_nano'),
    12: str('event_name'),
  },
  { item: true },
);
export const LogsRequestDef = request('Logs', 'ResourceLogs', 'ScopeLogs', msg('log_records', LogRecordDef));

// ---- metrics ----
export const ExemplarDef = def('Exemplar', {
  2: f64('time_unix_nano'),
  3: f64('as_double'),
  4: bytes('span_id'),
  5: bytes('trace_id'),
  6: f64('as_int'),
  7: kvs('filtered_attributes'),
});
const exemplars = (): FieldDef => msg('exemplars', ExemplarDef);
export const NumberDpDef = def(
  'NumberDataPoint',
  {
    2: f64('start_time_unix_nano'),
    3: f64('time_unix_nano'),
    4: f64('as_double'),
    5: exemplars(),
    6: f64('as_int'),
    7: kvs('attributes'),
    8: vint('flags'),
  },
  { item: true },
);
export const HistDpDef = def(
  'HistogramDataPoint',
  {
    2: f64('start_time_unix_nano'),
    3: f64('time_unix_nano'),
    4: f64('count'),
    5: f64('sum'),
    6: { name: 'bucket_counts', wt: I64, packable: true },
    7: { name: 'explicit_bounds', wt: I64, packable: true },
    8: exemplars(),
    9: kvs('attributes'),
    10: vint('flags'),
    11: f64('min'),
    12: f64('max'),
  },
  { item: true },
);
export const BucketsDef = def('ExponentialHistogramDataPoint.Buckets', { 1: vint('offset'), 2: { name: 'bucket_counts', wt: V, packable: true } });
export const ExpHistDpDef = def(
  'ExponentialHistogramDataPoint',
  {
    1: kvs('attributes'),
    2: f64('start_time_unix_nano'),
    3: f64('time_unix_nano'),
    4: f64('count'),
    5: f64('sum'),
    6: vint('scale'),
    7: f64('zero_count'),
    8: msg('positive', BucketsDef),
    9: msg('negative', BucketsDef),
    10: vint('flags'),
    11: exemplars(),
    12: f64('min'),
    13: f64('max'),
    14: f64('zero_threshold'),
  },
  { item: true },
);
export const QuantileDef = def('SummaryDataPoint.ValueAtQuantile', { 1: f64('quantile'), 2: f64('value') });
export const SummaryDpDef = def(
  'SummaryDataPoint',
  {
    2: f64('start_time_unix_nano'),
    3: f64('time_unix_nano'),
    4: f64('count'),
    5: f64('sum'),
    6: msg('quantile_values', QuantileDef),
    7: kvs('attributes'),
    8: vint('flags'),
  },
  { item: true },
);
const temporality = vint('aggregation_temporality');
export const MetricDef = def('Metric', {
  1: str('name'),
  2: str('description'),
  3: str('unit'),
  5: msg('gauge', def('Gauge', { 1: msg('data_points', NumberDpDef) })),
  7: msg('sum', def('Sum', { 1: msg('data_points', NumberDpDef), 2: temporality, 3: vint('is_monotonic') })),
  9: msg('histogram', def('Histogram', { 1: msg('data_points', HistDpDef), 2: temporality })),
  10: msg('exponential_histogram', def('ExponentialHistogram', { 1: msg('data_points', ExpHistDpDef), 2: temporality })),
  11: msg('summary', def('Summary', { 1: msg('data_points', SummaryDpDef) })),
  12: kvs('metadata'),
});
export const MetricsRequestDef = request('Metrics', 'ResourceMetrics', 'ScopeMetrics', msg('metrics', MetricDef));
