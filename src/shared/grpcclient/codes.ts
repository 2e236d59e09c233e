// What a gRPC client makes of a failed call: a grpc-status header, or the code grpc-go assigns
// when a call ends with an RST_STREAM (http2ErrConvTab). Code names and the HTTP → gRPC table
// (HTTPStatusConvTab) live in src/shared/status, re-exported here.

import { constants } from 'node:http2';
import { GrpcStatus, type GrpcStatusCode } from '../status/index.js';

export { grpcCodeName, grpcCodeForHttpStatus } from '../status/index.js';

/** A grpc-status header value as a code; anything unparsable is UNKNOWN, as in grpc-go. */
export function parseGrpcStatus(value: string | undefined): GrpcStatusCode {
  if (value === undefined || !/^\d+$/.test(value)) return GrpcStatus.UNKNOWN;
  const n = Number(value);
  return (n <= 16 ? n : GrpcStatus.UNKNOWN) as GrpcStatusCode;
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
