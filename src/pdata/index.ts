// The pdata public surface: import from here.

export type { Payload, Signal } from '../core/payload.js';
export { PdataDecodeError } from './errors.js';
export * from './common.js';
export * from './ids.js';
export { anyValueToString } from './value-string.js';
export { severityNumberToText } from './severity.js';
export { Traces } from './traces.js';
export * from './trace-model.js';
export { Metrics } from './metrics.js';
export * from './metric-model.js';
export { Logs } from './logs.js';
export * from './log-model.js';
export * from './responses.js';
