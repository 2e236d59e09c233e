// Remote-Write 2.0 `io.prometheus.write.v2.Request` ⇄ bytes (uncompressed), hand-written like v1.ts.
// Decoding keeps references as numbers; `labelsFromRefs`/`symbolAt` resolve them and refuse a
// broken reference (odd length, index out of the symbol table) with PrompbDecodeError, which a
// receiver answers with 400 as the 2.0 spec asks for malformed series.
// Both revisions of the created/start timestamp are read and written: rc.3's
// TimeSeries.created_timestamp (6; Prometheus 3.0–3.7) and rc.4's Sample.start_timestamp (3) /
// Histogram.start_timestamp (17; Prometheus 3.8+).

import { PdataDecodeError } from '../../../pdata/errors.js';
import { Reader } from '../../../pdata/wire/reader.js';
import { encodeWith, type Writer } from '../../../pdata/wire/writer.js';
import { PrompbDecodeError, type ExemplarV2, type MetadataV2, type PromLabel, type PromSample, type RequestV2, type TimeSeriesV2 } from './model.js';
import { doubleField, int64, int64Field, packedUint32, readHistogram, readRepeated, readUint32, writeHistogram } from './wire.js';

function readSample(r: Reader, end: number): PromSample {
  const s: PromSample = { value: 0, timestamp: 0 };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x09) s.value = r.double();
    else if (tag === 0x10) s.timestamp = int64(r);
    else if (tag === 0x18) s.startTimestamp = int64(r);
    else r.skip(tag, end, 0b1110, 'Sample');
  }
  r.finish(end, 'Sample');
  return s;
}

function readExemplar(r: Reader, end: number): ExemplarV2 {
  const e: ExemplarV2 = { labelsRefs: [], value: 0, timestamp: 0 };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag >>> 3 === 1) readRepeated(r, tag, end, e.labelsRefs, readUint32, 0);
    else if (tag === 0x11) e.value = r.double();
    else if (tag === 0x18) e.timestamp = int64(r);
    else r.skip(tag, end, 0b1110, 'Exemplar');
  }
  r.finish(end, 'Exemplar');
  return e;
}

function readMetadata(r: Reader, end: number, md: MetadataV2): void {
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) md.type = r.varint();
    else if (tag === 0x18) md.helpRef = r.varint();
    else if (tag === 0x20) md.unitRef = r.varint();
    else r.skip(tag, end, 0b11010, 'Metadata');
  }
  r.finish(end, 'Metadata');
}

function readTimeSeries(r: Reader, end: number): TimeSeriesV2 {
  const ts: TimeSeriesV2 = {
    labelsRefs: [],
    samples: [],
    histograms: [],
    exemplars: [],
    metadata: { type: 0, helpRef: 0, unitRef: 0 },
    createdTimestamp: 0,
  };
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x0a:
      case 0x08:
        readRepeated(r, tag, end, ts.labelsRefs, readUint32, 0);
        continue;
      case 0x12:
        ts.samples.push(readSample(r, r.lenEnd(end)));
        continue;
      case 0x1a:
        ts.histograms.push(readHistogram(r, r.lenEnd(end), true));
        continue;
      case 0x22:
        ts.exemplars.push(readExemplar(r, r.lenEnd(end)));
        continue;
      case 0x2a:
        // A repeated occurrence of a message field merges into the first (protobuf semantics).
        readMetadata(r, r.lenEnd(end), ts.metadata);
        continue;
      case 0x30:
        ts.createdTimestamp = int64(r);
        continue;
      default:
        r.skip(tag, end, 0b1111110, 'TimeSeries');
    }
  }
  r.finish(end, 'TimeSeries');
  return ts;
}

/** Decodes an uncompressed 2.0 Request; references are not resolved here (see labelsFromRefs). */
export function decodeRequestV2(bytes: Uint8Array): RequestV2 {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const end = buf.length;
  const req: RequestV2 = { symbols: [], timeseries: [] };
  try {
    while (r.pos < end) {
      const tag = r.varint();
      if (tag === 0x22) {
        const e = r.lenEnd(end);
        req.symbols.push(r.key(r.pos, e));
        r.pos = e;
      } else if (tag === 0x2a) req.timeseries.push(readTimeSeries(r, r.lenEnd(end)));
      else r.skip(tag, end, 0b110000, 'Request');
    }
    r.finish(end, 'Request');
  } catch (err) {
    if (err instanceof PdataDecodeError)
      throw new PrompbDecodeError(`invalid protobuf io.prometheus.write.v2.Request: ${err.message}`, { cause: err });
    throw err;
  }
  return req;
}

