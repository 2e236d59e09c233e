// Per-series pieces shared by the 1.0 and 2.0 translations: label validation (the reasons a
// receiver answers 400 with), number data points, exemplars.

import { Exemplar, KeyValue, NumberDataPoint } from '../../pdata/index.js';
import { idFromHex } from '../../pdata/ids.js';
import { isStaleNaN, type PromLabel, type PromSample } from '../codec/prompb/index.js';
import { msToNs, type TranslationStats } from './builder.js';

// Remote-Write 1.0 spec, "Labels": names MUST match these (the classic Prometheus charset).
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A label set printed for error messages, capped so a hostile series cannot blow up a response. */
export function describeSeries(labels: readonly PromLabel[]): string {
  const text = `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
  return text.length > 300 ? text.slice(0, 297) + '...' : text;
}

/**
 * Why a series' labels are invalid, or undefined. `strictNames`: 1.0's charset (2.0 allows any
 * non-empty UTF-8 name, as Prometheus 3 does).
 */
export function labelProblem(labels: readonly PromLabel[], strictNames: boolean): string | undefined {
  let name: string | undefined;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l.name === '') return 'empty label name';
    if (l.name === '__name__') name = l.value;
    if (strictNames && l.name !== '__name__' && !LABEL_NAME.test(l.name)) return `invalid label name ${JSON.stringify(l.name)}`;
    for (let j = 0; j < i; j++) if (labels[j]!.name === l.name) return `duplicate label ${JSON.stringify(l.name)} in labels`;
  }
  if (name === undefined || name === '') return 'missing metric name in labels';
  if (strictNames && !METRIC_NAME.test(name)) return `invalid metric name ${JSON.stringify(name)}`;
  return undefined;
}

/** Appends a double data point per sample, stale markers dropped and counted. */
export function addNumberPoints(
  out: NumberDataPoint[],
  attrs: KeyValue[],
  samples: readonly PromSample[],
  startMs: number,
  stats: TranslationStats,
): NumberDataPoint | undefined {
  let last: NumberDataPoint | undefined;
  for (const s of samples) {
    if (isStaleNaN(s.value)) {
      stats.staleMarkers++;
      continue;
    }
    const dp = new NumberDataPoint();
    dp.attributes = attrs.length === 0 ? attrs : attrs.map((a) => new KeyValue(a.key, a.value));
    dp.startTimeUnixNano = msToNs(s.startTimestamp || startMs);
    dp.timeUnixNano = msToNs(s.timestamp);
    dp.value = s.value;
    out.push(dp);
    stats.samples++;
    last = dp;
  }
  return last;
}

/** An OTLP exemplar from Prometheus exemplar labels: trace_id/span_id (hex) become ids, the rest filtered attributes. */
export function toExemplar(labels: readonly PromLabel[], value: number, timestampMs: number): Exemplar {
  const e = new Exemplar();
  e.value = value;
  e.timeUnixNano = msToNs(timestampMs);
  for (const l of labels) {
    if (l.name === 'trace_id' && /^[0-9a-fA-F]{32}$/.test(l.value)) e.traceId = idFromHex(l.value);
    else if (l.name === 'span_id' && /^[0-9a-fA-F]{16}$/.test(l.value)) e.spanId = idFromHex(l.value);
    else e.filteredAttributes.push(new KeyValue(l.name, l.value));
  }
  return e;
}
