// Export*ServiceResponse (with partial_success) in protobuf and OTLP/JSON, and google.rpc.Status,
// the body of OTLP/HTTP error responses (core receiver/otlpreceiver/otlphttp.go writes it in the
// request's encoding) and of gRPC status details.

import type { Signal } from '../core/payload.js';
import { PdataDecodeError } from './errors.js';
import { i64, obj, parseJSONText, str, u32, type JObj } from './json-common.js';
import { Reader } from './wire/reader.js';
import { encodeWith, type Writer } from './wire/writer.js';
import { asBuffer } from './otlp-payload.js';

export interface PartialSuccess {
  /** rejected_spans / rejected_data_points / rejected_log_records */
  rejected: bigint;
  errorMessage: string;
}

export interface ExportResponse {
  /** Absent on a full success. */
  partialSuccess?: PartialSuccess;
}

const REJECTED_JSON: Record<Signal, [string, string]> = {
  traces: ['rejectedSpans', 'rejected_spans'],
  metrics: ['rejectedDataPoints', 'rejected_data_points'],
  logs: ['rejectedLogRecords', 'rejected_log_records'],
};

export function encodeExportResponse(res: ExportResponse = {}): Buffer {
  return encodeWith(res, (w: Writer, r: ExportResponse) => {
    const ps = r.partialSuccess;
    if (ps === undefined) return;
    const m = w.len();
    w.stringField(0x12, ps.errorMessage);
    if (ps.rejected !== 0n) {
      w.varint64(ps.rejected);
      w.byte(0x08);
    }
    w.lenTag(m, 0x0a);
  });
}

/** Decodes any signal's Export*ServiceResponse (they share one layout). */
export function decodeExportResponse(bytes: Uint8Array): ExportResponse {
  const buf = asBuffer(bytes);
  const r = new Reader(buf);
  const out: ExportResponse = {};
  while (r.pos < buf.length) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const e = r.lenEnd(buf.length);
      const ps: PartialSuccess = { rejected: 0n, errorMessage: '' };
      while (r.pos < e) {
        const t = r.varint();
        if (t === 0x08) ps.rejected = r.int64();
        else if (t === 0x12) ps.errorMessage = r.string(e);
        else r.skip(t, e, 0b110, 'ExportPartialSuccess');
      }
      r.finish(e, 'ExportPartialSuccess');
      out.partialSuccess = ps;
    } else r.skip(tag, buf.length, 0b10, 'ExportServiceResponse');
  }
  return out;
}

export function exportResponseToJSON(signal: Signal, res: ExportResponse = {}): string {
  const ps = res.partialSuccess;
  if (ps === undefined) return '{}';
  const parts: string[] = [];
  if (ps.rejected !== 0n) parts.push(`"${REJECTED_JSON[signal][0]}":"${ps.rejected}"`);
  if (ps.errorMessage !== '') parts.push(`"errorMessage":${JSON.stringify(ps.errorMessage)}`);
  return `{"partialSuccess":{${parts.join(',')}}}`;
}

export function exportResponseFromJSON(signal: Signal, text: string | Uint8Array): ExportResponse {
  const o = obj(parseJSONText(text), 'response');
  const psv = o['partialSuccess'] ?? o['partial_success'];
  if (psv === undefined || psv === null) return {};
  const p = obj(psv, 'partialSuccess') as JObj;
  const [camel, snake] = REJECTED_JSON[signal];
  return {
    partialSuccess: {
      rejected: i64(p[camel] ?? p[snake], `partialSuccess.${camel}`),
      errorMessage: str(p['errorMessage'] ?? p['error_message'], 'partialSuccess.errorMessage'),
    },
  };
}

// ---- google.rpc.Status ----

export interface StatusDetail {
  /** e.g. type.googleapis.com/google.rpc.RetryInfo */
  typeUrl: string;
  value: Uint8Array;
}

export interface RpcStatus {
  /** A gRPC code (3 InvalidArgument, 14 Unavailable, ...). */
  code: number;
  message: string;
  details?: StatusDetail[];
}

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

export function encodeRpcStatus(st: RpcStatus): Buffer {
  return encodeWith(st, (w: Writer, s: RpcStatus) => {
    const details = s.details ?? [];
    for (let i = details.length - 1; i >= 0; i--) {
      const d = details[i]!;
      const m = w.len();
      if (d.value.length > 0) {
        const vm = w.len();
        w.bytesBody(d.value);
        w.lenTag(vm, 0x12);
      }
      w.stringField(0x0a, d.typeUrl);
      w.lenTag(m, 0x1a);
    }
    w.stringField(0x12, s.message);
    if (s.code !== 0) {
      w.varint(s.code | 0);
      w.byte(0x08);
    }
  });
}

