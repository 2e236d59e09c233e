// The gRPC client surface other components import.

export {
  grpcClientFields,
  grpcClientSchema,
  validateGrpcClient,
  keepaliveClientSchema,
  GRPC_COMPRESSIONS,
  GRPC_BALANCERS,
  type GrpcClientConfig,
  type GrpcClientDefaults,
  type KeepaliveClientConfig,
} from './config.js';
export { GrpcClient, createGrpcClient, encodeGrpcTimeout, DEFAULT_MAX_RECV_BYTES, type GrpcClientOptions, type UnaryCallOptions } from './client.js';
export { GrpcCallError } from './errors.js';
export { grpcCodeName, grpcCodeForHttpStatus, parseGrpcStatus, rstStreamStatus } from './codes.js';
export { parseStatusDetailsHeader, formatDetails } from './status-details.js';
export { parseTarget, endpointProblem, sanitizedEndpoint, splitHostPort, type GrpcTarget } from './target.js';
