// Compiles parsed OTTL conditions into predicates over one telemetry item, for the contexts the
// filter processor uses (log, span, spanevent, metric, datapoint). Paths, enums and converters
// outside this table are config errors naming them. Comparison follows contrib pkg/ottl/compare.go
// (v0.130.0): nil equals only nil (and satisfies <=, >=), ints and floats compare numerically,
// strings lexically, bools only with ==/!=; a type mismatch is unequal and fails every ordering.

import type { ConfigIssue } from '../../core/schema.js';
import { KeyValueList, type AnyValue, type InstrumentationScope, type KeyValue, type Resource } from '../../pdata/common.js';
import type { LogRecord } from '../../pdata/log-model.js';
import type { Metric } from '../../pdata/metric-model.js';
import type { Span, SpanEvent } from '../../pdata/trace-model.js';
import { anyValueToString } from '../../pdata/value-string.js';
import { formatFloatF } from '../filtermatch/filterset.js';
import { GoRegexp } from '../regex/regex.js';
import { describe, OttlParseError, parseCondition, type BoolExpr, type CompareOp, type Value } from './parse.js';

type ContextName = 'log' | 'span' | 'spanevent' | 'metric' | 'datapoint';

export interface ItemContext {
  resource: Resource;
  scope: InstrumentationScope;
  log?: LogRecord;
  span?: Span;
  event?: SpanEvent;
  metric?: Metric;
  /** A data point of any metric type; `value` is set on number points (int as bigint, double as number). */
  dp?: { attributes: KeyValue[]; value?: number | bigint | null };
}

export type Condition = (c: ItemContext) => boolean;
type Getter = (c: ItemContext) => AnyValue;

const SEVERITIES = [
  'UNSPECIFIED',
  'TRACE',
  'TRACE2',
  'TRACE3',
  'TRACE4',
  'DEBUG',
  'DEBUG2',
  'DEBUG3',
  'DEBUG4',
  'INFO',
  'INFO2',
  'INFO3',
  'INFO4',
  'WARN',
  'WARN2',
  'WARN3',
  'WARN4',
  'ERROR',
  'ERROR2',
  'ERROR3',
  'ERROR4',
  'FATAL',
  'FATAL2',
  'FATAL3',
  'FATAL4',
];
const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES = ['UNSET', 'OK', 'ERROR'];
const METRIC_TYPES = ['NONE', 'GAUGE', 'SUM', 'HISTOGRAM', 'EXPONENTIAL_HISTOGRAM', 'SUMMARY'];
const TEMPORALITIES = ['UNSPECIFIED', 'DELTA', 'CUMULATIVE'];

function enumTable(prefix: string, names: string[]): Map<string, bigint> {
  return new Map(names.map((n, i) => [`${prefix}${n}`, BigInt(i)]));
}

const ENUMS: Record<ContextName, Map<string, bigint>> = {
  log: enumTable('SEVERITY_NUMBER_', SEVERITIES),
  span: new Map([...enumTable('SPAN_KIND_', SPAN_KINDS), ...enumTable('STATUS_CODE_', STATUS_CODES)]),
  spanevent: new Map([...enumTable('SPAN_KIND_', SPAN_KINDS), ...enumTable('STATUS_CODE_', STATUS_CODES)]),
  metric: new Map([...enumTable('METRIC_DATA_TYPE_', METRIC_TYPES), ...enumTable('AGGREGATION_TEMPORALITY_', TEMPORALITIES)]),
  datapoint: new Map([...enumTable('METRIC_DATA_TYPE_', METRIC_TYPES), ...enumTable('AGGREGATION_TEMPORALITY_', TEMPORALITIES)]),
};

const METRIC_TYPE_NUMBER: Record<string, bigint> = { Gauge: 1n, Sum: 2n, Histogram: 3n, ExponentialHistogram: 4n, Summary: 5n };

function attrGetter(of: (c: ItemContext) => readonly KeyValue[], keys: string[]): Getter {
  return (c) => {
    let v: AnyValue | undefined = lookup(of(c), keys[0]!);
    for (let i = 1; i < keys.length && v !== undefined; i++) v = v instanceof KeyValueList ? lookup(v.values, keys[i]!) : undefined;
    return v === undefined ? null : v;
  };
}

function lookup(attrs: readonly KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return attrs[i]!.value;
  return undefined;
}

const num = (n: number): bigint => BigInt(n);

