// Encoder for ExportMetricsServiceRequest, fields written last-to-first (see writer.ts).
// Repeated fixed64/double fields are written packed, as proto3 requires of encoders.

import type {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  ScopeMetrics,
  SummaryDataPoint,
} from '../metric-model.js';
import {
  writeAttributes,
  writeDoubleField,
  writeEnumField,
  writeFixed64Field,
  writeResource,
  writeScope,
  writeUint32Field,
} from './common-encode.js';
import { encodeWith, type Writer } from './writer.js';

export function encodeMetrics(list: readonly ResourceMetrics[]): Buffer {
  return encodeWith(list, writeRequest);
}

function writeRequest(w: Writer, list: readonly ResourceMetrics[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const rm = list[i]!;
    const m = w.len();
    w.stringField(0x1a, rm.schemaUrl);
    for (let j = rm.scopeMetrics.length - 1; j >= 0; j--) writeScopeMetrics(w, rm.scopeMetrics[j]!);
    writeResource(w, 0x0a, rm.resource);
    w.lenTag(m, 0x0a);
  }
}

function writeScopeMetrics(w: Writer, sm: ScopeMetrics): void {
  const m = w.len();
  w.stringField(0x1a, sm.schemaUrl);
  for (let i = sm.metrics.length - 1; i >= 0; i--) writeMetric(w, sm.metrics[i]!);
  writeScope(w, 0x0a, sm.scope);
  w.lenTag(m, 0x12);
}

function writeMetric(w: Writer, mt: Metric): void {
  const m = w.len();
  writeAttributes(w, 0x62, mt.metadata);
  const d = mt.data;
  if (d !== null) {
    const dm = w.len();
    switch (d.type) {
      case 'Gauge':
        writeNumberDps(w, d.dataPoints);
        w.lenTag(dm, 0x2a);
        break;
      case 'Sum':
        if (d.isMonotonic) {
          w.byte(1);
          w.byte(0x18);
        }
        writeEnumField(w, 0x10, d.aggregationTemporality);
        writeNumberDps(w, d.dataPoints);
        w.lenTag(dm, 0x3a);
        break;
      case 'Histogram':
        writeEnumField(w, 0x10, d.aggregationTemporality);
        for (let i = d.dataPoints.length - 1; i >= 0; i--) writeHistogramDp(w, d.dataPoints[i]!);
        w.lenTag(dm, 0x4a);
        break;
      case 'ExponentialHistogram':
        writeEnumField(w, 0x10, d.aggregationTemporality);
        for (let i = d.dataPoints.length - 1; i >= 0; i--) writeExpHistogramDp(w, d.dataPoints[i]!);
        w.lenTag(dm, 0x52);
        break;
      case 'Summary':
        for (let i = d.dataPoints.length - 1; i >= 0; i--) writeSummaryDp(w, d.dataPoints[i]!);
        w.lenTag(dm, 0x5a);
        break;
    }
  }
  w.stringField(0x1a, mt.unit);
  w.stringField(0x12, mt.description);
  w.stringField(0x0a, mt.name);
  w.lenTag(m, 0x12);
}

/** An optional (proto3 `optional`) or oneof double: written whenever present, even if 0. */
function writePresentDouble(w: Writer, tag: number, v: number | null): void {
  if (v !== null) {
    w.double(v);
    w.varint(tag);
  }
}

function writeNumberValue(w: Writer, v: number | bigint | null, doubleTag: number, intTag: number): void {
  if (typeof v === 'bigint') {
    w.fixed64(v);
    w.varint(intTag);
  } else writePresentDouble(w, doubleTag, v);
}

function writeNumberDps(w: Writer, dps: readonly NumberDataPoint[]): void {
  for (let i = dps.length - 1; i >= 0; i--) {
    const p = dps[i]!;
    const m = w.len();
    writeUint32Field(w, 0x40, p.flags);
    writeAttributes(w, 0x3a, p.attributes);
    for (let j = p.exemplars.length - 1; j >= 0; j--) writeExemplar(w, p.exemplars[j]!, 0x2a);
    writeNumberValue(w, p.value, 0x21, 0x31);
    writeFixed64Field(w, 0x19, p.timeUnixNano);
    writeFixed64Field(w, 0x11, p.startTimeUnixNano);
    w.lenTag(m, 0x0a);
  }
}

