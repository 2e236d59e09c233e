// The prometheusremotewrite receiver: POST /api/v1/write, snappy protobuf, Remote-Write 1.0 and 2.0
// chosen by the Content-Type `proto=` parameter (contrib
// `receiver/prometheusremotewritereceiver/receiver.go` takes 2.0 only and answers 1.0 with 415;
// we take both). Answers, following the 1.0 and 2.0 specs:
// - 415 for a media type other than application/x-protobuf or an unknown proto (Go's wording);
// - 400 naming the problem for a body that is not snappy or not protobuf, and for invalid series
//   (bad or duplicate label names, missing name, broken 2.0 symbol references) — after the valid
//   series of the same request were written, so a retry is not needed for them;
// - 429 / 503 (+ Retry-After when known) when the pipeline refuses retryably, which Prometheus
//   retries; a permanent refusal is 400 (Prometheus drops the batch instead of retrying forever);
// - 204 otherwise. 2.0 answers carry X-Prometheus-Remote-Write-{Samples,Histograms,Exemplars}-Written.
// Unlike Go, which answers 204 before handing the data on, the answer waits for the pipeline.

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import type { Counter } from '../../../core/telemetry.js';
import { Metrics } from '../../../pdata/index.js';
import { decodeRequestV2, decodeWriteRequestV1, PrompbDecodeError, PROTO_V1, PROTO_V2 } from '../../../shared/codec/prompb/index.js';
import { BodyTooLargeError, DecompressionError, decompress } from '../../../shared/compression/index.js';
import { BODY_TOO_LARGE, HttpBodyError, contentEncodingOf } from '../../../shared/httpserver/body.js';
import { HttpServer, sendPlainError, type HttpCall } from '../../../shared/httpserver/server.js';
import { MetadataStore, ResourceCache, translateV1, translateV2, type Translation, type TranslationStats } from '../../../shared/promtootlp/index.js';
import { isRefusal, prepareRefusalAnswer, ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { PrometheusRemoteWriteReceiverConfig } from './config.js';

export const WRITE_PATH = '/api/v1/write';
const MEDIA_TYPE = 'application/x-protobuf';
/** Reasons listed in one 400 answer; the rest are counted. */
const MAX_REASONS = 10;

type Version = 1 | 2;

/** The protocol a Content-Type asks for, or the 415 message (contrib receiver.go parseProto, with 1.0 accepted). */
export function protoOf(contentType: string | undefined): Version | string {
  // 1.0 senders were not required to send a Content-Type; Prometheus always does.
  if (contentType === undefined || contentType.trim() === '') return 1;
  const parts = contentType.trim().split(';');
  if (parts[0]!.trim().toLowerCase() !== MEDIA_TYPE) return `expected "${MEDIA_TYPE}" as the first (media) part, got ${contentType} content-type`;
  for (const part of parts.slice(1)) {
    const kv = part.split('=');
    if (kv.length !== 2)
      return `as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got ${part} in ${contentType} content-type`;
    if (kv[0]!.trim().toLowerCase() !== 'proto') continue;
    const proto = kv[1]!.trim().replace(/^"(.*)"$/, '$1');
    if (proto === PROTO_V1) return 1;
    if (proto === PROTO_V2) return 2;
    return `got ${contentType} content type; unknown remote write protobuf message ${proto}, supported: ${PROTO_V1}, ${PROTO_V2}`;
  }
  return 1;
}

function setWrittenHeaders(call: HttpCall, stats: TranslationStats | undefined): void {
  call.res.setHeader('X-Prometheus-Remote-Write-Samples-Written', String(stats?.samples ?? 0));
  call.res.setHeader('X-Prometheus-Remote-Write-Histograms-Written', String(stats?.histograms ?? 0));
  call.res.setHeader('X-Prometheus-Remote-Write-Exemplars-Written', String(stats?.exemplars ?? 0));
}

function reasonsText(errors: readonly string[]): string {
  const shown = errors.slice(0, MAX_REASONS).join('\n');
  return errors.length > MAX_REASONS ? `${shown}\n… and ${errors.length - MAX_REASONS} more invalid series` : shown;
}

export class PrometheusRemoteWriteReceiver implements Receiver {
  private server: HttpServer | undefined;
  private helper: ReceiverHelper | undefined;
  private readonly metadata = new MetadataStore();
  private readonly resources = new ResourceCache(1000);
  private scope = { name: 'otelcol-ts', version: '' };
  private readonly dropped: Counter;
  private stopping: Promise<void> | undefined;
  /** Bound host:port once started. */
  address = '';

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: PrometheusRemoteWriteReceiverConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {
    this.dropped = ctx.telemetry.counter('otelcol_receiver_prometheusremotewrite_dropped_samples', {
      help: 'Samples and histograms received but not turned into data points, by reason (stale_marker, invalid_series, unsupported).',
      unit: '{sample}',
    });
  }

  async start(host: Host): Promise<void> {
    const next = this.consumers.metrics;
    if (!next) throw new Error(`${this.ctx.id}: the prometheusremotewrite receiver feeds metrics pipelines only`);
    // Go's default scope is the collector's BuildInfo description and version.
    const build = host.service?.build;
    if (build) this.scope = { name: build.description, version: build.version };
    const { id, logger, telemetry } = this.ctx;
    this.helper = new ReceiverHelper({ id, transport: 'http', telemetry, logger, consumers: { metrics: next }, format: 'Prometheus remote-write' });
    this.server = new HttpServer(this.cfg, { id, logger });
    this.server.route(WRITE_PATH, ['POST'], (call) => this.handle(call));
    this.address = await this.server.start(host);
    logger.info({ endpoint: this.address }, 'Starting Prometheus remote-write receiver');
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.server ? this.server.shutdown() : Promise.resolve();
    return this.stopping;
  }

  private async readRequest(call: HttpCall, version: Version): Promise<Translation> {
    const maxBytes = this.cfg.max_request_body_size;
    let body = await call.readBody();
    try {
      // The body is always snappy (block format). `Content-Encoding: snappy` names that same
      // compression and the server has undone it already (as Go's confighttp does).
      if (contentEncodingOf(call.req) !== 'snappy') body = await decompress('snappy', body, maxBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HttpBodyError(413, BODY_TOO_LARGE);
      if (err instanceof DecompressionError) throw new HttpBodyError(400, `invalid snappy-compressed body: ${err.message}`);
      throw err;
    }
    const opts = { scopeName: this.scope.name, scopeVersion: this.scope.version, resources: this.resources };
    try {
      return version === 1 ? translateV1(decodeWriteRequestV1(body), this.metadata, opts) : translateV2(decodeRequestV2(body), opts);
    } catch (err) {
      if (err instanceof PrompbDecodeError) throw new HttpBodyError(400, err.message);
      throw err;
    }
  }

  private async handle(call: HttpCall): Promise<void> {
    const { req, res } = call;
    const version = protoOf(req.headers['content-type']);
    if (typeof version === 'string') return sendPlainError(res, 415, version);
    let t: Translation;
    try {
      t = await this.readRequest(call, version);
    } catch (err) {
      if (!(err instanceof HttpBodyError)) throw err;
      this.ctx.logger.debug({ status: err.status, err: err.message }, 'Remote-write request could not be read');
      if (version === 2) setWrittenHeaders(call, undefined);
      return sendPlainError(res, err.status, err.message);
    }
    const { stats, errors } = t;
    if (stats.staleMarkers > 0) this.dropped.add(stats.staleMarkers, { receiver: this.ctx.id, reason: 'stale_marker' });
    if (stats.dropped > 0) this.dropped.add(stats.dropped, { receiver: this.ctx.id, reason: 'unsupported' });
    if (errors.length > 0) this.dropped.add(errors.length, { receiver: this.ctx.id, reason: 'invalid_series' });
    try {
      if (t.resourceMetrics.length > 0) await this.helper!.push('metrics', new Metrics(t.resourceMetrics), call.ctx);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      if (version === 2) setWrittenHeaders(call, undefined);
      return sendPlainError(res, prepareRefusalAnswer(res, err, 400), err.message);
    }
    if (version === 2) setWrittenHeaders(call, stats);
    if (errors.length > 0) {
      this.ctx.logger.warn({ invalid: errors.length, first: errors[0] }, 'Remote-write request had invalid series');
      return sendPlainError(res, 400, reasonsText(errors));
    }
    res.writeHead(204).end();
  }
}