/** Scalar fields per context: path text → getter. `attributes`-like paths are handled apart. */
function fieldGetter(ctx: ContextName, path: string): Getter | undefined {
  switch (path) {
    case 'instrumentation_scope.name':
      return (c) => c.scope.name;
    case 'instrumentation_scope.version':
      return (c) => c.scope.version;
    case 'resource.dropped_attributes_count':
      return (c) => num(c.resource.droppedAttributesCount);
  }
  switch (ctx) {
    case 'log':
      switch (path) {
        case 'body':
          return (c) => c.log!.body;
        case 'severity_number':
          return (c) => num(c.log!.severityNumber);
        case 'severity_text':
          return (c) => c.log!.severityText;
        case 'time_unix_nano':
          return (c) => c.log!.timeUnixNano;
        case 'observed_time_unix_nano':
          return (c) => c.log!.observedTimeUnixNano;
        case 'flags':
          return (c) => num(c.log!.flags);
        case 'dropped_attributes_count':
          return (c) => num(c.log!.droppedAttributesCount);
        case 'event_name':
          return (c) => c.log!.eventName;
      }
      return undefined;
    case 'span':
    case 'spanevent': {
      const span = ctx === 'span' ? '' : 'span.';
      switch (path) {
        case `${span}name`:
          return (c) => c.span!.name;
        case `${span}kind`:
          return (c) => num(c.span!.kind);
        case `${span}status.code`:
          return (c) => num(c.span!.status.code);
        case `${span}status.message`:
          return (c) => c.span!.status.message;
        case `${span}trace_state`:
          return (c) => c.span!.traceState;
        case `${span}start_time_unix_nano`:
          return (c) => c.span!.startTimeUnixNano;
        case `${span}end_time_unix_nano`:
          return (c) => c.span!.endTimeUnixNano;
        case `${span}dropped_attributes_count`:
          return (c) => num(c.span!.droppedAttributesCount);
      }
      if (ctx === 'spanevent') {
        switch (path) {
          case 'name':
            return (c) => c.event!.name;
          case 'time_unix_nano':
            return (c) => c.event!.timeUnixNano;
          case 'dropped_attributes_count':
            return (c) => num(c.event!.droppedAttributesCount);
        }
      }
      return undefined;
    }
    case 'metric':
    case 'datapoint': {
      const m = ctx === 'metric' ? '' : 'metric.';
      switch (path) {
        case `${m}name`:
          return (c) => c.metric!.name;
        case `${m}description`:
          return (c) => c.metric!.description;
        case `${m}unit`:
          return (c) => c.metric!.unit;
        case `${m}type`:
          return (c) => (c.metric!.data ? METRIC_TYPE_NUMBER[c.metric!.data.type]! : 0n);
        case `${m}aggregation_temporality`:
          return (c) => {
            const d = c.metric!.data;
            return d !== null && 'aggregationTemporality' in d ? num(d.aggregationTemporality) : 0n;
          };
        case `${m}is_monotonic`:
          return (c) => (c.metric!.data?.type === 'Sum' ? c.metric!.data.isMonotonic : false);
      }
      if (ctx === 'datapoint') {
        switch (path) {
          case 'value_int':
            return (c) => (typeof c.dp!.value === 'bigint' ? c.dp!.value : 0n);
          case 'value_double':
            return (c) => (typeof c.dp!.value === 'number' ? c.dp!.value : 0);
        }
      }
      return undefined;
    }
  }
}

function attributesOf(ctx: ContextName, path: string): ((c: ItemContext) => readonly KeyValue[]) | undefined {
  switch (path) {
    case 'resource.attributes':
      return (c) => c.resource.attributes;
    case 'instrumentation_scope.attributes':
      return (c) => c.scope.attributes;
    case 'attributes':
      if (ctx === 'log') return (c) => c.log!.attributes;
      if (ctx === 'span') return (c) => c.span!.attributes;
      if (ctx === 'spanevent') return (c) => c.event!.attributes;
      if (ctx === 'datapoint') return (c) => c.dp!.attributes;
      return undefined;
    case 'span.attributes':
      return ctx === 'spanevent' ? (c) => c.span!.attributes : undefined;
    case 'metric.metadata':
    case 'metadata':
      if (ctx === 'metric' && path === 'metadata') return (c) => c.metric!.metadata;
      if (ctx === 'datapoint' && path === 'metric.metadata') return (c) => c.metric!.metadata;
      return undefined;
  }
  return undefined;
}

class Unsupported extends Error {}

function compileValue(v: Value, ctx: ContextName): Getter {
  switch (v.k) {
    case 'lit': {
      const x = v.v;
      return () => x;
    }
    case 'enum': {
      const n = ENUMS[ctx].get(v.name);
      if (n === undefined) throw new Unsupported(`enum symbol, ${v.name}, not found in the ${ctx} context`);
      return () => n;
    }
    case 'path': {
      const attrs = attributesOf(ctx, v.parts.join('.'));
      if (attrs !== undefined) {
        if (v.keys.length === 0) throw new Unsupported(`${v.text}: comparing a whole attribute map is not supported; index it with ["key"]`);
        return attrGetter(attrs, v.keys);
      }
      const f = fieldGetter(ctx, v.parts.join('.'));
      if (f === undefined) throw new Unsupported(`path ${v.text} is not supported in the ${ctx} context`);
      if (v.keys.length === 0) return f;
      if (v.parts.join('.') !== 'body') throw new Unsupported(`${v.text}: ${v.parts.join('.')} cannot be indexed`);
      const keys = v.keys;
      return (c) => {
        let x: AnyValue | undefined = f(c);
        for (const k of keys) x = x instanceof KeyValueList ? lookup(x.values, k) : undefined;
        return x === undefined ? null : x;
      };
    }
    case 'call':
      throw new Unsupported(`converter ${v.name}() as a value is not supported (only IsMatch(target, "pattern") as a condition)`);
  }
}

