// `grpc-status-details-bin`: a base64 google.rpc.Status (decoded by src/pdata/responses.ts)
// whose RetryInfo detail is the server's requested delay (core `internal/statusutil/helper.go`).
// Also Go's `%v` rendering of status details, which the OTLP exporters put in error texts.

import { decodeRpcStatus, type RpcStatus, type StatusDetail } from '../../pdata/responses.js';

/** The header value decoded (padding optional, as gRPC sends it), or undefined when unusable. */
export function parseStatusDetailsHeader(value: string | undefined): RpcStatus | undefined {
  if (!value) return undefined;
  try {
    return decodeRpcStatus(Buffer.from(value, 'base64'));
  } catch {
    // grpc-go ignores details it cannot unmarshal: the status code and message still stand.
    return undefined;
  }
}

function quoteBytes(b: Uint8Array): string {
  let out = '';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `"${out}"`;
}

/** Details as Go prints `%v` of a []*anypb.Any: `[]`, or each message in text format. */
export function formatDetails(details: readonly StatusDetail[] | undefined): string {
  return `[${(details ?? []).map((d) => `type_url:${quoteBytes(Buffer.from(d.typeUrl))} value:${quoteBytes(d.value)}`).join(' ')}]`;
}
