// What the otlp and otlphttp exporters share beyond the exporter kit.

export { GRPC_METHODS, HTTP_PATHS } from './signals.js';
export { PartialSuccessLog } from './partial-success.js';
export { classifyGrpcError } from './grpc-errors.js';
