// OTLP/JSON codec entry points (the rules live in json-common.ts). The payload classes expose
// the same as Traces.fromJSON()/toJSON() etc.; these functions work on bare trees.

export { tracesFromJSON, tracesToJSON } from './json-traces.js';
export { metricsFromJSON, metricsToJSON } from './json-metrics.js';
export { logsFromJSON, logsToJSON } from './json-logs.js';
export { anyValueFromJSON, anyValueToJSON, keyValuesFromJSON, parseJSONText } from './json-common.js';
export { exportResponseFromJSON, exportResponseToJSON, rpcStatusFromJSON, rpcStatusToJSON } from './responses.js';
