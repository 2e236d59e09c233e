// Loki's push API model (logproto.PushRequest), shared by the loki receiver (decode) and the loki
// exporter (encode). Field numbers follow Loki's public push.proto: PushRequest.streams = 1;
// StreamAdapter.labels = 1, entries = 2, hash = 3; EntryAdapter.timestamp = 1 (google.protobuf.Timestamp),
// line = 2, structuredMetadata = 3 (LabelPairAdapter name = 1, value = 2).

export interface LokiLabelPair {
  name: string;
  value: string;
}

export interface LokiEntry {
  /** Nanoseconds since the Unix epoch. */
  timestampNs: bigint;
  line: string;
  structuredMetadata: LokiLabelPair[];
}

export interface LokiStream {
  /** The label set in Loki's selector syntax: `{k="v", …}`. */
  labels: string;
  entries: LokiEntry[];
  /**
   * The label pairs, when the source already carried them parsed (Loki's JSON push format sends
   * a map): a consumer uses these instead of parsing `labels` again. Absent for protobuf.
   */
  parsedLabels?: LokiLabelPair[];
}

export class LokiDecodeError extends Error {
  override name = 'LokiDecodeError';
}
