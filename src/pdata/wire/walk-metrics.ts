// Hand-written structural walker for ExportMetricsServiceRequest (metrics/v1). See
// walk-common.ts. Items are data points: a Metric's walker returns how many it holds.

import {
  BucketsDef,
  ExemplarDef,
  ExpHistDpDef,
  HistDpDef,
  MetricDef,
  MetricsRequestDef,
  NumberDpDef,
  QuantileDef,
  SummaryDpDef,
  type MsgDef,
} from './schema.js';
import { kvField, walkRequest } from './walk-common.js';
import { fixed64End, lenEnd, lenStart, otherField, packed64End, packedVarintEnd, st, strEnd, tagSlow, varintEnd } from './walk-prims.js';

/** Walks a whole metrics request; returns its data point count. */
export function walkMetrics(buf: Uint8Array): number {
  return walkRequest(buf, MetricsRequestDef, walkMetric);
}

const GAUGE = 5;
const SUM = 7;
const HISTOGRAM = 9;
const EXP_HISTOGRAM = 10;
const SUMMARY = 11;

function walkMetric(buf: Uint8Array, p: number, end: number): number {
  const def = MetricDef;
  let points = 0;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x0a: // name, description, unit
      case 0x12:
      case 0x1a:
        p = strEnd(buf, p, end, def, tag);
        break;
      case 0x2a: // gauge, sum, histogram, exponential_histogram, summary
      case 0x3a:
      case 0x4a:
      case 0x52:
      case 0x5a: {
        const s = lenStart(buf, p, end, def, tag);
        p = st.fend;
        points += walkData(buf, s, p, tag >>> 3);
        break;
      }
      case 0x62: // metadata
        p = kvField(buf, p, end, def, tag, 0);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
  return points;
}

/** Gauge/Sum/Histogram/ExponentialHistogram/Summary: data_points = 1, temporality = 2, is_monotonic = 3. */
function walkData(buf: Uint8Array, p: number, end: number, kind: number): number {
  const def = MetricDef.fields[kind]!.msg!;
  let points = 0;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x0a) {
      const s = lenStart(buf, p, end, def, tag);
      p = st.fend;
      points++;
      if (kind === GAUGE || kind === SUM) walkNumberDp(buf, s, p);
      else if (kind === HISTOGRAM) walkHistogramDp(buf, s, p);
      else if (kind === EXP_HISTOGRAM) walkExpHistogramDp(buf, s, p);
      else walkSummaryDp(buf, s, p);
    } else if ((tag === 0x10 && kind !== GAUGE && kind !== SUMMARY) || (tag === 0x18 && kind === SUM)) {
      p = varintEnd(buf, p, end, def);
    } else p = otherField(buf, p, end, def, tag);
  }
  return points;
}

function walkNumberDp(buf: Uint8Array, p: number, end: number): void {
  const def = NumberDpDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x11: // start_time_unix_nano, time_unix_nano, as_double, as_int
      case 0x19:
      case 0x21:
      case 0x31:
        p = fixed64End(p, end, def, tag);
        break;
      case 0x2a:
        p = exemplarField(buf, p, end, def, tag);
        break;
      case 0x3a:
        p = kvField(buf, p, end, def, tag, 0);
        break;
      case 0x40:
        p = varintEnd(buf, p, end, def);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
}

function walkHistogramDp(buf: Uint8Array, p: number, end: number): void {
  const def = HistDpDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x11: // start/time, count, sum, bucket_counts and explicit_bounds unpacked, min, max
      case 0x19:
      case 0x21:
      case 0x29:
      case 0x31:
      case 0x39:
      case 0x59:
      case 0x61:
        p = fixed64End(p, end, def, tag);
        break;
      case 0x32: // bucket_counts, explicit_bounds packed
      case 0x3a:
        p = packed64End(buf, p, end, def, tag);
        break;
      case 0x42:
        p = exemplarField(buf, p, end, def, tag);
        break;
      case 0x4a:
        p = kvField(buf, p, end, def, tag, 0);
        break;
      case 0x50:
        p = varintEnd(buf, p, end, def);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
}

function walkExpHistogramDp(buf: Uint8Array, p: number, end: number): void {
  const def = ExpHistDpDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x0a:
        p = kvField(buf, p, end, def, tag, 0);
        break;
      case 0x11: // start/time, count, sum, zero_count, min, max, zero_threshold
      case 0x19:
      case 0x21:
      case 0x29:
      case 0x39:
      case 0x61:
      case 0x69:
      case 0x71:
        p = fixed64End(p, end, def, tag);
        break;
      case 0x30: // scale, flags
      case 0x50:
        p = varintEnd(buf, p, end, def);
        break;
      case 0x42: // positive, negative
      case 0x4a: {
        const s = lenStart(buf, p, end, def, tag);
        p = st.fend;
        walkBuckets(buf, s, p);
        break;
      }
      case 0x5a:
        p = exemplarField(buf, p, end, def, tag);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
}

function walkBuckets(buf: Uint8Array, p: number, end: number): void {
  const def = BucketsDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x08 || tag === 0x10) p = varintEnd(buf, p, end, def);
    else if (tag === 0x12) p = packedVarintEnd(buf, p, end, def, tag);
    else p = otherField(buf, p, end, def, tag);
  }
}

function walkSummaryDp(buf: Uint8Array, p: number, end: number): void {
  const def = SummaryDpDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x11: // start/time, count, sum
      case 0x19:
      case 0x21:
      case 0x29:
        p = fixed64End(p, end, def, tag);
        break;
      case 0x32: {
        const s = lenStart(buf, p, end, def, tag);
        p = st.fend;
        walkFixed64Only(buf, s, p, QuantileDef);
        break;
      }
      case 0x3a:
        p = kvField(buf, p, end, def, tag, 0);
        break;
      case 0x40:
        p = varintEnd(buf, p, end, def);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
}

/** ValueAtQuantile: quantile = 1 and value = 2, both double. */
function walkFixed64Only(buf: Uint8Array, p: number, end: number, def: MsgDef): void {
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    if (tag === 0x09 || tag === 0x11) p = fixed64End(p, end, def, tag);
    else p = otherField(buf, p, end, def, tag);
  }
}

function exemplarField(buf: Uint8Array, p: number, end: number, parent: MsgDef, tag: number): number {
  const s = lenStart(buf, p, end, parent, tag);
  const e = st.fend;
  const def = ExemplarDef;
  p = s;
  while (p < e) {
    let t = buf[p++]!;
    if (t >= 0x80) {
      t = tagSlow(buf, p - 1, e, def);
      p = st.pos;
    }
    if (t === 0x11 || t === 0x19 || t === 0x31) p = fixed64End(p, e, def, t);
    else if (t === 0x22 || t === 0x2a) p = lenEnd(buf, p, e, def, t);
    else if (t === 0x3a) p = kvField(buf, p, e, def, t, 0);
    else p = otherField(buf, p, e, def, t);
  }
  return e;
}
