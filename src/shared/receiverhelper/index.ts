export { ReceiverHelper } from './receiver.js';
export { Refusal, isRefusal, refusalFrom } from './refusal.js';
export { retryAfterSeconds, prepareRefusalAnswer } from './http.js';
export { grpcCodeForRefusal, grpcErrorForRefusal } from './grpc.js';
