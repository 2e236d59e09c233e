// Hand-written structural walker for ExportLogsServiceRequest (logs/v1). See walk-common.ts.

import { LogRecordDef, LogsRequestDef } from './schema.js';
import { anyValueField, kvField, walkRequest } from './walk-common.js';
import { fixed32End, fixed64End, lenEnd, otherField, st, strEnd, tagSlow, varintEnd } from './walk-prims.js';

/** Walks a whole logs request; returns its log record count. */
export function walkLogs(buf: Uint8Array): number {
  return walkRequest(buf, LogsRequestDef, walkLogRecord);
}

function walkLogRecord(buf: Uint8Array, p: number, end: number): number {
  const def = LogRecordDef;
  while (p < end) {
    let tag = buf[p++]!;
    if (tag >= 0x80) {
      tag = tagSlow(buf, p - 1, end, def);
      p = st.pos;
    }
    switch (tag) {
      case 0x32: // attributes
        p = kvField(buf, p, end, def, tag, 0);
        break;
      case 0x09: // time_unix_nano, observed_time_unix_nano
      case 0x59:
        p = fixed64End(p, end, def, tag);
        break;
      case 0x10: // severity_number, dropped_attributes_count
      case 0x38:
        p = varintEnd(buf, p, end, def);
        break;
      case 0x1a: // severity_text, event_name
      case 0x62:
        p = strEnd(buf, p, end, def, tag);
        break;
      case 0x2a: // body
        p = anyValueField(buf, p, end, def, tag, 0);
        break;
      case 0x45: // flags
        p = fixed32End(p, end, def, tag);
        break;
      case 0x4a: // trace_id, span_id
      case 0x52:
        p = lenEnd(buf, p, end, def, tag);
        break;
      default:
        p = otherField(buf, p, end, def, tag);
    }
  }
  return 1;
}