/** OTTL's StringLikeGetter for IsMatch: nil stays nil (no match). */
function stringLike(v: AnyValue): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatF(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return null;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return anyValueToString(v);
}

function compileCall(call: Extract<Value, { k: 'call' }>, ctx: ContextName): Condition {
  if (call.name !== 'IsMatch') throw new Unsupported(`converter ${call.name}() is not supported (supported: IsMatch)`);
  if (call.args.length !== 2) throw new Unsupported(`IsMatch expects 2 arguments (target, pattern), got ${call.args.length}`);
  const pattern = call.args[1]!;
  if (pattern.k !== 'lit' || typeof pattern.v !== 'string')
    throw new Unsupported(`IsMatch pattern must be a string literal, got ${describe(pattern)}`);
  let re: GoRegexp;
  try {
    re = GoRegexp.compile(pattern.v);
  } catch (err) {
    throw new Unsupported(`IsMatch: the pattern ${JSON.stringify(pattern.v)} is not a valid regex: ${(err as Error).message}`);
  }
  const target = compileValue(call.args[0]!, ctx);
  return (c) => {
    const s = stringLike(target(c));
    return s !== null && re.test(s);
  };
}

function isNumber(v: AnyValue): v is bigint | number {
  return typeof v === 'bigint' || typeof v === 'number';
}

function ordered(cmp: number, op: CompareOp): boolean {
  switch (op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

/** pkg/ottl/compare.go semantics on our value model. */
export function compareValues(a: AnyValue, b: AnyValue, op: CompareOp): boolean {
  if (a === null && b === null) return op === '==' || op === '<=' || op === '>=';
  if (a === null || b === null) return op === '!=';
  if (isNumber(a) && isNumber(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return ordered(a < b ? -1 : a > b ? 1 : 0, op);
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return op === '!=';
    return ordered(x < y ? -1 : x > y ? 1 : 0, op);
  }
  if (typeof a === 'string' && typeof b === 'string') return ordered(a < b ? -1 : a > b ? 1 : 0, op);
  if (typeof a === 'boolean' && typeof b === 'boolean') return op === '==' ? a === b : op === '!=' ? a !== b : false;
  if (typeof a !== typeof b || typeof a !== 'object') return op === '!=';
  // Maps, slices, bytes: equality only.
  if (op !== '==' && op !== '!=') return false;
  const eq =
    anyValueToString(a) === anyValueToString(b) && a instanceof KeyValueList === b instanceof KeyValueList && Array.isArray(a) === Array.isArray(b);
  return op === '==' ? eq : !eq;
}

function compileBool(e: BoolExpr, ctx: ContextName): Condition {
  switch (e.k) {
    case 'const': {
      const v = e.v;
      return () => v;
    }
    case 'not': {
      const x = compileBool(e.x, ctx);
      return (c) => !x(c);
    }
    case 'and': {
      const items = e.items.map((i) => compileBool(i, ctx));
      return (c) => items.every((f) => f(c));
    }
    case 'or': {
      const items = e.items.map((i) => compileBool(i, ctx));
      return (c) => items.some((f) => f(c));
    }
    case 'call':
      return compileCall(e.call, ctx);
    case 'cmp': {
      const l = compileValue(e.l, ctx);
      const r = compileValue(e.r, ctx);
      const op = e.op;
      return (c) => compareValues(l(c), r(c), op);
    }
  }
}

/** Parses and compiles one condition; throws with a message naming what is unsupported. */
export function compileCondition(src: string, ctx: ContextName): Condition {
  try {
    return compileBool(parseCondition(src), ctx);
  } catch (err) {
    if (err instanceof OttlParseError || err instanceof Unsupported) throw new Error(`condition ${JSON.stringify(src)}: ${err.message}`);
    throw err;
  }
}

/** A list of conditions ORed (Go's filterottl.NewBoolExprFor*); each bad one is an issue at its index. */
export function compileConditions(list: readonly string[], ctx: ContextName, path: string[], issues: ConfigIssue[]): Condition | undefined {
  const fns: Condition[] = [];
  list.forEach((src, i) => {
    try {
      fns.push(compileCondition(src, ctx));
    } catch (err) {
      issues.push({ path: [...path, String(i)], message: (err as Error).message });
    }
  });
  if (fns.length !== list.length) return undefined;
  if (fns.length === 1) return fns[0];
  return (c) => {
    for (const f of fns) if (f(c)) return true;
    return false;
  };
}
