// The gRPC client surface other components import.

export { grpcClientFields, grpcClientSchema, validateGrpcClient } from './config.js';
export { GrpcClient, createGrpcClient, encodeGrpcTimeout } from './client.js';
export { GrpcCallError } from './errors.js';
export { formatDetails } from './status-details.js';
export { sanitizedEndpoint } from './target.js';
