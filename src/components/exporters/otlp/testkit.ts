// Moved to src/testing/ (the one test kit); kept for tests other helpers are editing. Lead: remove.
export { buildExporter, configIssues, type BuiltExporter } from '../../../testing/components.js';
export { pbjsDecode, REQUEST_TYPES, startOtlpGrpcServer, type Answer, type OtlpGrpcTestServer, type ReceivedCall } from '../../../testing/otlp-backend.js';