/** symbols[ref], or PrompbDecodeError naming the broken reference. */
export function symbolAt(symbols: readonly string[], ref: number, what: string): string {
  const s = symbols[ref];
  if (s === undefined) throw new PrompbDecodeError(`${what} references symbol ${ref}, but the symbol table has ${symbols.length} entries`);
  return s;
}

/** Resolves a labels_refs list into label pairs; refuses an odd-length list or an out-of-range ref. */
export function labelsFromRefs(symbols: readonly string[], refs: readonly number[], what = 'labels_refs'): PromLabel[] {
  if (refs.length % 2 !== 0) throw new PrompbDecodeError(`${what} has an odd number of references (${refs.length})`);
  const out: PromLabel[] = new Array<PromLabel>(refs.length / 2);
  for (let i = 0; i < refs.length; i += 2) {
    out[i / 2] = { name: symbolAt(symbols, refs[i]!, what), value: symbolAt(symbols, refs[i + 1]!, what) };
  }
  return out;
}

function writeTimeSeries(w: Writer, ts: TimeSeriesV2): void {
  const mark = w.len();
  int64Field(w, 0x30, ts.createdTimestamp);
  const md = ts.metadata;
  // Metadata is non-nullable in gogo: always written, possibly empty.
  const m = w.len();
  if (md.unitRef) {
    w.varint(md.unitRef >>> 0);
    w.varint(0x20);
  }
  if (md.helpRef) {
    w.varint(md.helpRef >>> 0);
    w.varint(0x18);
  }
  if (md.type) {
    w.varint(md.type);
    w.varint(0x08);
  }
  w.lenTag(m, 0x2a);
  for (let i = ts.exemplars.length - 1; i >= 0; i--) {
    const e = ts.exemplars[i]!;
    const em = w.len();
    int64Field(w, 0x18, e.timestamp);
    doubleField(w, 0x11, e.value);
    packedUint32(w, 0x0a, e.labelsRefs);
    w.lenTag(em, 0x22);
  }
  for (let i = ts.histograms.length - 1; i >= 0; i--) {
    const hm = w.len();
    writeHistogram(w, ts.histograms[i]!, true);
    w.lenTag(hm, 0x1a);
  }
  for (let i = ts.samples.length - 1; i >= 0; i--) {
    const s = ts.samples[i]!;
    const sm = w.len();
    int64Field(w, 0x18, s.startTimestamp ?? 0);
    int64Field(w, 0x10, s.timestamp);
    doubleField(w, 0x09, s.value);
    w.lenTag(sm, 0x12);
  }
  packedUint32(w, 0x0a, ts.labelsRefs);
  w.lenTag(mark, 0x2a);
}

/** The uncompressed 2.0 Request body. */
export function encodeRequestV2(req: RequestV2): Buffer {
  return encodeWith(req, (w, q) => {
    for (let i = q.timeseries.length - 1; i >= 0; i--) writeTimeSeries(w, q.timeseries[i]!);
    for (let i = q.symbols.length - 1; i >= 0; i--) w.stringAlways(0x22, q.symbols[i]!);
  });
}

/**
 * Builds a symbol table while a sender assembles a 2.0 Request: `ref(s)` returns the index of `s`,
 * adding it on first use; the table starts with '' as the spec requires.
 */
export class SymbolTable {
  readonly symbols: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.symbols.length;
      this.symbols.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** labels_refs for label pairs. */
  refs(labels: readonly PromLabel[]): number[] {
    const out = new Array<number>(labels.length * 2);
    for (let i = 0; i < labels.length; i++) {
      out[2 * i] = this.ref(labels[i]!.name);
      out[2 * i + 1] = this.ref(labels[i]!.value);
    }
    return out;
  }
}
