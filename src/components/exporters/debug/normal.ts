// `verbosity: normal`: about one line per span, data point or log record, in the layout of Go's
// normal marshalers (core `exporter/debugexporter/internal/normal/{common,traces,logs,metrics}.go`).

import {
  anyValueToString,
  type KeyValue,
  type InstrumentationScope,
  type Metric,
  type ResourceLogs,
  type ResourceMetrics,
  type ResourceSpans,
} from '../../../pdata/index.js';
import { formatFloatF, formatFloatV } from './gofmt.js';
import { idText } from './text-buffer.js';

function attributePairs(attrs: readonly KeyValue[]): string[] {
  return attrs.map((kv) => `${kv.key}=${anyValueToString(kv.value)}`);
}

function attributesSuffix(attrs: readonly KeyValue[]): string {
  return attrs.length > 0 ? ' ' + attributePairs(attrs).join(' ') : '';
}

function resourceHead(title: string, schemaUrl: string, attrs: readonly KeyValue[]): string {
  return `${title}${schemaUrl !== '' ? ` [${schemaUrl}]` : ''}${attributesSuffix(attrs)}\n`;
}

function scopeHead(title: string, scope: InstrumentationScope, schemaUrl: string): string {
  let details = scope.name;
  if (scope.version !== '') details += '@' + scope.version;
  if (schemaUrl !== '') details += (details !== '' ? ' ' : '') + `[${schemaUrl}]`;
  return `${title}${details !== '' ? ' ' + details : ''}${attributesSuffix(scope.attributes)}\n`;
}

export function tracesToNormal(list: readonly ResourceSpans[]): string {
  let out = '';
  list.forEach((rs, i) => {
    out += resourceHead(`ResourceTraces #${i}`, rs.schemaUrl, rs.resource.attributes);
    rs.scopeSpans.forEach((ss, j) => {
      out += scopeHead(`ScopeTraces #${j}`, ss.scope, ss.schemaUrl);
      for (const span of ss.spans) {
        out += `${span.name} ${idText(span.traceId)} ${idText(span.spanId)}${attributesSuffix(span.attributes)}\n`;
      }
    });
  });
  return out;
}

export function logsToNormal(list: readonly ResourceLogs[]): string {
  let out = '';
  list.forEach((rl, i) => {
    out += resourceHead(`ResourceLog #${i}`, rl.schemaUrl, rl.resource.attributes);
    rl.scopeLogs.forEach((sl, j) => {
      out += scopeHead(`ScopeLog #${j}`, sl.scope, sl.schemaUrl);
      // Go joins body and attributes with one space even when there are no attributes.
      for (const lr of sl.logRecords) out += `${anyValueToString(lr.body)} ${attributePairs(lr.attributes).join(' ')}\n`;
    });
  });
  return out;
}

function pointLine(m: Metric, attrs: readonly KeyValue[], value: string): string {
  return `${m.name}{${attributePairs(attrs).join(',')}} ${value}\n`;
}

function countSumMinMax(p: { count: bigint; sum: number | null; min: number | null; max: number | null }): string {
  let v = `count=${p.count}`;
  if (p.sum !== null) v += ` sum=${formatFloatV(p.sum)}`;
  if (p.min !== null) v += ` min=${formatFloatV(p.min)}`;
  if (p.max !== null) v += ` max=${formatFloatV(p.max)}`;
  return v;
}

function metricLines(m: Metric): string {
  const d = m.data;
  if (d === null) return '';
  let out = '';
  switch (d.type) {
    case 'Gauge':
    case 'Sum':
      for (const p of d.dataPoints) {
        const v = typeof p.value === 'bigint' ? p.value.toString() : typeof p.value === 'number' ? formatFloatV(p.value) : '';
        out += pointLine(m, p.attributes, v);
      }
      return out;
    case 'Histogram':
      for (const p of d.dataPoints) {
        let v = countSumMinMax(p);
        p.bucketCounts.forEach((c, k) => {
          const bound = k < p.explicitBounds.length ? `le${formatFloatV(p.explicitBounds[k]!)}=` : '';
          v += ` ${bound}${c}`;
        });
        out += pointLine(m, p.attributes, v);
      }
      return out;
    case 'ExponentialHistogram':
      for (const p of d.dataPoints) {
        let v = countSumMinMax(p);
        const factor = Math.LN2 * 2 ** -p.scale;
        const neg = p.negative.bucketCounts;
        for (let k = neg.length - 1; k >= 0; k--) {
          v += ` le${formatFloatV(-Math.exp((p.negative.offset + k) * factor))}=${neg[k]}`;
        }
        if (p.zeroCount !== 0n) v += ` zero=${p.zeroCount}`;
        p.positive.bucketCounts.forEach((c, k) => {
          v += ` le${formatFloatV(Math.exp((p.positive.offset + k + 1) * factor))}=${c}`;
        });
        out += pointLine(m, p.attributes, v);
      }
      return out;
    case 'Summary':
      for (const p of d.dataPoints) {
        let v = `count=${p.count} sum=${formatFloatF(p.sum)}`;
        for (const q of p.quantileValues) v += ` q${formatFloatV(q.quantile)}=${formatFloatV(q.value)}`;
        out += pointLine(m, p.attributes, v);
      }
      return out;
  }
}

export function metricsToNormal(list: readonly ResourceMetrics[]): string {
  let out = '';
  list.forEach((rm, i) => {
    out += resourceHead(`ResourceMetrics #${i}`, rm.schemaUrl, rm.resource.attributes);
    rm.scopeMetrics.forEach((sm, j) => {
      out += scopeHead(`ScopeMetrics #${j}`, sm.scope, sm.schemaUrl);
      for (const m of sm.metrics) out += metricLines(m);
    });
  });
  return out;
}
