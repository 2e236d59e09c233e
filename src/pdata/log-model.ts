// The OTLP logs model: ResourceLogs → ScopeLogs → LogRecord, every field of logs/v1.

import { InstrumentationScope, Resource, type AnyValue, type KeyValue } from './common.js';

export class LogRecord {
  timeUnixNano = 0n;
  observedTimeUnixNano = 0n;
  severityNumber = 0;
  severityText = '';
  body: AnyValue = null;
  attributes: KeyValue[] = [];
  droppedAttributesCount = 0;
  flags = 0;
  traceId = '';
  spanId = '';
  eventName = '';
}

export class ScopeLogs {
  scope: InstrumentationScope = new InstrumentationScope();
  logRecords: LogRecord[] = [];
  schemaUrl = '';
}

export class ResourceLogs {
  resource: Resource = new Resource();
  scopeLogs: ScopeLogs[] = [];
  schemaUrl = '';
}
