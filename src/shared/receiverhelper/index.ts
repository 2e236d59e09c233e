export { ReceiverHelper, type ReceiverHelperSettings } from './receiver.js';
export { Refusal, isRefusal, refusalFrom, type RefusalKind } from './refusal.js';
export { httpStatusForRefusal, retryAfterSeconds, prepareRefusalAnswer } from './http.js';
export { grpcCodeForRefusal, grpcErrorForRefusal } from './grpc.js';
