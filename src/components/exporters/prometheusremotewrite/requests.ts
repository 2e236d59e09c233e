// Built series → remote-write request bodies, pure: samples ordered by time within each series,
// series split into requests of at most `max_batch_size_bytes` uncompressed (Go:
// exporter/prometheusremotewriteexporter/helper.go batchTimeSeries and orderBySampleTimestamp),
// each encoded with the shared prompb codec and snappy-compressed.

import { encodeRequestV2, encodeWriteRequestV1, SymbolTable, type MetricMetadataV1, type TimeSeriesV2 } from '../../../shared/codec/prompb/index.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { labelSize, utf8Size, varintSize } from './proto-size.js';
import type { BuiltSeries, FamilyMetadata } from './series.js';

/**
 * The series' protobuf size inside a WriteRequest (tag and length included); exact for labels,
 * samples and exemplars, an upper bound for native histograms. Go splits on the exact size; a
 * few bytes either way do not matter for a limit meant to keep requests under ~3 MB.
 */
export function seriesSize(s: BuiltSeries): number {
  let n = s.labelsSize;
  // A sample: value (9) + timestamp (1 + ≤ 10) + tag and length (2).
  n += s.samples.length * 22;
  for (const e of s.exemplars) {
    let inner = 20;
    for (const l of e.labels) inner += labelSize(l.name, l.value);
    n += 1 + varintSize(inner) + inner;
  }
  for (const h of s.histograms)
    n += 80 + 11 * (h.positiveDeltas.length + h.negativeDeltas.length) + 12 * (h.positiveSpans.length + h.negativeSpans.length);
  return 1 + varintSize(n) + n;
}

function byTimestamp(a: { timestamp: number }, b: { timestamp: number }): number {
  return a.timestamp - b.timestamp;
}

/** Prometheus refuses a sample older than the series' last one: order each series by time (stable). */
export function orderSamples(series: readonly BuiltSeries[]): void {
  for (const s of series) {
    if (s.samples.length > 1) s.samples.sort(byTimestamp);
    if (s.histograms.length > 1) s.histograms.sort(byTimestamp);
  }
}

/**
 * Groups consecutive series into chunks whose summed size stays below `maxBytes` (Go flushes when
 * `current + next >= max`). A single series larger than the limit goes alone (Go then also sends
 * an empty request before it; we do not).
 */
export function splitBySize<T>(items: readonly T[], sizeOf: (t: T) => number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let size = 0;
  for (const it of items) {
    const n = sizeOf(it);
    if (chunk.length > 0 && size + n >= maxBytes) {
      out.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(it);
    size += n;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

function metadataSize(m: MetricMetadataV1): number {
  const inner = 2 + utf8Size(m.metricFamilyName) + utf8Size(m.help) + utf8Size(m.unit) + 12;
  return 1 + varintSize(inner) + inner;
}

/** Remote-Write 1.0 bodies: series requests, then (send_metadata) metadata requests, as Go sends them. */
export function encodeV1Bodies(series: readonly BuiltSeries[], metadata: readonly FamilyMetadata[] | null, maxBytes: number): Buffer[] {
  const bodies: Buffer[] = [];
  for (const chunk of splitBySize(series, seriesSize, maxBytes)) {
    bodies.push(snappyBlockCompress(encodeWriteRequestV1({ timeseries: chunk, metadata: [] })));
  }
  if (metadata !== null && metadata.length > 0) {
    for (const chunk of splitBySize(metadata, metadataSize, maxBytes)) {
      bodies.push(snappyBlockCompress(encodeWriteRequestV1({ timeseries: [], metadata: chunk })));
    }
  }
  return bodies;
}

/** Remote-Write 2.0 bodies: one symbol table per request; every series carries its family's metadata. */
export function encodeV2Bodies(series: readonly BuiltSeries[], maxBytes: number): Buffer[] {
  const bodies: Buffer[] = [];
  for (const chunk of splitBySize(series, seriesSize, maxBytes)) {
    const symbols = new SymbolTable();
    const timeseries: TimeSeriesV2[] = chunk.map((s) => ({
      labelsRefs: symbols.refs(s.labels),
      samples: s.samples,
      histograms: s.histograms,
      exemplars: s.exemplars.map((e) => ({ labelsRefs: symbols.refs(e.labels), value: e.value, timestamp: e.timestamp })),
      metadata: { type: s.meta.type, helpRef: symbols.ref(s.meta.help), unitRef: symbols.ref(s.meta.unit) },
      createdTimestamp: 0,
    }));
    bodies.push(snappyBlockCompress(encodeRequestV2({ symbols: symbols.symbols, timeseries })));
  }
  return bodies;
}