export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
  const buf = asBuffer(bytes);
  const r = new Reader(buf);
  const out: RpcStatus = { code: 0, message: '', details: [] };
  while (r.pos < buf.length) {
    const tag = r.varint();
    if (tag === 0x08) out.code = r.varint() | 0;
    else if (tag === 0x12) out.message = r.string(buf.length);
    else if (tag === 0x1a) {
      const e = r.lenEnd(buf.length);
      const d: StatusDetail = { typeUrl: '', value: new Uint8Array(0) };
      while (r.pos < e) {
        const t = r.varint();
        if (t === 0x0a) d.typeUrl = r.string(e);
        else if (t === 0x12) d.value = r.bytes(e);
        else r.skip(t, e, 0b110, 'google.protobuf.Any');
      }
      r.finish(e, 'google.protobuf.Any');
      out.details!.push(d);
    } else r.skip(tag, buf.length, 0b1110, 'google.rpc.Status');
  }
  return out;
}

/** google.rpc.RetryInfo{retry_delay} as a Status detail (for 429/503 with Retry-After). */
export function retryInfoDetail(delayMs: number): StatusDetail {
  const seconds = Math.floor(delayMs / 1000);
  const nanos = Math.round((delayMs - seconds * 1000) * 1e6);
  const value = encodeWith(null, (w: Writer) => {
    const m = w.len();
    if (nanos !== 0) {
      w.varint(nanos);
      w.byte(0x10);
    }
    if (seconds !== 0) {
      w.varint64(BigInt(seconds));
      w.byte(0x08);
    }
    w.lenTag(m, 0x0a);
  });
  return { typeUrl: RETRY_INFO_TYPE_URL, value };
}

/** The retry delay in ms from a Status' RetryInfo detail, if it has one. */
export function retryDelayMs(st: RpcStatus): number | undefined {
  const d = st.details?.find((x) => x.typeUrl === RETRY_INFO_TYPE_URL);
  if (d === undefined) return undefined;
  const buf = asBuffer(d.value);
  const r = new Reader(buf);
  let ms = 0;
  while (r.pos < buf.length) {
    const tag = r.varint();
    if (tag !== 0x0a) {
      r.skip(tag, buf.length, 0b10, 'google.rpc.RetryInfo');
      continue;
    }
    const e = r.lenEnd(buf.length);
    while (r.pos < e) {
      const t = r.varint();
      if (t === 0x08) ms += Number(r.int64()) * 1000;
      else if (t === 0x10) ms += (r.varint() | 0) / 1e6;
      else r.skip(t, e, 0b110, 'google.protobuf.Duration');
    }
  }
  return ms;
}

/** OTLP/JSON form of a Status (details as {"@type", "value"(base64)}, as protojson prints Any it cannot resolve). */
export function rpcStatusToJSON(st: RpcStatus): string {
  const parts: string[] = [];
  if (st.code !== 0) parts.push(`"code":${st.code}`);
  if (st.message !== '') parts.push(`"message":${JSON.stringify(st.message)}`);
  if (st.details !== undefined && st.details.length > 0) {
    parts.push(
      `"details":[${st.details.map((d) => `{"@type":${JSON.stringify(d.typeUrl)},"value":"${Buffer.from(d.value).toString('base64')}"}`).join(',')}]`,
    );
  }
  return `{${parts.join(',')}}`;
}

export function rpcStatusFromJSON(text: string | Uint8Array): RpcStatus {
  const o = obj(parseJSONText(text), 'status');
  const details = o['details'];
  if (details !== undefined && !Array.isArray(details)) throw new PdataDecodeError('status.details: expected an array');
  return {
    code: u32(o['code'], 'status.code') | 0,
    message: str(o['message'], 'status.message'),
    details: ((details as unknown[] | undefined) ?? []).map((d) => {
      const x = obj(d, 'status.details');
      return {
        typeUrl: str(x['@type'] ?? x['typeUrl'] ?? x['type_url'], 'status.details.@type'),
        value: Buffer.from(str(x['value'], 'status.details.value'), 'base64'),
      };
    }),
  };
}
