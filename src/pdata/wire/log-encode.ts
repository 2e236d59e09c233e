// Encoder for ExportLogsServiceRequest, fields written last-to-first (see writer.ts).

import type { LogRecord, ResourceLogs, ScopeLogs } from '../log-model.js';
import {
  writeAnyValueBody,
  writeAttributes,
  writeEnumField,
  writeFixed32Field,
  writeFixed64Field,
  writeResource,
  writeScope,
  writeUint32Field,
} from './common-encode.js';
import { encodeWith, type Writer } from './writer.js';

export function encodeLogs(list: readonly ResourceLogs[]): Buffer {
  return encodeWith(list, writeRequest);
}

function writeRequest(w: Writer, list: readonly ResourceLogs[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const rl = list[i]!;
    const m = w.len();
    w.stringField(0x1a, rl.schemaUrl);
    for (let j = rl.scopeLogs.length - 1; j >= 0; j--) writeScopeLogs(w, rl.scopeLogs[j]!);
    writeResource(w, 0x0a, rl.resource);
    w.lenTag(m, 0x0a);
  }
}

function writeScopeLogs(w: Writer, sl: ScopeLogs): void {
  const m = w.len();
  w.stringField(0x1a, sl.schemaUrl);
  for (let i = sl.logRecords.length - 1; i >= 0; i--) writeLogRecord(w, sl.logRecords[i]!);
  writeScope(w, 0x0a, sl.scope);
  w.lenTag(m, 0x12);
}

function writeLogRecord(w: Writer, l: LogRecord): void {
  const m = w.len();
  w.stringField(0x62, l.eventName);
  writeFixed64Field(w, 0x59, l.observedTimeUnixNano);
  w.byteStringField(0x52, l.spanId);
  w.byteStringField(0x4a, l.traceId);
  writeFixed32Field(w, 0x45, l.flags);
  writeUint32Field(w, 0x38, l.droppedAttributesCount);
  writeAttributes(w, 0x32, l.attributes);
  if (l.body !== null) {
    const bm = w.len();
    writeAnyValueBody(w, l.body);
    w.lenTag(bm, 0x2a);
  }
  w.stringField(0x1a, l.severityText);
  writeEnumField(w, 0x10, l.severityNumber);
  writeFixed64Field(w, 0x09, l.timeUnixNano);
  w.lenTag(m, 0x12);
}
