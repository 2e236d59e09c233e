// POST /loki/api/v1/push (contrib `receiver/lokireceiver/loki.go` handleLogs and
// `internal/push.go`): protobuf (snappy block-compressed, promtail's default) or JSON by media
// type, any Content-Encoding the HTTP server accepts on top; 204 on success. Errors are Go's
// `http.Error` text answers: 405 and 415 with Go's wording, 400 naming what was wrong with the
// body (bad snappy, bad protobuf, bad JSON, bad labels), 413 past max_request_body_size (checked
// again on the snappy-decoded size), 400/429/503 when the pipeline refuses.

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { BodyTooLargeError, DecompressionError, decompress } from '../../../shared/compression/index.js';
import { BODY_TOO_LARGE, HttpBodyError, contentEncodingOf } from '../../../shared/httpserver/body.js';
import { DEFAULT_MAX_REQUEST_BODY_SIZE } from '../../../shared/httpserver/config.js';
import { HttpServer, sendPlainError, type HttpCall } from '../../../shared/httpserver/server.js';
import { decodePushJson } from '../../../shared/codec/loki/push-json.js';
import { decodePushRequest } from '../../../shared/codec/loki/push-decode.js';
import { LokiDecodeError, type LokiStream } from '../../../shared/codec/loki/push-model.js';
import type { LokiHttpConfig } from './config.js';
import { isRefusal, prepareRefusalAnswer } from '../../../shared/receiverhelper/index.js';
import type { LokiIngest, RunningTransport } from './ingest.js';

export const PUSH_PATH = '/loki/api/v1/push';
const UNSUPPORTED_MEDIA_TYPE = '415 unsupported media type, supported: [application/json, application/x-protobuf]';

type Format = 'proto' | 'json';

/** Go's mime.ParseMediaType then an exact match; no or another type is refused with 415, as Go does. */
function formatOf(contentType: string | undefined): Format | undefined {
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf') return 'proto';
  if (media === 'application/json') return 'json';
  return undefined;
}

/** The streams of a body, or an HttpBodyError (400 / 413) naming the problem. */
async function decodeBody(format: Format, body: Buffer, contentEncoding: string, maxBytes: number): Promise<LokiStream[]> {
  try {
    if (format === 'json') return decodePushJson(body);
    // The protobuf is always snappy-compressed. Go treats `Content-Encoding: snappy` as naming
    // that same compression (it installs a pass-through snappy decoder), and our server has
    // already undone it, so it is not undone twice.
    const proto = contentEncoding === 'snappy' ? body : await decompress('snappy', body, maxBytes);
    return decodePushRequest(proto);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpBodyError(413, BODY_TOO_LARGE);
    if (err instanceof LokiDecodeError) throw new HttpBodyError(400, err.message);
    if (err instanceof DecompressionError) throw new HttpBodyError(400, `invalid snappy-compressed body: ${err.message}`);
    throw err;
  }
}

async function handlePush(call: HttpCall, ingest: LokiIngest, maxBytes: number, logger: Logger): Promise<void> {
  const { req, res } = call;
  const format = formatOf(req.headers['content-type']);
  if (!format) {
    res.setHeader('Content-Type', 'text/plain');
    res.writeHead(415).end(UNSUPPORTED_MEDIA_TYPE);
    return;
  }
  let streams: LokiStream[];
  try {
    streams = await decodeBody(format, await call.readBody(), contentEncodingOf(req), maxBytes);
  } catch (err) {
    if (!(err instanceof HttpBodyError)) throw err;
    logger.debug({ status: err.status, err: err.message }, 'Loki push request could not be read');
    return sendPlainError(res, err.status, err.message);
  }
  try {
    await ingest.push(streams, call.ctx);
  } catch (err) {
    if (err instanceof LokiDecodeError) return sendPlainError(res, 400, err.message);
    if (!isRefusal(err)) throw err;
    // Go's errorutil.HTTPError: a permanent error is the client's (400), anything else 503.
    return sendPlainError(res, prepareRefusalAnswer(res, err, 400), err.message);
  }
  res.writeHead(204).end();
}

export async function startLokiHttp(host: Host, id: string, cfg: LokiHttpConfig, ingest: LokiIngest, logger: Logger): Promise<RunningTransport> {
  const maxBytes = cfg.max_request_body_size || DEFAULT_MAX_REQUEST_BODY_SIZE;
  const server = new HttpServer(cfg, { id, logger });
  server.route(PUSH_PATH, ['POST'], (call) => handlePush(call, ingest, maxBytes, logger));
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting HTTP server');
  return { address, shutdown: () => server.shutdown() };
}
