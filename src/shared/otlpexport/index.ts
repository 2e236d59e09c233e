// What the otlp and otlphttp exporters share beyond the exporter kit.

export { GRPC_METHODS, HTTP_PATHS, DROPPED_FIELD } from './signals.js';
export { PartialSuccessLog, PARTIAL_SUCCESS_LOG_INTERVAL_MS } from './partial-success.js';
export { classifyGrpcError, isRetryableGrpcCode } from './grpc-errors.js';
