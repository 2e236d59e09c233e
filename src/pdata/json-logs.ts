// OTLP/JSON for logs (rules in json-common.ts).

import {
  anyValueFromJSON,
  anyValueToJSON,
  arr,
  enumValue,
  hexId,
  jAttrs,
  jId,
  jNum,
  jStr,
  jU64,
  keyValuesFromJSON,
  members,
  obj,
  resourceFromJSON,
  scopeFromJSON,
  str,
  topArray,
  u32,
  u64,
  envelopeToJSON,
} from './json-common.js';
import { LogRecord, ResourceLogs, ScopeLogs } from './log-model.js';
import { SEVERITY_NUMBER_NAMES } from './severity.js';

export function logsFromJSON(text: string | Uint8Array): ResourceLogs[] {
  return topArray(text, 'resourceLogs', 'resource_logs').map((v) => {
    const o = obj(v, 'resourceLogs');
    const rl = new ResourceLogs();
    for (const k in o) {
      const x = o[k];
      if (k === 'resource') rl.resource = resourceFromJSON(x);
      else if (k === 'schemaUrl' || k === 'schema_url') rl.schemaUrl = str(x, 'resourceLogs.schemaUrl');
      else if (k === 'scopeLogs' || k === 'scope_logs') rl.scopeLogs = arr(x, 'scopeLogs').map(scopeLogsFromJSON);
    }
    return rl;
  });
}

function scopeLogsFromJSON(v: unknown): ScopeLogs {
  const o = obj(v, 'scopeLogs');
  const sl = new ScopeLogs();
  for (const k in o) {
    const x = o[k];
    if (k === 'scope') sl.scope = scopeFromJSON(x);
    else if (k === 'schemaUrl' || k === 'schema_url') sl.schemaUrl = str(x, 'scopeLogs.schemaUrl');
    else if (k === 'logRecords' || k === 'log_records') sl.logRecords = arr(x, 'logRecords').map(logRecordFromJSON);
  }
  return sl;
}

function logRecordFromJSON(v: unknown): LogRecord {
  const o = obj(v, 'logRecord');
  const l = new LogRecord();
  for (const k in o) {
    const x = o[k];
    switch (k) {
      case 'timeUnixNano':
      case 'time_unix_nano':
        l.timeUnixNano = u64(x, 'logRecord.timeUnixNano');
        break;
      case 'observedTimeUnixNano':
      case 'observed_time_unix_nano':
        l.observedTimeUnixNano = u64(x, 'logRecord.observedTimeUnixNano');
        break;
      case 'severityNumber':
      case 'severity_number':
        l.severityNumber = enumValue(x, SEVERITY_NUMBER_NAMES, 'logRecord.severityNumber');
        break;
      case 'severityText':
      case 'severity_text':
        l.severityText = str(x, 'logRecord.severityText');
        break;
      case 'body':
        l.body = anyValueFromJSON(x, 'logRecord.body');
        break;
      case 'attributes':
        l.attributes = keyValuesFromJSON(x, 'logRecord.attributes');
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        l.droppedAttributesCount = u32(x, 'logRecord.droppedAttributesCount');
        break;
      case 'flags':
        l.flags = u32(x, 'logRecord.flags');
        break;
      case 'traceId':
      case 'trace_id':
        l.traceId = hexId(x, 16, 'logRecord.traceId');
        break;
      case 'spanId':
      case 'span_id':
        l.spanId = hexId(x, 8, 'logRecord.spanId');
        break;
      case 'eventName':
      case 'event_name':
        l.eventName = str(x, 'logRecord.eventName');
        break;
    }
  }
  return l;
}

export function logsToJSON(list: readonly ResourceLogs[]): string {
  const keys = { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' };
  return envelopeToJSON(
    keys,
    list,
    (r) => r.scopeLogs,
    (s) => s.logRecords,
    logRecordToJSON,
  );
}

function logRecordToJSON(l: LogRecord): string {
  return members([
    jU64('timeUnixNano', l.timeUnixNano),
    jU64('observedTimeUnixNano', l.observedTimeUnixNano),
    jNum('severityNumber', l.severityNumber),
    jStr('severityText', l.severityText),
    l.body === null ? undefined : `"body":${anyValueToJSON(l.body)}`,
    jAttrs('attributes', l.attributes),
    jNum('droppedAttributesCount', l.droppedAttributesCount),
    jNum('flags', l.flags),
    jId('traceId', l.traceId),
    jId('spanId', l.spanId),
    jStr('eventName', l.eventName),
  ]);
}