function writePackedFixed64(w: Writer, tag: number, values: readonly bigint[]): void {
  if (values.length === 0) return;
  const m = w.len();
  for (let i = values.length - 1; i >= 0; i--) w.fixed64(values[i]!);
  w.lenTag(m, tag);
}

function writePackedDouble(w: Writer, tag: number, values: readonly number[]): void {
  if (values.length === 0) return;
  const m = w.len();
  for (let i = values.length - 1; i >= 0; i--) w.double(values[i]!);
  w.lenTag(m, tag);
}

function writeHistogramDp(w: Writer, p: HistogramDataPoint): void {
  const m = w.len();
  writePresentDouble(w, 0x61, p.max);
  writePresentDouble(w, 0x59, p.min);
  writeUint32Field(w, 0x50, p.flags);
  writeAttributes(w, 0x4a, p.attributes);
  for (let j = p.exemplars.length - 1; j >= 0; j--) writeExemplar(w, p.exemplars[j]!, 0x42);
  writePackedDouble(w, 0x3a, p.explicitBounds);
  writePackedFixed64(w, 0x32, p.bucketCounts);
  writePresentDouble(w, 0x29, p.sum);
  writeFixed64Field(w, 0x21, p.count);
  writeFixed64Field(w, 0x19, p.timeUnixNano);
  writeFixed64Field(w, 0x11, p.startTimeUnixNano);
  w.lenTag(m, 0x0a);
}

function writeBuckets(w: Writer, tag: number, b: ExponentialBuckets): void {
  if (b.offset === 0 && b.bucketCounts.length === 0) return;
  const m = w.len();
  if (b.bucketCounts.length > 0) {
    const pm = w.len();
    for (let i = b.bucketCounts.length - 1; i >= 0; i--) w.varint64(b.bucketCounts[i]!);
    w.lenTag(pm, 0x12);
  }
  if (b.offset !== 0) {
    w.varint(((b.offset << 1) ^ (b.offset >> 31)) >>> 0);
    w.byte(0x08);
  }
  w.lenTag(m, tag);
}

function writeExpHistogramDp(w: Writer, p: ExponentialHistogramDataPoint): void {
  const m = w.len();
  writeDoubleField(w, 0x71, p.zeroThreshold);
  writePresentDouble(w, 0x69, p.max);
  writePresentDouble(w, 0x61, p.min);
  for (let j = p.exemplars.length - 1; j >= 0; j--) writeExemplar(w, p.exemplars[j]!, 0x5a);
  writeUint32Field(w, 0x50, p.flags);
  writeBuckets(w, 0x4a, p.negative);
  writeBuckets(w, 0x42, p.positive);
  writeFixed64Field(w, 0x39, p.zeroCount);
  if (p.scale !== 0) {
    w.varint(((p.scale << 1) ^ (p.scale >> 31)) >>> 0);
    w.byte(0x30);
  }
  writePresentDouble(w, 0x29, p.sum);
  writeFixed64Field(w, 0x21, p.count);
  writeFixed64Field(w, 0x19, p.timeUnixNano);
  writeFixed64Field(w, 0x11, p.startTimeUnixNano);
  writeAttributes(w, 0x0a, p.attributes);
  w.lenTag(m, 0x0a);
}

function writeSummaryDp(w: Writer, p: SummaryDataPoint): void {
  const m = w.len();
  writeUint32Field(w, 0x40, p.flags);
  writeAttributes(w, 0x3a, p.attributes);
  for (let i = p.quantileValues.length - 1; i >= 0; i--) {
    const q = p.quantileValues[i]!;
    const qm = w.len();
    writeDoubleField(w, 0x11, q.value);
    writeDoubleField(w, 0x09, q.quantile);
    w.lenTag(qm, 0x32);
  }
  writeDoubleField(w, 0x29, p.sum);
  writeFixed64Field(w, 0x21, p.count);
  writeFixed64Field(w, 0x19, p.timeUnixNano);
  writeFixed64Field(w, 0x11, p.startTimeUnixNano);
  w.lenTag(m, 0x0a);
}

function writeExemplar(w: Writer, x: Exemplar, tag: number): void {
  const m = w.len();
  writeAttributes(w, 0x3a, x.filteredAttributes);
  w.byteStringField(0x2a, x.traceId);
  w.byteStringField(0x22, x.spanId);
  writeNumberValue(w, x.value, 0x19, 0x31);
  writeFixed64Field(w, 0x11, x.timeUnixNano);
  w.lenTag(m, tag);
}
