// thrift_http: the Jaeger collector's `POST /api/traces` (contrib
// receiver/jaegerreceiver/trace_receiver.go HandleThriftHTTPBatch). Body: one TBinaryProtocol
// `jaeger.Batch`; the query string (`?format=jaeger.thrift` from jaeger-client-go) is ignored.
// Answers as Go: 202 empty on success, 400 plain text naming the problem. A pipeline refusal is
// 500 in Go whatever its kind; we answer 429/503 for throttled/retryable refusals (with
// Retry-After when known) so a client can back off, and 500 for permanent ones, with Go's text.

import type { Logger } from 'pino';
import type { Host } from '../../../core/component.js';
import { ThriftDecodeError } from '../../../shared/codec/thrift/index.js';
import { HttpBodyError } from '../../../shared/httpserver/body.js';
import { HttpServer, type HttpCall } from '../../../shared/httpserver/server.js';
import type { HttpServerConfig } from '../../../shared/httpserver/config.js';
import { isRefusal, prepareRefusalAnswer, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { RunningTransport } from './jaeger.js';
import { ThriftBatchTranslator } from './translate-thrift-bytes.js';

// Synchronous and reset per body, so one serves every server in the process.
const translator = new ThriftBatchTranslator();

const ACCEPTED = new Set(['application/x-thrift', 'application/vnd.apache.thrift.binary']);

/** Go's http.Error: text/plain, nosniff, the message and a newline. */
function plain(call: HttpCall, status: number, message: string): void {
  const { res } = call;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.writeHead(status).end(`${message}\n`);
}

/** html.EscapeString, which Go applies to decode errors before echoing them. */
function htmlEscape(s: string): string {
  return s.replace(/[&'<>"]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' })[c]!);
}

/** mime.ParseMediaType's media type, lower-cased; undefined with Go's error text when there is none. */
function mediaTypeOf(header: string | undefined): { type: string } | { error: string } {
  const type = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === '') return { error: 'mime: no media type' };
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(type)) return { error: 'mime: expected slash after first token' };
  return { type };
}

async function handle(call: HttpCall, receiver: ReceiverHelper, logger: Logger): Promise<void> {
  let body: Buffer;
  try {
    body = await call.readBody();
  } catch (err) {
    const status = err instanceof HttpBodyError ? err.status : 400;
    return plain(call, status, htmlEscape(`Unable to process request body: ${(err as Error).message}`));
  }
  const media = mediaTypeOf(call.req.headers['content-type']);
  if ('error' in media) return plain(call, 400, htmlEscape(`Cannot parse content type: ${media.error}`));
  if (!ACCEPTED.has(media.type)) return plain(call, 400, htmlEscape(`Unsupported content type: ${media.type}`));

  let traces;
  try {
    // Straight to OTLP bytes: the payload stays bytes through batch and the OTLP exporter.
    traces = translator.toTraces(body);
  } catch (err) {
    if (!(err instanceof ThriftDecodeError)) throw err;
    logger.debug({ err: err.message, bytes: body.length }, 'Jaeger thrift_http body could not be decoded');
    return plain(call, 400, htmlEscape(`Unable to process request body: ${err.message}`));
  }
  try {
    await receiver.push('traces', traces, call.ctx);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    return plain(call, prepareRefusalAnswer(call.res, err), `Cannot submit Jaeger batch: ${err.message}`);
  }
  call.res.writeHead(202).end();
}

export async function startThriftHttp(
  host: Host,
  id: string,
  cfg: HttpServerConfig,
  receiver: ReceiverHelper,
  logger: Logger,
): Promise<RunningTransport> {
  const server = new HttpServer(cfg, { id, logger });
  server.route('/api/traces', ['POST'], (call) => handle(call, receiver, logger));
  const address = await server.start(host);
  logger.info({ endpoint: address }, 'Starting HTTP server for Jaeger Thrift');
  return { address, shutdown: () => server.shutdown() };
}
