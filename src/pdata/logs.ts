// Logs: the log signal's Payload. See otlp-payload.ts for the lazy bytes/tree life cycle.

import { cloneAnyValue, cloneAttributes, cloneResource, cloneScope } from './common.js';
import { OtlpPayload, type FromProtoOptions, type SignalCodec } from './otlp-payload.js';
import { LogRecord, ResourceLogs, ScopeLogs } from './log-model.js';
import { decodeLogs } from './wire/log-decode.js';
import { encodeLogs } from './wire/log-encode.js';
import { LOG_LEVELS } from './wire/scan.js';
import { LogsRequestDef } from './wire/schema.js';
import { logsFromJSON, logsToJSON } from './json-logs.js';

export * from './log-model.js';

function countLogs(list: readonly ResourceLogs[]): number {
  let n = 0;
  for (const rl of list) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

function cloneLogRecord(l: LogRecord): LogRecord {
  const c = new LogRecord();
  c.timeUnixNano = l.timeUnixNano;
  c.observedTimeUnixNano = l.observedTimeUnixNano;
  c.severityNumber = l.severityNumber;
  c.severityText = l.severityText;
  c.body = cloneAnyValue(l.body);
  c.attributes = cloneAttributes(l.attributes);
  c.droppedAttributesCount = l.droppedAttributesCount;
  c.flags = l.flags;
  c.traceId = l.traceId;
  c.spanId = l.spanId;
  c.eventName = l.eventName;
  return c;
}

function cloneLogs(list: readonly ResourceLogs[]): ResourceLogs[] {
  return list.map((rl) => {
    const r = new ResourceLogs();
    r.resource = cloneResource(rl.resource);
    r.schemaUrl = rl.schemaUrl;
    r.scopeLogs = rl.scopeLogs.map((sl) => {
      const s = new ScopeLogs();
      s.scope = cloneScope(sl.scope);
      s.schemaUrl = sl.schemaUrl;
      s.logRecords = sl.logRecords.map(cloneLogRecord);
      return s;
    });
    return r;
  });
}

const codec: SignalCodec<ResourceLogs> = {
  signal: 'logs',
  requestDef: LogsRequestDef,
  levels: LOG_LEVELS,
  decode: decodeLogs,
  encode: encodeLogs,
  count: countLogs,
  clone: cloneLogs,
};

export class Logs extends OtlpPayload<ResourceLogs> {
  readonly signal = 'logs' as const;
  protected readonly codec = codec;

  constructor(resourceLogs: ResourceLogs[] = []) {
    super(resourceLogs);
  }

  protected make(): this {
    return new Logs(undefined) as this;
  }

  /** Wraps request bytes without decoding them. */
  static fromProto(bytes: Uint8Array, opts: FromProtoOptions = {}): Logs {
    return new Logs().adoptProto(bytes, opts);
  }

  static fromJSON(text: string | Uint8Array): Logs {
    return new Logs(logsFromJSON(text));
  }

  static concat(list: readonly Logs[]): Logs {
    return new Logs().concatInto(list);
  }

  /** The decoded tree, read-only by contract: call mutable() before changing anything. */
  get resourceLogs(): readonly ResourceLogs[] {
    return this.read();
  }

  mutable(): ResourceLogs[] {
    return this.mutableTree();
  }

  toJSON(): string {
    return logsToJSON(this.read());
  }

  forEachLogRecord(fn: (record: LogRecord, scopeLogs: ScopeLogs, resourceLogs: ResourceLogs) => void): void {
    for (const rl of this.read()) for (const sl of rl.scopeLogs) for (const l of sl.logRecords) fn(l, sl, rl);
  }
}
