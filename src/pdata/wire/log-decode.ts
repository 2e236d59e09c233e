// Hand-written decoder for ExportLogsServiceRequest (logs/v1).

import { LogRecord, ResourceLogs, ScopeLogs } from '../log-model.js';
import { pushKeyValue, readAnyValue, readResource, readScope } from './common-decode.js';
import { Reader } from './reader.js';

const KNOWN_REQUEST = 0b10;
const KNOWN_RL = 0b1110;
const KNOWN_SL = 0b1110;
const KNOWN_LOG = 0b1111111101110;

export function decodeLogs(buf: Buffer): ResourceLogs[] {
  const r = new Reader(buf);
  const end = buf.length;
  const out: ResourceLogs[] = [];
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) out.push(readResourceLogs(r, r.lenEnd(end)));
    else r.skip(tag, end, KNOWN_REQUEST, 'ExportLogsServiceRequest');
  }
  r.finish(end, 'ExportLogsServiceRequest');
  return out;
}

function readResourceLogs(r: Reader, end: number): ResourceLogs {
  const rl = new ResourceLogs();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) rl.resource = readResource(r, r.lenEnd(end));
    else if (tag === 0x12) rl.scopeLogs.push(readScopeLogs(r, r.lenEnd(end)));
    else if (tag === 0x1a) rl.schemaUrl = r.string(end);
    else r.skip(tag, end, KNOWN_RL, 'ResourceLogs');
  }
  r.finish(end, 'ResourceLogs');
  return rl;
}

function readScopeLogs(r: Reader, end: number): ScopeLogs {
  const sl = new ScopeLogs();
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) sl.scope = readScope(r, r.lenEnd(end));
    else if (tag === 0x12) sl.logRecords.push(readLogRecord(r, r.lenEnd(end)));
    else if (tag === 0x1a) sl.schemaUrl = r.string(end);
    else r.skip(tag, end, KNOWN_SL, 'ScopeLogs');
  }
  r.finish(end, 'ScopeLogs');
  return sl;
}

function readLogRecord(r: Reader, end: number): LogRecord {
  const l = new LogRecord();
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case 0x09:
        l.timeUnixNano = r.fixed64();
        break;
      case 0x10:
        l.severityNumber = r.varint() | 0;
        break;
      case 0x1a:
        l.severityText = r.string(end);
        break;
      case 0x2a:
        l.body = readAnyValue(r, r.lenEnd(end), 0);
        break;
      case 0x32:
        pushKeyValue(r, end, l.attributes);
        break;
      case 0x38:
        l.droppedAttributesCount = r.varint();
        break;
      case 0x45:
        l.flags = r.fixed32();
        break;
      case 0x4a:
        l.traceId = r.byteString(end);
        break;
      case 0x52:
        l.spanId = r.byteString(end);
        break;
      case 0x59:
        l.observedTimeUnixNano = r.fixed64();
        break;
      case 0x62:
        l.eventName = r.string(end);
        break;
      default:
        r.skip(tag, end, KNOWN_LOG, 'LogRecord');
    }
  }
  r.finish(end, 'LogRecord');
  return l;
}
