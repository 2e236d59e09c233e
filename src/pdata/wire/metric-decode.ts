// Hand-written decoder for ExportMetricsServiceRequest (metrics/v1).

import type { KeyValue } from '../common.js';
import {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogram,
  ExponentialHistogramDataPoint,
  Gauge,
  Histogram,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  Sum,
  Summary,
  SummaryDataPoint,
  ValueAtQuantile,
} from '../metric-model.js';
import { pushKeyValue, readResource, readScope } from './common-decode.js';
import { Reader } from './reader.js';

const bits = (...fields: number[]): number => fields.reduce((m, f) => m | (1 << f), 0);

export function decodeMetrics(buf: Buffer): ResourceMetrics[] {
  const r = new Reader(buf);
  const end = buf.length;
  const out: ResourceMetrics[] = [];
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) out.push(readResourceMetrics(r, r.lenEnd(end)));
    else r.skip(tag, end, bits(1), 'ExportMetricsServiceRequest');
  }
  r.finish(end, 'ExportMetricsServiceRequest');
  return out;
}

function readResourceMetrics(r: Reader, end: number): ResourceMetrics {
  const rm = new ResourceMetrics();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) rm.resource = readResource(r, r.lenEnd(end));
    else if (tag === 0x12) rm.scopeMetrics.push(readScopeMetrics(r, r.lenEnd(end)));
    else if (tag === 0x1a) rm.schemaUrl = r.string(end);
    else r.skip(tag, end, bits(1, 2, 3), 'ResourceMetrics');
  }
  r.finish(end, 'ResourceMetrics');
  return rm;
}

function readScopeMetrics(r: Reader, end: number): ScopeMetrics {
  const sm = new ScopeMetrics();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) sm.scope = readScope(r, r.lenEnd(end));
    else if (tag === 0x12) sm.metrics.push(readMetric(r, r.lenEnd(end)));
    else if (tag === 0x1a) sm.schemaUrl = r.string(end);
    else r.skip(tag, end, bits(1, 2, 3), 'ScopeMetrics');
  }
  r.finish(end, 'ScopeMetrics');
  return sm;
}

const KNOWN_METRIC = bits(1, 2, 3, 5, 7, 9, 10, 11, 12);

function readMetric(r: Reader, end: number): Metric {
  const m = new Metric();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        m.name = r.string(end);
        break;
      case 0x12:
        m.description = r.string(end);
        break;
      case 0x1a:
        m.unit = r.string(end);
        break;
      case 0x2a:
      case 0x3a:
      case 0x4a:
      case 0x52:
      case 0x5a:
        m.data = readData(r, r.lenEnd(end), tag >>> 3);
        break;
      case 0x62:
        pushKeyValue(r, end, m.metadata);
        break;
      default:
        r.skip(tag, end, KNOWN_METRIC, 'Metric');
    }
  }
  r.finish(end, 'Metric');
  return m;
}

function readData(r: Reader, end: number, field: number): Gauge | Sum | Histogram | ExponentialHistogram | Summary {
  const d =
    field === 5 ? new Gauge() : field === 7 ? new Sum() : field === 9 ? new Histogram() : field === 10 ? new ExponentialHistogram() : new Summary();
  const name = d.type;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const e = r.lenEnd(end);
      if (d instanceof Gauge || d instanceof Sum) d.dataPoints.push(readNumberDp(r, e));
      else if (d instanceof Histogram) d.dataPoints.push(readHistogramDp(r, e));
      else if (d instanceof ExponentialHistogram) d.dataPoints.push(readExpHistogramDp(r, e));
      else d.dataPoints.push(readSummaryDp(r, e));
    } else if (tag === 0x10 && !(d instanceof Gauge) && !(d instanceof Summary)) d.aggregationTemporality = r.varint() | 0;
    else if (tag === 0x18 && d instanceof Sum) d.isMonotonic = r.varint() !== 0;
    else r.skip(tag, end, d instanceof Gauge || d instanceof Summary ? bits(1) : d instanceof Sum ? bits(1, 2, 3) : bits(1, 2), name);
  }
  r.finish(end, name);
  return d;
}

function readNumberDp(r: Reader, end: number): NumberDataPoint {
  const p = new NumberDataPoint();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x11:
        p.startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        p.timeUnixNano = r.fixed64();
        break;
      case 0x21:
        p.value = r.double();
        break;
      case 0x2a:
        p.exemplars.push(readExemplar(r, r.lenEnd(end)));
        break;
      case 0x31:
        p.value = r.sfixed64();
        break;
      case 0x3a:
        pushKeyValue(r, end, p.attributes);
        break;
      case 0x40:
        p.flags = r.varint();
        break;
      default:
        r.skip(tag, end, bits(2, 3, 4, 5, 6, 7, 8), 'NumberDataPoint');
    }
  }
  r.finish(end, 'NumberDataPoint');
  return p;
}

/** A repeated fixed64 or double field, packed (one LEN field) or not (one I64 field each). */
function readRepeated64<T>(r: Reader, end: number, packed: boolean, out: T[], read: () => T): void {
  if (!packed) {
    out.push(read());
    return;
  }
  const e = r.lenEnd(end);
  while (r.pos < e) out.push(read());
  r.finish(e, 'packed field');
}

