// Jaeger Thrift (TBinaryProtocol) Batch → OTLP ExportTraceServiceRequest bytes, in one pass and
// without a JS object per span or tag: the thrift_http hot path (Traefik). The rules are Go's
// ThriftToTraces (contrib pkg/translator/jaeger/jaegerthrift_to_traces.go, v0.130.0), the same as
// translate-thrift.ts applies to decoded objects; translate.test.ts checks both against the Go
// golden fixtures and checks that the two give the same bytes on generated batches.
//
// Why: with the object path (decode → JaegerSpan → pdata Span → encode at the exporter) a
// 100-span Traefik batch cost ~45 µs/span on the bench, a third of it GC and a fifth the OTLP
// encode. Here tags become slots in typed arrays (positions into the body), ids and strings are
// copied as bytes, and the Traces payload is the bytes, which batch and the OTLP exporter pass on
// without decoding (processors that change spans decode them lazily, as for the OTLP receiver).
//
// Decoding follows the object reader (shared/codec/jaeger/thrift.ts) exactly, with its error
// texts: a known field with another type is skipped, a missing required field fails the struct,
// every length is bounded by the bytes left, nesting is capped by the BinaryReader.

import { BinaryReader, TType } from '../../../shared/codec/thrift/index.js';
import { SPAN_REQUIRED, readEmitBatchHeader, readProcess } from '../../../shared/codec/jaeger/thrift.js';
import { Traces, type KeyValue } from '../../../pdata/index.js';
import { ProtoOut, varintSize } from './proto-out.js';
import { processToAttributes } from './translate-thrift.js';

import {
  STRING,
  DOUBLE,
  BOOL,
  LONG,
  BINARY,
  UNKNOWN,
  K_SPAN_KIND,
  K_ERROR,
  K_OTEL_STATUS_CODE,
  K_OTEL_STATUS_DESCRIPTION,
  K_HTTP_STATUS_CODE,
  K_HTTP_STATUS_MESSAGE,
  K_EVENT,
  UNKNOWN_TAG_TEXT,
  REF_CHILD_OF,
  REF_FOLLOWS_FROM,
  STATUS_ERROR,
  STATUS_OK,
  STATUS_UNSET,
  missing,
  listOf,
  Slots,
  bytesEqual,
  specialOf,
  isZero8,
  u32,
  SpanState,
} from './thrift-bytes-tags.js';
import {
  writeTraceId,
  writeTime,
  putVarint,
  putVarint64,
  putBytes,
  viewSource,
  viewOutput,
  varint64Size,
  spanKindOf,
  statusFromHttpCode,
  encodeResource,
} from './thrift-bytes-write.js';

const EMPTY = new Uint8Array(0);
const EMPTY_READER = new BinaryReader(EMPTY);

export class ThriftBatchTranslator {
  private buf: Uint8Array = EMPTY;
  private r: BinaryReader = EMPTY_READER;
  private readonly slots = new Slots();
  private top = 0;
  private readonly span = new SpanState();
  // References: type, and the offsets of traceIdLow, traceIdHigh, spanId.
  private refType: Int32Array = new Int32Array(64);
  private refLow: Int32Array = new Int32Array(64);
  private refHigh: Int32Array = new Int32Array(64);
  private refSpan: Int32Array = new Int32Array(64);
  private refTop = 0;
  // Logs: timestamp offset and the slot range of their fields.
  private logTs: Int32Array = new Int32Array(64);
  private logFrom: Int32Array = new Int32Array(64);
  private logTo: Int32Array = new Int32Array(64);
  private logTop = 0;
  private readonly out = new ProtoOut();
  private spans = 0;

  /** Spans written by the last translate(). */
  get spanCount(): number {
    return this.spans;
  }

  /** A thrift_http body (a TBinaryProtocol `jaeger.Batch`) → the OTLP request bytes. */
  translateBatch(body: Uint8Array): Buffer {
    this.buf = body;
    viewSource(body);
    this.r = new BinaryReader(body);
    try {
      return this.readBatch();
    } finally {
      // Do not keep the request body alive until the next one.
      this.buf = EMPTY;
      this.r = EMPTY_READER;
      viewSource(EMPTY);
    }
  }

