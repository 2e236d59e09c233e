// Remote-Write 1.0 `prometheus.WriteRequest` ⇄ bytes (uncompressed; snappy is the caller's, in
// src/shared/compression). Hand-written on the pdata Reader/Writer like the OTLP and Loki codecs:
// one flat loop per message, every length checked against its enclosing message, unknown fields
// skipped, a known field with the wrong wire type refused (as gogo-protobuf does). The encoder
// writes fields in field order and omits proto3 defaults, the layout of Prometheus' gogo
// marshaller, with repeated scalars packed.

import { PdataDecodeError } from '../../../pdata/errors.js';
import { Reader } from '../../../pdata/wire/reader.js';
import { encodeWith, type Writer } from '../../../pdata/wire/writer.js';
import {
  PrompbDecodeError,
  type ExemplarV1,
  type MetricMetadataV1,
  type PromLabel,
  type PromSample,
  type TimeSeriesV1,
  type WriteRequestV1,
} from './model.js';
import { doubleField, int64, int64Field, readHistogram, writeHistogram } from './wire.js';

const LEN = (f: number) => (f << 3) | 2;

function readLabel(r: Reader, end: number): PromLabel {
  let name = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const e = r.lenEnd(end);
      name = r.key(r.pos, e);
      r.pos = e;
    } else if (tag === 0x12) {
      const e = r.lenEnd(end);
      value = r.key(r.pos, e);
      r.pos = e;
    } else r.skip(tag, end, 0b110, 'Label');
  }
  r.finish(end, 'Label');
  return { name, value };
}

function readSample(r: Reader, end: number): PromSample {
  let value = 0;
  let timestamp = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x09) value = r.double();
    else if (tag === 0x10) timestamp = int64(r);
    else r.skip(tag, end, 0b110, 'Sample');
  }
  r.finish(end, 'Sample');
  return { value, timestamp };
}

function readExemplar(r: Reader, end: number): ExemplarV1 {
  const labels: PromLabel[] = [];
  let value = 0;
  let timestamp = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) labels.push(readLabel(r, r.lenEnd(end)));
    else if (tag === 0x11) value = r.double();
    else if (tag === 0x18) timestamp = int64(r);
    else r.skip(tag, end, 0b1110, 'Exemplar');
  }
  r.finish(end, 'Exemplar');
  return { labels, value, timestamp };
}

function readTimeSeries(r: Reader, end: number): TimeSeriesV1 {
  const ts: TimeSeriesV1 = { labels: [], samples: [], exemplars: [], histograms: [] };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) ts.labels.push(readLabel(r, r.lenEnd(end)));
    else if (tag === 0x12) ts.samples.push(readSample(r, r.lenEnd(end)));
    else if (tag === 0x1a) ts.exemplars.push(readExemplar(r, r.lenEnd(end)));
    else if (tag === 0x22) ts.histograms.push(readHistogram(r, r.lenEnd(end), false));
    else r.skip(tag, end, 0b11110, 'TimeSeries');
  }
  r.finish(end, 'TimeSeries');
  return ts;
}

function readMetadata(r: Reader, end: number): MetricMetadataV1 {
  const md: MetricMetadataV1 = { type: 0, metricFamilyName: '', help: '', unit: '' };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) md.type = r.varint();
    else if (tag === 0x12) md.metricFamilyName = r.string(end);
    else if (tag === 0x22) md.help = r.string(end);
    else if (tag === 0x2a) md.unit = r.string(end);
    else r.skip(tag, end, 0b110110, 'MetricMetadata');
  }
  r.finish(end, 'MetricMetadata');
  return md;
}

/** Decodes an uncompressed WriteRequest; throws PrompbDecodeError naming the problem and its byte offset. */
export function decodeWriteRequestV1(bytes: Uint8Array): WriteRequestV1 {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const end = buf.length;
  const req: WriteRequestV1 = { timeseries: [], metadata: [] };
  try {
    while (r.pos < end) {
      const tag = r.varint();
      if (tag === 0x0a) req.timeseries.push(readTimeSeries(r, r.lenEnd(end)));
      else if (tag === 0x1a) req.metadata.push(readMetadata(r, r.lenEnd(end)));
      else r.skip(tag, end, 0b1010, 'WriteRequest');
    }
    r.finish(end, 'WriteRequest');
  } catch (err) {
    if (err instanceof PdataDecodeError) throw new PrompbDecodeError(`invalid protobuf prometheus.WriteRequest: ${err.message}`, { cause: err });
    throw err;
  }
  return req;
}

function writeLabel(w: Writer, tag: number, l: PromLabel): void {
  const mark = w.len();
  w.stringField(0x12, l.value);
  w.stringField(0x0a, l.name);
  w.lenTag(mark, tag);
}

function writeSample(w: Writer, s: PromSample): void {
  const mark = w.len();
  int64Field(w, 0x10, s.timestamp);
  doubleField(w, 0x09, s.value);
  w.lenTag(mark, 0x12);
}

function writeTimeSeries(w: Writer, ts: TimeSeriesV1): void {
  const mark = w.len();
  for (let i = ts.histograms.length - 1; i >= 0; i--) {
    const m = w.len();
    writeHistogram(w, ts.histograms[i]!, false);
    w.lenTag(m, 0x22);
  }
  for (let i = ts.exemplars.length - 1; i >= 0; i--) {
    const e = ts.exemplars[i]!;
    const m = w.len();
    int64Field(w, 0x18, e.timestamp);
    doubleField(w, 0x11, e.value);
    for (let j = e.labels.length - 1; j >= 0; j--) writeLabel(w, 0x0a, e.labels[j]!);
    w.lenTag(m, 0x1a);
  }
  for (let i = ts.samples.length - 1; i >= 0; i--) writeSample(w, ts.samples[i]!);
  for (let i = ts.labels.length - 1; i >= 0; i--) writeLabel(w, 0x0a, ts.labels[i]!);
  w.lenTag(mark, 0x0a);
}

function writeMetadata(w: Writer, md: MetricMetadataV1): void {
  const mark = w.len();
  w.stringField(LEN(5), md.unit);
  w.stringField(LEN(4), md.help);
  w.stringField(LEN(2), md.metricFamilyName);
  if (md.type !== 0) {
    w.varint(md.type);
    w.varint(0x08);
  }
  w.lenTag(mark, LEN(3));
}

/** The uncompressed WriteRequest body. */
export function encodeWriteRequestV1(req: WriteRequestV1): Buffer {
  return encodeWith(req, (w, q) => {
    const md = q.metadata ?? [];
    for (let i = md.length - 1; i >= 0; i--) writeMetadata(w, md[i]!);
    for (let i = q.timeseries.length - 1; i >= 0; i--) writeTimeSeries(w, q.timeseries[i]!);
  });
}
