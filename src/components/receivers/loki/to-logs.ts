// Loki push streams → OTLP logs, as Go's translator does (contrib
// `pkg/translator/loki/loki_to_otlp.go`, PushRequestToLogs): one ResourceLogs with an empty
// resource and one empty scope holding every entry; each entry's stream labels become string
// attributes, except names starting with `__` (Loki's internal labels, and `__name__` from a
// metric-name prefix); the line is a string body; ObservedTimestamp is the receive time and so is
// Timestamp, unless use_incoming_timestamp is set and the entry has one. Streams without
// entries are skipped. Differences: Go iterates a map, so its attribute order varies; ours is
// sorted by name. Go drops structured metadata; we add it after the labels (a label wins a
// clash). A label named twice keeps the last value (Go's map). Go translates every stream and
// refuses the request if any failed to parse; we stop at the first, naming it.

import { KeyValue, Logs, LogRecord, ResourceLogs, ScopeLogs } from '../../../pdata/index.js';
import { parseLabels } from '../../../shared/codec/loki/labels.js';
import { NO_TIMESTAMP } from '../../../shared/codec/loki/push-decode.js';
import { LokiDecodeError, type LokiLabelPair, type LokiStream } from '../../../shared/codec/loki/push-model.js';

interface ToLogsOptions {
  useIncomingTimestamp: boolean;
  /** The receive time (tests pin it). */
  nowNs?: bigint;
}

type Attrs = ReadonlyArray<readonly [string, string]>;

// Clients resend the same few label strings in every request (promtail: one per journal unit),
// so parsed sets are kept; the map is dropped whole when full rather than tracked per entry.
const CACHE_MAX = 1024;
const parsedCache = new Map<string, Attrs>();

function attributeSet(pairs: readonly LokiLabelPair[]): Attrs {
  const byName = new Map<string, string>();
  for (const p of pairs) if (!p.name.startsWith('__')) byName.set(p.name, p.value);
  return [...byName].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function streamAttributes(stream: LokiStream, index: number): Attrs {
  if (stream.parsedLabels) return attributeSet(stream.parsedLabels);
  const hit = parsedCache.get(stream.labels);
  if (hit) return hit;
  let pairs: LokiLabelPair[];
  try {
    pairs = parseLabels(stream.labels);
  } catch (err) {
    const shown = stream.labels.length > 200 ? `${stream.labels.slice(0, 200)}…` : stream.labels;
    throw new LokiDecodeError(`stream ${index}: invalid labels ${JSON.stringify(shown)}: ${(err as Error).message}`, { cause: err });
  }
  const attrs = attributeSet(pairs);
  if (parsedCache.size >= CACHE_MAX) parsedCache.clear();
  parsedCache.set(stream.labels, attrs);
  return attrs;
}

/** The OTLP logs for a push request; throws LokiDecodeError for a stream whose labels do not parse. */
export function pushToLogs(streams: readonly LokiStream[], opts: ToLogsOptions): Logs {
  const now = opts.nowNs ?? BigInt(Date.now()) * 1_000_000n;
  const records: LogRecord[] = [];
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i]!;
    if (stream.entries.length === 0) continue;
    const labels = streamAttributes(stream, i);
    for (const entry of stream.entries) {
      const lr = new LogRecord();
      lr.observedTimeUnixNano = now;
      lr.timeUnixNano = opts.useIncomingTimestamp && entry.timestampNs !== NO_TIMESTAMP ? BigInt.asUintN(64, entry.timestampNs) : now;
      lr.body = entry.line;
      // Fresh KeyValues per record: processors change attributes in place.
      const attrs: KeyValue[] = new Array<KeyValue>(labels.length);
      for (let k = 0; k < labels.length; k++) attrs[k] = new KeyValue(labels[k]![0], labels[k]![1]);
      for (const m of entry.structuredMetadata) {
        if (!labels.some((l) => l[0] === m.name)) {
          const prev = attrs.findIndex((a) => a.key === m.name);
          if (prev >= 0) attrs[prev]!.value = m.value;
          else attrs.push(new KeyValue(m.name, m.value));
        }
      }
      lr.attributes = attrs;
      records.push(lr);
    }
  }
  if (records.length === 0) return new Logs([]);
  const sl = new ScopeLogs();
  sl.logRecords = records;
  const rl = new ResourceLogs();
  rl.scopeLogs = [sl];
  return new Logs([rl]);
}
