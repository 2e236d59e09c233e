// What a gRPC client makes of a failed call: Go's code names (google.golang.org/grpc/codes
// Code.String(), the text users grep for in `rpc error: code = Unavailable desc = …`), and the
// codes grpc-go assigns when a call ends without a grpc-status: a non-200 HTTP answer
// (internal/transport/http_util.go HTTPStatusConvTab) or an RST_STREAM (http2ErrConvTab).

import { constants } from 'node:http2';
import { GrpcStatus, type GrpcStatusCode } from '../grpcserver/status.js';

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

/** A grpc-status header value as a code; anything unparsable is UNKNOWN, as in grpc-go. */
export function parseGrpcStatus(value: string | undefined): GrpcStatusCode {
  if (value === undefined || !/^\d+$/.test(value)) return GrpcStatus.UNKNOWN;
  const n = Number(value);
  return (n <= 16 ? n : GrpcStatus.UNKNOWN) as GrpcStatusCode;
}

/** grpc-go's code for an HTTP status that came without grpc-status (HTTPStatusConvTab). */
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

const RST_NAMES: Record<number, string> = {
  [constants.NGHTTP2_NO_ERROR]: 'NO_ERROR',
  [constants.NGHTTP2_PROTOCOL_ERROR]: 'PROTOCOL_ERROR',
  [constants.NGHTTP2_INTERNAL_ERROR]: 'INTERNAL_ERROR',
  [constants.NGHTTP2_FLOW_CONTROL_ERROR]: 'FLOW_CONTROL_ERROR',
  [constants.NGHTTP2_SETTINGS_TIMEOUT]: 'SETTINGS_TIMEOUT',
  [constants.NGHTTP2_STREAM_CLOSED]: 'STREAM_CLOSED',
  [constants.NGHTTP2_FRAME_SIZE_ERROR]: 'FRAME_SIZE_ERROR',
  [constants.NGHTTP2_REFUSED_STREAM]: 'REFUSED_STREAM',
  [constants.NGHTTP2_CANCEL]: 'CANCEL',
  [constants.NGHTTP2_COMPRESSION_ERROR]: 'COMPRESSION_ERROR',
  [constants.NGHTTP2_CONNECT_ERROR]: 'CONNECT_ERROR',
  [constants.NGHTTP2_ENHANCE_YOUR_CALM]: 'ENHANCE_YOUR_CALM',
  [constants.NGHTTP2_INADEQUATE_SECURITY]: 'INADEQUATE_SECURITY',
  [constants.NGHTTP2_HTTP_1_1_REQUIRED]: 'HTTP_1_1_REQUIRED',
};

/** grpc-go's code and description for a stream the server reset (http2ErrConvTab). */
export function rstStreamStatus(rstCode: number): { code: GrpcStatusCode; message: string } {
  let code: GrpcStatusCode = GrpcStatus.INTERNAL;
  if (rstCode === constants.NGHTTP2_REFUSED_STREAM) code = GrpcStatus.UNAVAILABLE;
  else if (rstCode === constants.NGHTTP2_CANCEL) code = GrpcStatus.CANCELLED;
  else if (rstCode === constants.NGHTTP2_ENHANCE_YOUR_CALM) code = GrpcStatus.RESOURCE_EXHAUSTED;
  else if (rstCode === constants.NGHTTP2_INADEQUATE_SECURITY) code = GrpcStatus.PERMISSION_DENIED;
  const name = RST_NAMES[rstCode] ?? `unknown error code 0x${rstCode.toString(16)}`;
  return { code, message: `stream terminated by RST_STREAM with error code: ${name}` };
}
