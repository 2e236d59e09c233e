// Loki's JSON push format → LokiStream[]:
//   {"streams":[{"stream":{"job":"x"},"values":[["<unix ns>","line"],["<unix ns>","line",{"k":"v"}]]}]}
// The third element of a value is structured metadata (string values), which Loki accepts and
// winston-loki and pino-loki send. Go's loki receiver (contrib `receiver/lokireceiver/internal/
// unmarshal.go`) accepts only two-element values and refuses a third; we accept it (see the
// receiver's README). Otherwise the rules are Go's: timestamps are decimal nanosecond strings,
// stream label values and lines are strings, a null stream or value is skipped.

import { formatLabels } from './labels.js';
import { LokiDecodeError, type LokiEntry, type LokiLabelPair, type LokiStream } from './push-model.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const DECIMAL = /^-?[0-9]+$/;

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function stringMap(v: unknown, where: string): LokiLabelPair[] {
  if (v === null || v === undefined) return [];
  if (kind(v) !== 'object') throw new LokiDecodeError(`${where} must be an object of strings, got ${kind(v)}`);
  const out: LokiLabelPair[] = [];
  for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new LokiDecodeError(`${where}: the value of "${name}" must be a string, got ${kind(value)}`);
    out.push({ name, value });
  }
  return out;
}

function timestampOf(v: unknown, where: string): bigint {
  if (typeof v !== 'string') throw new LokiDecodeError(`${where}: the timestamp must be a string of Unix nanoseconds, got ${kind(v)}`);
  if (!DECIMAL.test(v)) throw new LokiDecodeError(`${where}: the timestamp "${v.slice(0, 40)}" is not an integer number of nanoseconds`);
  const ns = BigInt(v);
  if (ns > INT64_MAX || ns < INT64_MIN) throw new LokiDecodeError(`${where}: the timestamp "${v.slice(0, 40)}" is out of range`);
  return ns;
}

function entryOf(v: unknown, where: string): LokiEntry {
  if (!Array.isArray(v)) throw new LokiDecodeError(`${where} must be an array [timestamp, line] or [timestamp, line, metadata], got ${kind(v)}`);
  if (v.length < 2 || v.length > 3) throw new LokiDecodeError(`${where} must have 2 or 3 elements, got ${v.length}`);
  const timestampNs = timestampOf(v[0], where);
  if (typeof v[1] !== 'string') throw new LokiDecodeError(`${where}: the line must be a string, got ${kind(v[1])}`);
  return { timestampNs, line: v[1], structuredMetadata: stringMap(v[2], `${where}: structured metadata`) };
}

/** Parses a JSON push body; throws LokiDecodeError naming the problem and where it is. */
export function decodePushJson(body: Uint8Array | string): LokiStream[] {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    throw new LokiDecodeError(`invalid JSON push request: ${(err as Error).message}`);
  }
  if (kind(doc) !== 'object') throw new LokiDecodeError(`a JSON push request must be an object with "streams", got ${kind(doc)}`);
  const list = (doc as { streams?: unknown }).streams;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new LokiDecodeError(`"streams" must be an array, got ${kind(list)}`);
  const streams: LokiStream[] = [];
  for (let i = 0; i < list.length; i++) {
    const s: unknown = list[i];
    if (s === null) continue;
    const where = `streams[${i}]`;
    if (kind(s) !== 'object') throw new LokiDecodeError(`${where} must be an object, got ${kind(s)}`);
    const { stream, values } = s as { stream?: unknown; values?: unknown };
    const parsedLabels = stringMap(stream, `${where}.stream`);
    const entries: LokiEntry[] = [];
    if (values !== undefined && values !== null) {
      if (!Array.isArray(values)) throw new LokiDecodeError(`${where}.values must be an array, got ${kind(values)}`);
      for (let j = 0; j < values.length; j++) {
        if (values[j] !== null) entries.push(entryOf(values[j], `${where}.values[${j}]`));
      }
    }
    streams.push({ labels: formatLabels(parsedLabels), entries, parsedLabels });
  }
  return streams;
}
