// The pdata public surface: import from here.

export type { Payload, Signal } from '../core/payload.js';
export { SIGNALS, ITEM_NOUN } from '../core/payload.js';
export { PdataDecodeError } from './errors.js';
export * from './common.js';
export * from './ids.js';
export { anyValueToString } from './value-string.js';
export { severityNumberToText, severityNumberFromText, SEVERITY_NUMBER_NAMES } from './severity.js';
export { Traces, cloneSpan } from './traces.js';
export * from './trace-model.js';
export { Metrics, cloneMetric, cloneMetricData } from './metrics.js';
export * from './metric-model.js';
export { Logs, cloneLogRecord } from './logs.js';
export * from './log-model.js';
export type { FromProtoOptions } from './otlp-payload.js';
export * from './responses.js';
export { forEachResource, forEachItemAttributes } from './iterate.js';
