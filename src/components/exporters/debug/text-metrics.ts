// `verbosity: detailed` for metrics: Go's otlptext metrics marshaler layout (core
// `exporter/debugexporter/internal/otlptext/{metrics.go,databuffer.go}`).

import type {
  Exemplar,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  Metric,
  NumberDataPoint,
  ResourceMetrics,
  SummaryDataPoint,
} from '../../../pdata/index.js';
import { formatFloatF, formatTimestamp } from './gofmt.js';
import { TextBuffer, idText } from './text-buffer.js';

/** pmetric.AggregationTemporality.String(). */
const TEMPORALITY_TEXT = ['Unspecified', 'Delta', 'Cumulative'];

function exemplars(buf: TextBuffer, list: readonly Exemplar[]): void {
  if (list.length === 0) return;
  buf.entry('Exemplars:');
  list.forEach((e, i) => {
    buf.entry(`Exemplar #${i}`);
    buf.entry(`     -> Trace ID: ${idText(e.traceId)}`);
    buf.entry(`     -> Span ID: ${idText(e.spanId)}`);
    buf.entry(`     -> Timestamp: ${formatTimestamp(e.timeUnixNano)}`);
    if (typeof e.value === 'bigint') buf.entry(`     -> Value: ${e.value}`);
    else if (typeof e.value === 'number') buf.entry(`     -> Value: ${formatFloatF(e.value)}`);
    buf.attributes('     -> FilteredAttributes', e.filteredAttributes);
  });
}

function pointHead(
  buf: TextBuffer,
  title: string,
  p: { attributes: NumberDataPoint['attributes']; startTimeUnixNano: bigint; timeUnixNano: bigint },
): void {
  buf.entry(title);
  buf.attributes('Data point attributes', p.attributes);
  buf.entry(`StartTimestamp: ${formatTimestamp(p.startTimeUnixNano)}`);
  buf.entry(`Timestamp: ${formatTimestamp(p.timeUnixNano)}`);
}

function numberPoints(buf: TextBuffer, points: readonly NumberDataPoint[]): void {
  points.forEach((p, i) => {
    pointHead(buf, `NumberDataPoints #${i}`, p);
    if (typeof p.value === 'bigint') buf.entry(`Value: ${p.value}`);
    else if (typeof p.value === 'number') buf.entry(`Value: ${formatFloatF(p.value)}`);
    exemplars(buf, p.exemplars);
  });
}

function sumMinMax(buf: TextBuffer, p: { sum: number | null; min: number | null; max: number | null }): void {
  if (p.sum !== null) buf.entry(`Sum: ${formatFloatF(p.sum)}`);
  if (p.min !== null) buf.entry(`Min: ${formatFloatF(p.min)}`);
  if (p.max !== null) buf.entry(`Max: ${formatFloatF(p.max)}`);
}

function histogramPoints(buf: TextBuffer, points: readonly HistogramDataPoint[]): void {
  points.forEach((p, i) => {
    pointHead(buf, `HistogramDataPoints #${i}`, p);
    buf.entry(`Count: ${p.count}`);
    sumMinMax(buf, p);
    p.explicitBounds.forEach((b, j) => buf.entry(`ExplicitBounds #${j}: ${formatFloatF(b)}`));
    p.bucketCounts.forEach((c, j) => buf.entry(`Buckets #${j}, Count: ${c}`));
    exemplars(buf, p.exemplars);
  });
}

function exponentialPoints(buf: TextBuffer, points: readonly ExponentialHistogramDataPoint[]): void {
  points.forEach((p, i) => {
    pointHead(buf, `ExponentialHistogramDataPoints #${i}`, p);
    buf.entry(`Count: ${p.count}`);
    sumMinMax(buf, p);
    // Go: factor = math.Ldexp(math.Ln2, -scale); bucket bounds are exp(index * factor).
    const factor = Math.LN2 * 2 ** -p.scale;
    const neg = p.negative.bucketCounts;
    for (let k = 0; k < neg.length; k++) {
      const pos = neg.length - k - 1;
      const index = p.negative.offset + pos;
      const lower = Math.exp(index * factor);
      const upper = Math.exp((index + 1) * factor);
      buf.entry(`Bucket [${formatFloatF(-upper)}, ${formatFloatF(-lower)}), Count: ${neg[pos]}`);
    }
    if (p.zeroCount !== 0n) buf.entry(`Bucket [0, 0], Count: ${p.zeroCount}`);
    p.positive.bucketCounts.forEach((c, pos) => {
      const index = p.positive.offset + pos;
      buf.entry(`Bucket (${formatFloatF(Math.exp(index * factor))}, ${formatFloatF(Math.exp((index + 1) * factor))}], Count: ${c}`);
    });
    exemplars(buf, p.exemplars);
  });
}

function summaryPoints(buf: TextBuffer, points: readonly SummaryDataPoint[]): void {
  points.forEach((p, i) => {
    pointHead(buf, `SummaryDataPoints #${i}`, p);
    buf.entry(`Count: ${p.count}`);
    buf.entry(`Sum: ${formatFloatF(p.sum)}`);
    p.quantileValues.forEach((q, j) => buf.entry(`QuantileValue #${j}: Quantile ${formatFloatF(q.quantile)}, Value ${formatFloatF(q.value)}`));
  });
}

function metric(buf: TextBuffer, m: Metric): void {
  buf.entry('Descriptor:');
  buf.entry(`     -> Name: ${m.name}`);
  buf.entry(`     -> Description: ${m.description}`);
  buf.entry(`     -> Unit: ${m.unit}`);
  buf.entry(`     -> DataType: ${m.data === null ? 'Empty' : m.data.type}`);
  buf.attributes('     -> Metadata', m.metadata);
  const d = m.data;
  if (d === null) return;
  switch (d.type) {
    case 'Gauge':
      return numberPoints(buf, d.dataPoints);
    case 'Sum':
      buf.entry(`     -> IsMonotonic: ${d.isMonotonic}`);
      buf.entry(`     -> AggregationTemporality: ${TEMPORALITY_TEXT[d.aggregationTemporality] ?? ''}`);
      return numberPoints(buf, d.dataPoints);
    case 'Histogram':
      buf.entry(`     -> AggregationTemporality: ${TEMPORALITY_TEXT[d.aggregationTemporality] ?? ''}`);
      return histogramPoints(buf, d.dataPoints);
    case 'ExponentialHistogram':
      buf.entry(`     -> AggregationTemporality: ${TEMPORALITY_TEXT[d.aggregationTemporality] ?? ''}`);
      return exponentialPoints(buf, d.dataPoints);
    case 'Summary':
      return summaryPoints(buf, d.dataPoints);
  }
}

export function metricsToText(list: readonly ResourceMetrics[]): string {
  const buf = new TextBuffer();
  list.forEach((rm, i) => {
    buf.entry(`ResourceMetrics #${i}`);
    buf.resource(rm.resource, rm.schemaUrl);
    rm.scopeMetrics.forEach((sm, j) => {
      buf.entry(`ScopeMetrics #${j}`);
      buf.entry(`ScopeMetrics SchemaURL: ${sm.schemaUrl}`);
      buf.scope(sm.scope);
      sm.metrics.forEach((m, k) => {
        buf.entry(`Metric #${k}`);
        metric(buf, m);
      });
    });
  });
  return buf.toString();
}
