// Fluent forward events → OTLP logs, as the Go receiver maps them (contrib
// receiver/fluentforwardreceiver/conversion.go, v0.130.0):
// - one LogRecord per entry, Timestamp = the event time, no ObservedTimestamp, no severity;
// - the tag → attribute `fluent.tag` (the code's constant; Go's README says `fluentd.tag`);
// - record key exactly `log` or `message` → Body with its type kept (the last one wins; a nil
//   value leaves the body as it was, since Go's parseToAttributeValue does nothing for nil);
// - every other key → an attribute with pcommon.Map.PutEmpty semantics (a repeated key keeps its
//   first position and takes the last value; nil → an empty value);
// - Message mode puts `fluent.tag` before the record's keys, Forward and PackedForward after them
//   (so a record key `fluent.tag` wins in Message mode and loses in the others);
// - everything of one push in one ResourceLogs with an empty resource and one empty scope
//   (Go's collector.go batches the events waiting on its channel the same way).

import { KeyValue, type AnyValue } from '../../../pdata/common.js';
import { LogRecord, Logs, ResourceLogs, ScopeLogs } from '../../../pdata/logs.js';
import { putValue } from '../../../shared/codec/forward/reader.js';
import { decodeForwardEvent, type ForwardEvent } from '../../../shared/codec/forward/index.js';
import type { ForwardLimits } from '../../../shared/codec/forward/errors.js';
import { decodeMessageFast } from './message-fast.js';

const TAG_ATTRIBUTE = 'fluent.tag';

/** Appends the event's records to `out`. */
export function appendEventRecords(event: ForwardEvent, out: LogRecord[]): void {
  const tagFirst = event.mode === 'message';
  for (const entry of event.entries) {
    const lr = new LogRecord();
    lr.timeUnixNano = entry.timeUnixNano;
    const attrs: KeyValue[] = [];
    let index: Map<string, number> | undefined;
    if (tagFirst) attrs.push(new KeyValue(TAG_ATTRIBUTE, event.tag));
    let body: AnyValue = null;
    for (const kv of entry.record) {
      const k = kv.key;
      if (k === 'log' || k === 'message') {
        if (kv.value !== null) body = kv.value;
      } else index = putValue(attrs, k, kv.value, index);
    }
    if (!tagFirst) putValue(attrs, TAG_ATTRIBUTE, event.tag, index);
    lr.body = body;
    lr.attributes = attrs;
    out.push(lr);
  }
}

/** One Logs payload holding every record of the given events. */
export function eventsToLogs(events: readonly ForwardEvent[]): Logs {
  const records: LogRecord[] = [];
  for (const e of events) appendEventRecords(e, records);
  return recordsToLogs(records);
}

export function recordsToLogs(records: LogRecord[]): Logs {
  const sl = new ScopeLogs();
  sl.logRecords = records;
  const rl = new ResourceLogs();
  rl.scopeLogs.push(sl);
  return new Logs([rl]);
}

/**
 * The records of the frame buf[start, end), appended to `records`: dockerd's shape straight from
 * the bytes (message-fast.ts), anything else through the general decoder, which throws
 * ForwardDecodeError for a bad frame. A `chunk` option to acknowledge goes to `chunks`.
 */
export function decodeFrameRecords(
  buf: Buffer,
  start: number,
  end: number,
  limits: ForwardLimits,
  records: LogRecord[],
  chunks: string[] | undefined,
): void {
  if (decodeMessageFast(buf, start, end, limits, records)) return;
  const event = decodeForwardEvent(buf, start, end, limits);
  appendEventRecords(event, records);
  if (chunks !== undefined && event.chunk !== undefined) chunks.push(event.chunk);
}
