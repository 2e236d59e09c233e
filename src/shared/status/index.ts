// gRPC status codes and the gRPC ↔ HTTP mappings, in one place. There are three mappings because
// Go has three, each with a different purpose, and users see the result of each:
//  - httpStatusForGrpc: the HTTP status an OTLP/HTTP server answers for a status code (core
//    `receiver/otlpreceiver/internal/errors/errors.go` GetHTTPStatusCodeFromStatus);
//  - grpcCodeForHttp: the code an OTLP/HTTP server writes in the body of an HTTP error answer
//    (core `internal/statusutil/helper.go` NewStatusFromMsgAndHTTPCode);
//  - grpcCodeForHttpStatus: the code a gRPC client assigns when an answer carries no grpc-status
//    (grpc-go `internal/transport/http_util.go` HTTPStatusConvTab).

export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

// Go's code names (google.golang.org/grpc/codes Code.String()): the text users grep for in
// `rpc error: code = Unavailable desc = …`.
const NAMES: readonly string[] = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/** Go's name of a status code (`Code(17)` for codes it does not know, as Go prints them). */
export function grpcCodeName(code: number): string {
  return NAMES[code] ?? `Code(${code})`;
}

/**
 * The codes the OTLP specification calls retryable (RESOURCE_EXHAUSTED aside, which is retryable
 * only with RetryInfo): Go's exporter retries them (otlpexporter shouldRetry) and its OTLP/HTTP
 * server answers them 503 (GetHTTPStatusCodeFromStatus).
 */
export function isTransientGrpcCode(code: number): boolean {
  switch (code) {
    case GrpcStatus.CANCELLED:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.ABORTED:
    case GrpcStatus.OUT_OF_RANGE:
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DATA_LOSS:
      return true;
    default:
      return false;
  }
}

/** Server side: which HTTP status an OTLP/HTTP answer with this code gets. */
export function httpStatusForGrpc(code: number): number {
  if (isTransientGrpcCode(code)) return 503;
  switch (code) {
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 429;
    case GrpcStatus.INVALID_ARGUMENT:
      return 400;
    case GrpcStatus.UNAUTHENTICATED:
      return 401;
    case GrpcStatus.PERMISSION_DENIED:
      return 403;
    case GrpcStatus.UNIMPLEMENTED:
      return 404;
    default:
      return 500;
  }
}

/** Server side: the Status code put in the body of an HTTP error answer with this status. */
export function grpcCodeForHttp(status: number): GrpcStatusCode {
  switch (status) {
    case 400:
      return GrpcStatus.INVALID_ARGUMENT;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/** Client side: grpc-go's code for an HTTP status that came without grpc-status. */
export function grpcCodeForHttpStatus(status: number): GrpcStatusCode {
  switch (status) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}
