// OTLP/HTTP (core `receiver/otlpreceiver/otlphttp.go`): POST only, protobuf or JSON by media type,
// every error answered with a google.rpc.Status in the request's own encoding, success with an
// empty Export*ServiceResponse (JSON `{}`).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { SIGNALS, type Signal } from '../../../core/payload.js';
import {
  encodeExportResponse,
  encodeRpcStatus,
  exportResponseToJSON,
  retryInfoDetail,
  rpcStatusToJSON,
  type RpcStatus,
} from '../../../pdata/index.js';
import { HttpServer, sendPlainError, type HttpCall, type HttpErrorWriter } from '../../../shared/httpserver/server.js';
import { HttpBodyError } from '../../../shared/httpserver/body.js';
import { grpcCodeForHttp, GrpcStatus } from '../../../shared/status/index.js';
import { grpcCodeForRefusal, isRefusal, prepareRefusalAnswer, retryAfterSeconds, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import { sanitizeUrlPath, type OtlpHttpConfig } from './config.js';
import type { RunningTransport } from './otlp.js';
import { OTLP_SIGNALS } from './signals.js';

type Encoding = 'proto' | 'json';

const CONTENT_TYPE: Record<Encoding, string> = { proto: 'application/x-protobuf', json: 'application/json' };
const UNSUPPORTED_MEDIA_TYPE = '415 unsupported media type, supported: [application/json, application/x-protobuf]';

/** The media type decides the encoding; parameters (`; charset=utf-8`) are ignored, as Go's mime.ParseMediaType does. */
function encodingOf(contentType: string | undefined): Encoding | undefined {
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf') return 'proto';
  if (media === 'application/json') return 'json';
  return undefined;
}

function writeStatus(res: ServerResponse, enc: Encoding, httpStatus: number, st: RpcStatus): void {
  if (res.headersSent) return void res.end();
  const body = enc === 'json' ? rpcStatusToJSON(st) : encodeRpcStatus(st);
  res.setHeader('Content-Type', CONTENT_TYPE[enc]);
  res.writeHead(httpStatus).end(body);
}

/**
 * Errors raised before the handler (auth 401, unsupported Content-Encoding 400), Go's
 * `errorHandler`. Difference: for a content type that is neither protobuf nor JSON, Go answers
 * 500 with a fixed JSON Status; we keep the real status in a plain-text answer.
 */
const writeServerError: HttpErrorWriter = (req: IncomingMessage, res: ServerResponse, status: number, message: string) => {
  const enc = encodingOf(req.headers['content-type']);
  if (!enc) return sendPlainError(res, status, message);
  writeStatus(res, enc, status, { code: grpcCodeForHttp(status), message });
};

async function handleExport(signal: Signal, call: HttpCall, receiver: ReceiverHelper, logger: Logger): Promise<void> {
  const { req, res } = call;
  const enc = encodingOf(req.headers['content-type']);
  if (!enc) {
    res.setHeader('Content-Type', 'text/plain');
    res.writeHead(415).end(UNSUPPORTED_MEDIA_TYPE);
    return;
  }
  let body: Buffer;
  try {
    body = await call.readBody();
  } catch (err) {
    const status = err instanceof HttpBodyError ? err.status : 400;
    return writeStatus(res, enc, status, { code: grpcCodeForHttp(status), message: (err as Error).message });
  }
  let payload;
  try {
    payload = enc === 'proto' ? OTLP_SIGNALS[signal].fromProto(body) : OTLP_SIGNALS[signal].fromJSON(body);
  } catch (err) {
    logger.debug({ signal, err: (err as Error).message }, 'OTLP/HTTP request could not be decoded');
    return writeStatus(res, enc, 400, { code: GrpcStatus.INVALID_ARGUMENT, message: (err as Error).message });
  }
  try {
    await receiver.push(signal, payload, call.ctx);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    const status = prepareRefusalAnswer(res, err);
    const st: RpcStatus = { code: grpcCodeForRefusal(err), message: err.message };
    // The RetryInfo detail goes with the Retry-After header, as in Go's OTLP/HTTP answer.
    if (retryAfterSeconds(err) !== undefined && err.retryAfterMs !== undefined) st.details = [retryInfoDetail(err.retryAfterMs)];
    return writeStatus(res, enc, status, st);
  }
  res.setHeader('Content-Type', CONTENT_TYPE[enc]);
  res.writeHead(200).end(enc === 'json' ? exportResponseToJSON(signal) : encodeExportResponse());
}

/** Starts OTLP/HTTP with one route per signal that has a pipeline (others answer 404). */
export async function startOtlpHttp(
  host: Host,
  id: string,
  cfg: OtlpHttpConfig,
  receiver: ReceiverHelper,
  logger: Logger,
): Promise<RunningTransport> {
  const server = new HttpServer(cfg, { id, logger, errorWriter: writeServerError });
  const paths: Record<Signal, string> = { traces: cfg.traces_url_path, metrics: cfg.metrics_url_path, logs: cfg.logs_url_path };
  for (const signal of SIGNALS) {
    if (!receiver.accepts(signal)) continue;
    server.route(sanitizeUrlPath(paths[signal]), ['POST'], (call) => handleExport(signal, call, receiver, logger));
  }
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting HTTP server');
  return { address, shutdown: () => server.shutdown() };
}
