// google.rpc.Status, the error detail of gRPC (`grpc-status-details-bin`) and the error body of
// OTLP/HTTP, and the one detail OTLP gives meaning to: google.rpc.RetryInfo, the server's
// requested delay before the next attempt (core `internal/statusutil/helper.go` GetRetryInfo).
// Field numbers are those of src/pdata/proto/status.proto.

import { Reader } from '../../pdata/wire/reader.js';

export interface AnyDetail {
  typeUrl: string;
  value: Uint8Array;
}

export interface RpcStatus {
  code: number;
  message: string;
  details: AnyDetail[];
}

const RETRY_INFO_TYPE = 'google.rpc.RetryInfo';

function decodeAny(r: Reader, end: number): AnyDetail {
  const out: AnyDetail = { typeUrl: '', value: new Uint8Array(0) };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x0a) out.typeUrl = r.string(end);
    else if (tag === 0x12) out.value = r.bytes(end);
    else r.skip(tag, end, 0b110, 'google.protobuf.Any');
  }
  r.finish(end, 'google.protobuf.Any');
  return out;
}

/** Decodes a google.rpc.Status; throws a PdataDecodeError on malformed bytes. */
export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const end = buf.length;
  const out: RpcStatus = { code: 0, message: '', details: [] };
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) out.code = r.varint() | 0;
    else if (tag === 0x12) out.message = r.string(end);
    else if (tag === 0x1a) {
      const e = r.lenEnd(end);
      out.details.push(decodeAny(r, e));
    } else r.skip(tag, end, 0b1110, 'google.rpc.Status');
  }
  r.finish(end, 'google.rpc.Status');
  return out;
}

/** The base64 value of `grpc-status-details-bin` (padding optional, as gRPC sends it) decoded, or undefined when unusable. */
export function parseStatusDetailsHeader(value: string | undefined): RpcStatus | undefined {
  if (!value) return undefined;
  try {
    return decodeRpcStatus(Buffer.from(value, 'base64'));
  } catch {
    return undefined;
  }
}

/** google.protobuf.Duration in milliseconds. */
function decodeDurationMs(buf: Buffer, start: number, end: number): number {
  const r = new Reader(buf, start, end);
  let seconds = 0;
  let nanos = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) seconds = Number(r.int64());
    else if (tag === 0x10) nanos = r.varint() | 0;
    else r.skip(tag, end, 0b110, 'google.protobuf.Duration');
  }
  return seconds * 1000 + nanos / 1e6;
}

/**
 * The RetryInfo detail of a status: `undefined` when there is none, otherwise its delay in ms
 * (0 when the server sent RetryInfo without a delay: still "retry", as Go reads it).
 */
export function retryInfoDelayMs(status: RpcStatus | undefined): number | undefined {
  if (!status) return undefined;
  for (const d of status.details) {
    if (!d.typeUrl.endsWith(`/${RETRY_INFO_TYPE}`) && d.typeUrl !== RETRY_INFO_TYPE) continue;
    try {
      const buf = Buffer.from(d.value.buffer, d.value.byteOffset, d.value.byteLength);
      const r = new Reader(buf);
      let delay = 0;
      while (r.pos < buf.length) {
        const tag = r.varint();
        if (tag === 0x0a) {
          const e = r.lenEnd(buf.length);
          delay = decodeDurationMs(buf, r.pos, e);
          r.pos = e;
        } else r.skip(tag, buf.length, 0b10, 'google.rpc.RetryInfo');
      }
      return Math.max(0, delay);
    } catch {
      // grpc-go drops details it cannot unmarshal, so a broken RetryInfo counts as absent.
      continue;
    }
  }
  return undefined;
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
export function formatDetails(details: readonly AnyDetail[]): string {
  return `[${details.map((d) => `type_url:${quoteBytes(Buffer.from(d.typeUrl))} value:${quoteBytes(d.value)}`).join(' ')}]`;
}