  /**
   * A TBinaryProtocol `Agent.emitBatch` datagram (thrift_binary, 6832/udp) → the OTLP request
   * bytes, or undefined when the call carries no batch (as readEmitBatch).
   */
  translateEmitBatch(datagram: Uint8Array): Buffer | undefined {
    this.buf = datagram;
    viewSource(datagram);
    const r = (this.r = new BinaryReader(datagram));
    try {
      readEmitBatchHeader(r);
      let out: Buffer | undefined;
      r.structBegin();
      for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
        if (r.fieldId === 1 && t === TType.STRUCT) out = this.readBatch();
        else r.skip(t);
      }
      r.structEnd();
      return out;
    } finally {
      this.buf = EMPTY;
      this.r = EMPTY_READER;
      viewSource(EMPTY);
    }
  }

  /** The body as a Traces payload that carries the bytes (no pdata tree until someone reads it). */
  toTraces(body: Uint8Array): Traces {
    return Traces.fromProto(this.translateBatch(body));
  }

  private readBatch(): Buffer {
    const r = this.r;
    const out = this.out;
    out.reset();
    this.spans = 0;
    let resource: KeyValue[] | undefined;
    let hasSpans = false;
    let listed = 0;
    r.structBegin();
    for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
      if (r.fieldId === 1 && t === TType.STRUCT) resource = processToAttributes(readProcess(r));
      else if (r.fieldId === 2 && t === TType.LIST) {
        // A repeated spans field replaces the earlier list, as the generated reader does.
        out.reset();
        this.spans = 0;
        hasSpans = true;
        listed = listOf(r, 'Batch.spans');
        for (let i = 0; i < listed; i++) this.readSpan();
      } else r.skip(t);
    }
    r.structEnd();
    if (!resource) throw missing('Batch', 'process');
    if (!hasSpans) throw missing('Batch', 'spans');
    return this.assemble(resource, listed > 0);
  }

  /** ExportTraceServiceRequest { ResourceSpans { resource, ScopeSpans { spans } } } around the spans written. */
  private assemble(attrs: KeyValue[], withScope: boolean): Buffer {
    const spans = this.out;
    const res = attrs.length > 0 ? encodeResource(attrs) : undefined;
    const spansLen = spans.pos;
    const scopeLen = withScope ? 1 + varintSize(spansLen) + spansLen : 0;
    const resLen = res ? 1 + varintSize(res.length) + res.length : 0;
    const rsLen = resLen + scopeLen;
    const total = 1 + varintSize(rsLen) + rsLen;
    const o = Buffer.allocUnsafe(total);
    let p = 0;
    const varint = (v: number): void => {
      while (v >= 0x80) {
        o[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      o[p++] = v;
    };
    o[p++] = 0x0a;
    varint(rsLen);
    if (res) {
      o[p++] = 0x0a;
      varint(res.length);
      res.copy(o, p);
      p += res.length;
    }
    if (withScope) {
      o[p++] = 0x12;
      varint(spansLen);
      spans.buf.copy(o, p, 0, spansLen);
    }
    return o;
  }

  // ---- first pass: one span's fields into SpanState and slots ----

  private readSpan(): void {
    const r = this.r;
    const s = this.span;
    s.traceLow = s.traceHigh = s.spanId = s.parent = s.start = s.duration = -1;
    s.namePos = s.nameLen = s.flags = s.seen = 0;
    s.hasRefs = s.hasTags = s.hasLogs = false;
    this.top = 0;
    this.refTop = 0;
    this.logTop = 0;
    s.refStart = s.refEnd = s.tagStart = s.tagEnd = s.logStart = s.logEnd = 0;
    r.structBegin();
    for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
      switch (r.fieldId) {
        case 1:
          if (t === TType.I64) {
            s.traceLow = r.readFixed8('i64');
            s.seen |= 1;
          } else r.skip(t);
          break;
        case 2:
          if (t === TType.I64) {
            s.traceHigh = r.readFixed8('i64');
            s.seen |= 2;
          } else r.skip(t);
          break;
        case 3:
          if (t === TType.I64) {
            s.spanId = r.readFixed8('i64');
            s.seen |= 4;
          } else r.skip(t);
          break;
        case 4:
          if (t === TType.I64) {
            s.parent = r.readFixed8('i64');
            s.seen |= 8;
          } else r.skip(t);
          break;
        case 5:
          if (t === TType.STRING) {
            s.namePos = r.readStringRange();
            s.nameLen = r.rangeLength;
            s.seen |= 16;
          } else r.skip(t);
          break;
        case 6:
          if (t === TType.LIST) this.readRefs();
          else r.skip(t);
          break;
        case 7:
          if (t === TType.I32) {
            s.flags = r.readI32();
            s.seen |= 32;
          } else r.skip(t);
          break;
        case 8:
          if (t === TType.I64) {
            s.start = r.readFixed8('i64');
            s.seen |= 64;
          } else r.skip(t);
          break;
        case 9:
          if (t === TType.I64) {
            s.duration = r.readFixed8('i64');
            s.seen |= 128;
          } else r.skip(t);
          break;
        case 10:
          if (t === TType.LIST) {
            s.hasTags = true;
            s.tagStart = this.top;
            s.tagEnd = this.readTags('Span.tags');
          } else r.skip(t);
          break;
        case 11:
          if (t === TType.LIST) this.readLogs();
          else r.skip(t);
          break;
        default:
          r.skip(t);
      }
    }
    r.structEnd();
    if (s.seen !== 255) {
      for (const [bit, name] of SPAN_REQUIRED) if ((s.seen & bit) === 0) throw missing('Span', name);
    }
    if (this.isBlank()) return;
    this.writeSpan();
    this.spans++;
  }

  /** Go drops a span equal to a zero-valued struct (reflect.DeepEqual with new(jaeger.Span)). */
  private isBlank(): boolean {
    const s = this.span;
    const b = this.buf;
    return (
      isZero8(b, s.traceLow) &&
      isZero8(b, s.traceHigh) &&
      isZero8(b, s.spanId) &&
      isZero8(b, s.parent) &&
      s.nameLen === 0 &&
      !s.hasRefs &&
      s.flags === 0 &&
      isZero8(b, s.start) &&
      isZero8(b, s.duration) &&
      !s.hasTags &&
      !s.hasLogs
    );
  }

  /** A tag list into slots from `this.top`, with Map.Put semantics; returns the end slot. */
  private readTags(what: string): number {
    const n = listOf(this.r, what);
    const start = this.top;
    let end = start;
    // Grown per element, not by the list's count: a lying count must not allocate.
    for (let i = 0; i < n; i++) {
      this.slots.ensure(end + 1);
      end = this.readTag(start, end);
    }
    this.top = end;
    return end;
  }

  // The tag being read: offsets into the body (-1: field absent).
  private tKeyPos = -1;
  private tKeyLen = 0;
  private tType = 0;
  private tHasType = false;
  private tStrPos = -1;
  private tStrLen = 0;
  private tDblPos = -1;
  private tBool = -1;
  private tLongPos = -1;
  private tBinPos = -1;
  private tBinLen = 0;

  /** One Tag into slot `end`, then put: an existing key takes the value and keeps its place. */
  private readTag(start: number, end: number): number {
    this.tKeyPos = this.tStrPos = this.tDblPos = this.tBool = this.tLongPos = this.tBinPos = -1;
    this.tKeyLen = this.tType = this.tStrLen = this.tBinLen = 0;
    this.tHasType = false;
    if (!this.fastTag()) this.genericTag();
    if (this.tKeyPos < 0) throw missing('Tag', 'key');
    if (!this.tHasType) throw missing('Tag', 'vType');
    return this.putTag(start, end);
  }

  /**
   * A tag laid out as clients write it (fields 1–7 with their own types, small ids, lengths
   * inside the body), read straight from the bytes; false, with nothing consumed, for anything
   * else, which genericTag() then reads or rejects with the reader's error.
   */
  private fastTag(): boolean {
    const b = this.buf;
    let p = this.r.offset();
    const end = p + this.r.remaining();
    for (;;) {
      if (p >= end) return false;
      const t = b[p]!;
      if (t === TType.STOP) break;
      if (p + 3 > end || b[p + 1] !== 0) return false;
      const id = b[p + 2]!;
      p += 3;
      if (t === TType.STRING) {
        if (p + 4 > end) return false;
        const n = u32(b, p) | 0;
        p += 4;
        if (n < 0 || n > end - p) return false;
        if (id === 1) {
          this.tKeyPos = p;
          this.tKeyLen = n;
        } else if (id === 3) {
          this.tStrPos = p;
          this.tStrLen = n;
        } else if (id === 7) {
          this.tBinPos = p;
          this.tBinLen = n;
        } else return false;
        p += n;
      } else if (t === TType.I32 && id === 2) {
        if (p + 4 > end) return false;
        this.tType = u32(b, p) | 0;
        this.tHasType = true;
        p += 4;
      } else if ((t === TType.I64 && id === 6) || (t === TType.DOUBLE && id === 4)) {
        if (p + 8 > end) return false;
        if (id === 6) this.tLongPos = p;
        else this.tDblPos = p;
        p += 8;
      } else if (t === TType.BOOL && id === 5) {
        if (p + 1 > end) return false;
        this.tBool = b[p] !== 0 ? 1 : 0;
        p += 1;
      } else return false;
    }
    this.r.seek(p + 1);
    return true;
  }

  private genericTag(): void {
    const r = this.r;
    this.tKeyPos = this.tStrPos = this.tDblPos = this.tBool = this.tLongPos = this.tBinPos = -1;
    this.tKeyLen = this.tType = this.tStrLen = this.tBinLen = 0;
    this.tHasType = false;
    r.structBegin();
    for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
      switch (r.fieldId) {
        case 1:
          if (t === TType.STRING) {
            this.tKeyPos = r.readStringRange();
            this.tKeyLen = r.rangeLength;
          } else r.skip(t);
          break;
        case 2:
          if (t === TType.I32) {
            this.tType = r.readI32();
            this.tHasType = true;
          } else r.skip(t);
          break;
        case 3:
          if (t === TType.STRING) {
            this.tStrPos = r.readStringRange();
            this.tStrLen = r.rangeLength;
          } else r.skip(t);
          break;
        case 4:
          if (t === TType.DOUBLE) this.tDblPos = r.readFixed8('double');
          else r.skip(t);
          break;
        case 5:
          if (t === TType.BOOL) this.tBool = r.readBool() ? 1 : 0;
          else r.skip(t);
          break;
        case 6:
          if (t === TType.I64) this.tLongPos = r.readFixed8('i64');
          else r.skip(t);
          break;
        case 7:
          if (t === TType.STRING) {
            this.tBinPos = r.readStringRange('binary');
            this.tBinLen = r.rangeLength;
          } else r.skip(t);
          break;
        default:
          r.skip(t);
      }
    }
    r.structEnd();
  }

  private putTag(start: number, end: number): number {
    const sl = this.slots;
    const buf = this.buf;
    const keyPos = this.tKeyPos;
    const keyLen = this.tKeyLen;
    let slot = end;
    for (let i = start; i < end; i++) {
      if (sl.keyLen[i] === keyLen && bytesEqual(buf, sl.keyPos[i]!, keyPos, keyLen)) {
        slot = i;
        break;
      }
    }
    switch (this.tType) {
      case STRING:
        sl.kind[slot] = STRING;
        sl.vPos[slot] = this.tStrPos;
        sl.vLen[slot] = this.tStrLen;
        break;
      case DOUBLE:
        sl.kind[slot] = DOUBLE;
        sl.vPos[slot] = this.tDblPos;
        break;
      case BOOL:
        sl.kind[slot] = BOOL;
        sl.vPos[slot] = this.tBool === 1 ? 1 : 0;
        break;
      case LONG:
        sl.kind[slot] = LONG;
        sl.vPos[slot] = this.tLongPos;
        break;
      case BINARY:
        sl.kind[slot] = BINARY;
        sl.vPos[slot] = this.tBinPos;
        sl.vLen[slot] = this.tBinLen;
        break;
      default:
        sl.kind[slot] = UNKNOWN;
        sl.vPos[slot] = this.tType;
    }
    if (slot !== end) return end;
    sl.keyPos[slot] = keyPos;
    sl.keyLen[slot] = keyLen;
    sl.special[slot] = specialOf(buf, keyPos, keyLen);
    return end + 1;
  }

  private readRefs(): void {
    const r = this.r;
    const s = this.span;
    const n = listOf(r, 'Span.references');
    s.hasRefs = true;
    s.refStart = this.refTop;
    for (let i = 0; i < n; i++) {
      if (this.refTop === this.refType.length) this.growRefs();
      const k = this.refTop++;
      let seen = 0;
      r.structBegin();
      for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
        const id = r.fieldId;
        if (id === 1 && t === TType.I32) {
          this.refType[k] = r.readI32();
          seen |= 1;
        } else if (id === 2 && t === TType.I64) {
          this.refLow[k] = r.readFixed8('i64');
          seen |= 2;
        } else if (id === 3 && t === TType.I64) {
          this.refHigh[k] = r.readFixed8('i64');
          seen |= 4;
        } else if (id === 4 && t === TType.I64) {
          this.refSpan[k] = r.readFixed8('i64');
          seen |= 8;
        } else r.skip(t);
      }
      r.structEnd();
      if (seen !== 15) {
        const names = ['refType', 'traceIdLow', 'traceIdHigh', 'spanId'];
        for (let b = 0; b < 4; b++) if ((seen & (1 << b)) === 0) throw missing('SpanRef', names[b]!);
      }
    }
    s.refEnd = this.refTop;
  }

  private growRefs(): void {
    const cap = this.refType.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.refType = grow(this.refType);
    this.refLow = grow(this.refLow);
    this.refHigh = grow(this.refHigh);
    this.refSpan = grow(this.refSpan);
  }

  private readLogs(): void {
    const r = this.r;
    const s = this.span;
    const n = listOf(r, 'Span.logs');
    s.hasLogs = true;
    s.logStart = this.logTop;
    for (let i = 0; i < n; i++) {
      if (this.logTop === this.logTs.length) {
        const cap = this.logTs.length * 2;
        const grow = (a: Int32Array): Int32Array => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        };
        this.logTs = grow(this.logTs);
        this.logFrom = grow(this.logFrom);
        this.logTo = grow(this.logTo);
      }
      const k = this.logTop++;
      let ts = -1;
      let hasFields = false;
      r.structBegin();
      for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
        if (r.fieldId === 1 && t === TType.I64) ts = r.readFixed8('i64');
        else if (r.fieldId === 2 && t === TType.LIST) {
          hasFields = true;
          this.logFrom[k] = this.top;
          this.logTo[k] = this.readTags('Log.fields');
        } else r.skip(t);
      }
      r.structEnd();
      if (ts < 0) throw missing('Log', 'timestamp');
      if (!hasFields) throw missing('Log', 'fields');
      this.logTs[k] = ts;
    }
    s.logEnd = this.logTop;
  }

  // ---- second step: the OTLP Span ----

  /** Offset of the parent id (-1: zero): parentSpanId, else a same-trace CHILD_OF, else FOLLOWS_FROM reference. */
  private parentOf(): number {
    const s = this.span;
    const b = this.buf;
    if (!isZero8(b, s.parent)) return s.parent;
    let followsFrom = -1;
    for (let k = s.refStart; k < s.refEnd; k++) {
      if (!bytesEqual(b, this.refHigh[k]!, s.traceHigh, 8) || !bytesEqual(b, this.refLow[k]!, s.traceLow, 8)) continue;
      if (this.refType[k] === 0) return this.refSpan[k]!;
      if (followsFrom < 0 && this.refType[k] === 1) followsFrom = this.refSpan[k]!;
    }
    return followsFrom;
  }

  private writeSpan(): void {
    const s = this.span;
    const b = this.buf;
    const out = this.out;
    const sl = this.slots;
    const mark = out.open(0x12);
    out.ensure(64 + s.nameLen);
    writeTraceId(out, b, s.traceHigh, s.traceLow, 0x0a);
    if (!isZero8(b, s.spanId)) {
      out.byte(0x12);
      out.byte(8);
      out.copy(b, s.spanId, 8);
    }
    const parent = this.parentOf();
    if (parent >= 0 && !isZero8(b, parent)) {
      out.byte(0x22);
      out.byte(8);
      out.copy(b, parent, 8);
    }
    if (s.nameLen > 0) {
      out.ensure(5);
      out.byte(0x2a);
      out.varint(s.nameLen);
      out.copy(b, s.namePos, s.nameLen);
    }

    // span.kind leaves the attributes and becomes the kind.
    let end = s.tagEnd;
    const start = s.tagStart;
    let kind = 0;
    const k = sl.find(start, end, K_SPAN_KIND);
    if (k >= 0) {
      kind = sl.kind[k] === STRING ? spanKindOf(b, sl.vPos[k]!, sl.vLen[k]!) : 0;
      end = sl.remove(k, end);
    }
    // Status (setInternalSpanStatus); its message is a slot's value, copied into `msg`.
    const status = this.status(start, end, kind);
    end = this.statusEnd;

    out.ensure(32);
    if (kind !== 0) {
      out.byte(0x30);
      out.byte(kind);
    }
    writeTime(out, b, s.start, -1, 0x39);
    writeTime(out, b, s.start, s.duration, 0x41);
    for (let i = start; i < end; i++) this.writeAttr(0x4a, i);
    for (let l = s.logStart; l < s.logEnd; l++) this.writeEvent(l);
    this.writeLinks(parent);
    if (status >= 0) {
      const msgLen = this.msgLength();
      if (status !== 0 || msgLen > 0) {
        out.ensure(16 + msgLen);
        const m = out.open(0x7a);
        if (msgLen > 0) {
          out.byte(0x12);
          out.varint(msgLen);
          this.writeMsg();
        }
        if (status !== 0) {
          out.byte(0x18);
          out.byte(status);
        }
        out.close(m);
      }
    }
    out.close(mark);
  }

  // The status message: a slot copied here (kind, offset, length), or none.
  private msgKind = -1;
  private msgPos = 0;
  private msgLen = 0;
  private statusEnd = 0;

  private setMsg(slot: number): void {
    const sl = this.slots;
    this.msgKind = sl.kind[slot]!;
    this.msgPos = sl.vPos[slot]!;
    this.msgLen = sl.vLen[slot]!;
  }

  /** Str() of the message slot: its bytes for a STRING, the text for an unknown type, else empty. */
  private msgLength(): number {
    if (this.msgKind === STRING) return this.msgPos < 0 ? 0 : this.msgLen;
    if (this.msgKind === UNKNOWN) return UNKNOWN_TAG_TEXT.length;
    return 0;
  }

  private writeMsg(): void {
    if (this.msgKind === STRING) this.out.copy(this.buf, this.msgPos, this.msgLen);
    else this.out.copy(UNKNOWN_TAG_TEXT, 0, UNKNOWN_TAG_TEXT.length);
  }

  /**
   * setInternalSpanStatus over slots [start, end): `error` = true wins, then otel.status_code, then
   * http.status_code. Returns the code (-1: no status set) and leaves the new end in statusEnd.
   */
  private status(start: number, end: number, kind: number): number {
    const sl = this.slots;
    const b = this.buf;
    this.msgKind = -1;
    let code = STATUS_UNSET;
    let exists = false;
    let i = sl.find(start, end, K_ERROR);
    if (i >= 0 && sl.kind[i] === BOOL && sl.vPos[i] === 1) {
      code = STATUS_ERROR;
      end = sl.remove(i, end);
      exists = true;
      const d = sl.find(start, end, K_OTEL_STATUS_DESCRIPTION);
      if (d >= 0) {
        this.setMsg(d);
        end = sl.remove(d, end);
      } else {
        const m = sl.find(start, end, K_HTTP_STATUS_MESSAGE);
        if (m >= 0) this.setMsg(m);
      }
    }
    i = sl.find(start, end, K_OTEL_STATUS_CODE);
    if (i >= 0) {
      if (!exists) {
        exists = true;
        const upper = this.slotText(i).toUpperCase();
        if (upper === 'OK') code = STATUS_OK;
        else if (upper === 'ERROR') code = STATUS_ERROR;
        const d = sl.find(start, end, K_OTEL_STATUS_DESCRIPTION);
        if (d >= 0) {
          this.setMsg(d);
          end = sl.remove(d, end);
          i = sl.find(start, end, K_OTEL_STATUS_CODE);
        }
      }
      end = sl.remove(i, end);
    } else if (!exists) {
      const h = sl.find(start, end, K_HTTP_STATUS_CODE);
      const httpCode = h < 0 ? NaN : this.httpCode(h, b);
      if (!Number.isNaN(httpCode)) {
        const c = statusFromHttpCode(httpCode, kind);
        if (c !== STATUS_UNSET) {
          exists = true;
          code = c;
        }
        const m = sl.find(start, end, K_HTTP_STATUS_MESSAGE);
        if (m >= 0) this.setMsg(m);
      }
    }
    this.statusEnd = end;
    return exists ? code : -1;
  }

  /** Str() of a slot's value as a JS string (rare path: otel.status_code, string http.status_code). */
  private slotText(i: number): string {
    const sl = this.slots;
    if (sl.kind[i] === UNKNOWN) return UNKNOWN_TAG_TEXT.toString();
    if (sl.kind[i] !== STRING || sl.vPos[i]! < 0) return '';
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + sl.vPos[i]!, sl.vLen[i]!).toString('utf8');
  }

  /**
   * codeFromAttr: an int, or a string strconv.ParseInt accepts; NaN otherwise. Values outside
   * 0..2^32 only need to land on the right side of the 100/399/400/500 bounds.
   */
  private httpCode(i: number, b: Uint8Array): number {
    const sl = this.slots;
    if (sl.kind[i] === LONG) {
      const p = sl.vPos[i]!;
      if (p < 0) return 0;
      const hi = u32(b, p) | 0;
      return hi === 0 ? u32(b, p + 4) : hi < 0 ? -1 : 2 ** 40;
    }
    if (sl.kind[i] !== STRING && sl.kind[i] !== UNKNOWN) return NaN;
    const text = this.slotText(i);
    if (!/^[+-]?[0-9]+$/.test(text)) return NaN;
    const n = BigInt(text);
    if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) return NaN;
    return n < 0n ? -1 : n > 2n ** 40n ? 2 ** 40 : Number(n);
  }

  /** One attribute slot as a KeyValue field `tag`. */
  private writeAttr(tag: number, i: number): void {
    const sl = this.slots;
    const out = this.out;
    const b = this.buf;
    const keyLen = sl.keyLen[i]!;
    const kind = sl.kind[i]!;
    const vPos = sl.vPos[i]!;
    let bodyLen: number;
    let vLen = 0;
    let lo = 0;
    let hi = 0;
    switch (kind) {
      case STRING:
      case BINARY:
        vLen = vPos < 0 ? 0 : sl.vLen[i]!;
        bodyLen = 1 + varintSize(vLen) + vLen;
        break;
      case BOOL:
        bodyLen = 2;
        break;
      case LONG:
        if (vPos >= 0) {
          hi = u32(b, vPos);
          lo = u32(b, vPos + 4);
        }
        bodyLen = 1 + varint64Size(lo, hi);
        break;
      case DOUBLE:
        bodyLen = 9;
        break;
      default:
        vLen = UNKNOWN_TAG_TEXT.length;
        bodyLen = 1 + varintSize(vLen) + vLen;
    }
    const keyPart = keyLen > 0 ? 1 + varintSize(keyLen) + keyLen : 0;
    const kvLen = keyPart + 1 + varintSize(bodyLen) + bodyLen;
    // Locals, not out.byte(): one bounds check for the whole attribute, then plain stores.
    out.ensure(6 + kvLen);
    const o = out.buf;
    viewOutput(o);
    let p = out.pos;
    o[p++] = tag;
    p = putVarint(o, p, kvLen);
    if (keyLen > 0) {
      o[p++] = 0x0a;
      p = putVarint(o, p, keyLen);
      p = putBytes(o, p, b, sl.keyPos[i]!, keyLen);
    }
    o[p++] = 0x12;
    p = putVarint(o, p, bodyLen);
    switch (kind) {
      case STRING:
        o[p++] = 0x0a;
        p = putVarint(o, p, vLen);
        if (vLen > 0) p = putBytes(o, p, b, vPos, vLen);
        break;
      case BINARY:
        o[p++] = 0x3a;
        p = putVarint(o, p, vLen);
        if (vLen > 0) p = putBytes(o, p, b, vPos, vLen);
        break;
      case BOOL:
        o[p++] = 0x10;
        o[p++] = vPos;
        break;
      case LONG:
        o[p++] = 0x18;
        p = putVarint64(o, p, lo, hi);
        break;
      case DOUBLE:
        o[p++] = 0x21;
        if (vPos < 0) for (let k = 0; k < 8; k++) o[p++] = 0;
        else for (let k = vPos + 7; k >= vPos; k--) o[p++] = b[k]!;
        break;
      default:
        o[p++] = 0x0a;
        p = putVarint(o, p, vLen);
        p = putBytes(o, p, UNKNOWN_TAG_TEXT, 0, vLen);
    }
    out.pos = p;
  }

  /** A log as a span event: fields → attributes, and the `event` field (as text) the name. */
  private writeEvent(l: number): void {
    const out = this.out;
    const sl = this.slots;
    const start = this.logFrom[l]!;
    let end = this.logTo[l]!;
    out.ensure(16);
    const mark = out.open(0x5a);
    writeTime(out, this.buf, this.logTs[l]!, -1, 0x09);
    const e = sl.find(start, end, K_EVENT);
    if (e >= 0) {
      // Str() of the value: a STRING's bytes, an unknown type's text, else no name.
      const kind = sl.kind[e]!;
      const pos = sl.vPos[e]!;
      if (kind === STRING && pos >= 0 && sl.vLen[e]! > 0) {
        const n = sl.vLen[e]!;
        out.ensure(6);
        out.byte(0x12);
        out.varint(n);
        out.copy(this.buf, pos, n);
      } else if (kind === UNKNOWN) {
        out.ensure(6);
        out.byte(0x12);
        out.varint(UNKNOWN_TAG_TEXT.length);
        out.copy(UNKNOWN_TAG_TEXT, 0, UNKNOWN_TAG_TEXT.length);
      }
      end = sl.remove(e, end);
    }
    for (let i = start; i < end; i++) this.writeAttr(0x1a, i);
    out.close(mark);
  }

  /** Every reference but the CHILD_OF one that became the parent, as a link with opentracing.ref_type. */
  private writeLinks(parent: number): void {
    const s = this.span;
    const b = this.buf;
    const out = this.out;
    for (let k = s.refStart; k < s.refEnd; k++) {
      const childOf = this.refType[k] === 0;
      const sp = this.refSpan[k]!;
      if (childOf && (parent < 0 ? isZero8(b, sp) : bytesEqual(b, sp, parent, 8))) continue;
      out.ensure(96);
      const mark = out.open(0x6a);
      writeTraceId(out, b, this.refHigh[k]!, this.refLow[k]!, 0x0a);
      if (!isZero8(b, sp)) {
        out.byte(0x12);
        out.byte(8);
        out.copy(b, sp, 8);
      }
      const attr = childOf ? REF_CHILD_OF : REF_FOLLOWS_FROM;
      out.copy(attr, 0, attr.length);
      out.close(mark);
    }
  }
}