function readHistogramDp(r: Reader, end: number): HistogramDataPoint {
  const p = new HistogramDataPoint();
  const fixed = (): bigint => r.fixed64();
  const dbl = (): number => r.double();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x11:
        p.startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        p.timeUnixNano = r.fixed64();
        break;
      case 0x21:
        p.count = r.fixed64();
        break;
      case 0x29:
        p.sum = r.double();
        break;
      case 0x31:
      case 0x32:
        readRepeated64(r, end, tag === 0x32, p.bucketCounts, fixed);
        break;
      case 0x39:
      case 0x3a:
        readRepeated64(r, end, tag === 0x3a, p.explicitBounds, dbl);
        break;
      case 0x42:
        p.exemplars.push(readExemplar(r, r.lenEnd(end)));
        break;
      case 0x4a:
        pushKeyValue(r, end, p.attributes);
        break;
      case 0x50:
        p.flags = r.varint();
        break;
      case 0x59:
        p.min = r.double();
        break;
      case 0x61:
        p.max = r.double();
        break;
      default:
        r.skip(tag, end, bits(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 'HistogramDataPoint');
    }
  }
  r.finish(end, 'HistogramDataPoint');
  return p;
}

function readBuckets(r: Reader, end: number): ExponentialBuckets {
  const b = new ExponentialBuckets();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) b.offset = r.sint32();
    else if (tag === 0x10) b.bucketCounts.push(r.uint64());
    else if (tag === 0x12) {
      const e = r.lenEnd(end);
      while (r.pos < e) b.bucketCounts.push(r.uint64());
      r.finish(e, 'ExponentialHistogramDataPoint.Buckets.bucket_counts');
    } else r.skip(tag, end, bits(1, 2), 'ExponentialHistogramDataPoint.Buckets');
  }
  r.finish(end, 'ExponentialHistogramDataPoint.Buckets');
  return b;
}

function readExpHistogramDp(r: Reader, end: number): ExponentialHistogramDataPoint {
  const p = new ExponentialHistogramDataPoint();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
        pushKeyValue(r, end, p.attributes);
        break;
      case 0x11:
        p.startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        p.timeUnixNano = r.fixed64();
        break;
      case 0x21:
        p.count = r.fixed64();
        break;
      case 0x29:
        p.sum = r.double();
        break;
      case 0x30:
        p.scale = r.sint32();
        break;
      case 0x39:
        p.zeroCount = r.fixed64();
        break;
      case 0x42:
        p.positive = readBuckets(r, r.lenEnd(end));
        break;
      case 0x4a:
        p.negative = readBuckets(r, r.lenEnd(end));
        break;
      case 0x50:
        p.flags = r.varint();
        break;
      case 0x5a:
        p.exemplars.push(readExemplar(r, r.lenEnd(end)));
        break;
      case 0x61:
        p.min = r.double();
        break;
      case 0x69:
        p.max = r.double();
        break;
      case 0x71:
        p.zeroThreshold = r.double();
        break;
      default:
        r.skip(tag, end, bits(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), 'ExponentialHistogramDataPoint');
    }
  }
  r.finish(end, 'ExponentialHistogramDataPoint');
  return p;
}

function readSummaryDp(r: Reader, end: number): SummaryDataPoint {
  const p = new SummaryDataPoint();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x11:
        p.startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        p.timeUnixNano = r.fixed64();
        break;
      case 0x21:
        p.count = r.fixed64();
        break;
      case 0x29:
        p.sum = r.double();
        break;
      case 0x32: {
        const e = r.lenEnd(end);
        const q = new ValueAtQuantile();
        while (r.pos < e) {
          const t = r.varint();
          if (t === 0x09) q.quantile = r.double();
          else if (t === 0x11) q.value = r.double();
          else r.skip(t, e, bits(1, 2), 'SummaryDataPoint.ValueAtQuantile');
        }
        r.finish(e, 'SummaryDataPoint.ValueAtQuantile');
        p.quantileValues.push(q);
        break;
      }
      case 0x3a:
        pushKeyValue(r, end, p.attributes);
        break;
      case 0x40:
        p.flags = r.varint();
        break;
      default:
        r.skip(tag, end, bits(2, 3, 4, 5, 6, 7, 8), 'SummaryDataPoint');
    }
  }
  r.finish(end, 'SummaryDataPoint');
  return p;
}

function readExemplar(r: Reader, end: number): Exemplar {
  const x = new Exemplar();
  const attrs: KeyValue[] = x.filteredAttributes;
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x11:
        x.timeUnixNano = r.fixed64();
        break;
      case 0x19:
        x.value = r.double();
        break;
      case 0x22:
        x.spanId = r.byteString(end);
        break;
      case 0x2a:
        x.traceId = r.byteString(end);
        break;
      case 0x31:
        x.value = r.sfixed64();
        break;
      case 0x3a:
        pushKeyValue(r, end, attrs);
        break;
      default:
        r.skip(tag, end, bits(2, 3, 4, 5, 6, 7), 'Exemplar');
    }
  }
  r.finish(end, 'Exemplar');
  return x;
}
