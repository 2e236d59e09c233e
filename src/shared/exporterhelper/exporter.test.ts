// The exporter kit, driven through the small exporter shown in README.md (kept verbatim between
// the EXAMPLE markers) against a real node:http backend.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { ConsumerError, EMPTY_CONTEXT } from '../../core/consumer.js';
import { Logs, LogRecord, ResourceLogs, ScopeLogs, Traces } from '../../pdata/index.js';
import { buildExporter } from '../../testing/components.js';
import { testHost } from '../../testing/host.js';
import { deferred, waitFor } from '../../testing/wait.js';

// EXAMPLE: the `textlines` exporter — log bodies as text lines, POSTed to `endpoint`
import { s, type ConfigIssue, type Infer } from '../../core/schema.js';
import type { CreateContext, Exporter, ExporterFactory, Host } from '../../core/component.js';
import type { Payload, Signal } from '../../core/payload.js';
import { anyValueToString } from '../../pdata/index.js';
import { createHttpClient, httpClientFields, httpResponseError, validateHttpClient, type HttpClient } from '../httpclient/index.js';
import { createExporter, exporterUserAgent, queueSchema, retrySchema, validateQueue, validateRetry, type ExporterSpec } from './index.js';

// config.ts
const textLinesConfig = s.object({
  ...httpClientFields({ compression: 'gzip', timeout: 30_000 }),
  retry_on_failure: retrySchema(),
  sending_queue: queueSchema(),
});
type TextLinesConfig = Infer<(typeof textLinesConfig)['fields']>;

function validateTextLines(cfg: TextLinesConfig): ConfigIssue[] {
  const out: ConfigIssue[] = cfg.endpoint === '' ? [{ path: ['endpoint'], message: 'endpoint must be specified' }] : [];
  return [...out, ...validateHttpClient(cfg), ...validateRetry(cfg.retry_on_failure), ...validateQueue(cfg.sending_queue)];
}

// exporter.ts: encode (pure) + send (one attempt) + the transport's start/shutdown
class TextLinesSender implements ExporterSpec<Buffer> {
  private client: HttpClient | undefined;
  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: TextLinesConfig,
  ) {}

  start(host: Host): void {
    this.client = createHttpClient(this.cfg, { logger: this.ctx.logger, userAgent: exporterUserAgent(host) });
    this.client.start(host);
  }

  async shutdown(): Promise<void> {
    await this.client?.close();
  }

  encode(payload: Payload): Buffer {
    if (payload.signal !== 'logs') throw ConsumerError.permanent(`textlines cannot send ${payload.signal}`);
    let text = '';
    payload.forEachLogRecord((r) => (text += anyValueToString(r.body) + '\n'));
    return Buffer.from(text);
  }

  sizeOf(body: Buffer): number {
    return body.length;
  }

  async send(body: Buffer, _signal: Signal, abort: AbortSignal): Promise<void> {
    const res = await this.client!.request({ url: this.cfg.endpoint, headers: { 'Content-Type': 'text/plain' }, body, signal: abort });
    // 2xx: undefined; 429/502/503/504: retryable (Retry-After honoured); others: permanent.
    const refused = httpResponseError({ url: res.url, statusCode: res.statusCode, headers: res.headers });
    if (refused) throw refused;
  }
}

function createTextLinesExporter(ctx: CreateContext, cfg: TextLinesConfig, signals: ReadonlySet<Signal>): Exporter {
  const settings = { timeoutMs: 0, retry: cfg.retry_on_failure, queue: cfg.sending_queue };
  return createExporter(ctx, signals, settings, new TextLinesSender(ctx, cfg));
}

// factory.ts
const textLinesExporterFactory: ExporterFactory<TextLinesConfig> = {
  kind: 'exporter',
  type: 'textlines',
  description: 'Sends log bodies as text lines over HTTP.',
  stability: { logs: 'development' },
  config: textLinesConfig,
  validate: validateTextLines,
  create: createTextLinesExporter,
};
// END EXAMPLE

const FAST_RETRY = { initial_interval: '10ms', max_interval: '20ms', max_elapsed_time: '10s' };

function logs(...bodies: string[]): Logs {
  const rl = new ResourceLogs();
  const sl = new ScopeLogs();
  for (const b of bodies) {
    const r = new LogRecord();
    r.body = b;
    sl.logRecords.push(r);
  }
  rl.scopeLogs.push(sl);
  return new Logs([rl]);
}

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

async function startBackend(answer: (index: number, res: ServerResponse) => void = (_i, res) => res.end()) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      received.push({ body: body.toString(), headers: req.headers });
      answer(received.length - 1, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  return {
    url,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

test('kit exporter: encoded once, sent gzip with the user agent, counted as sent', async () => {
  const backend = await startBackend();
  const { exporter, metricsText } = buildExporter(textLinesExporterFactory, { endpoint: backend.url }, ['logs']);
  await exporter.start(testHost());
  try {
    await exporter.consume(logs('hello', 'world'), EMPTY_CONTEXT);
    await waitFor(() => backend.received.length === 1);
    assert.equal(backend.received[0]!.body, 'hello\nworld\n');
    assert.equal(backend.received[0]!.headers['content-type'], 'text/plain');
    assert.match(String(backend.received[0]!.headers['user-agent']), /^test\/0 \((linux|darwin|win32)\//);
    await waitFor(() => /otelcol_exporter_sent_log_records\{exporter="textlines\/test"\} 2/.test(metricsText()));
  } finally {
    await exporter.shutdown();
    await backend.close();
  }
});

test('kit exporter: 503 is retried with the same encoded request, 400 is dropped with Go’s log line', async () => {
  let encodes = 0;
  const backend = await startBackend((i, res) => {
    const body = backend.received[i]!.body;
    res.statusCode = body.startsWith('bad') ? 400 : i < 2 ? 503 : 200;
    res.end();
  });
  const { exporter, lines, metricsText } = buildExporter(textLinesExporterFactory, { endpoint: backend.url, retry_on_failure: FAST_RETRY }, ['logs']);
  const payload = logs('retry me');
  const forEach = payload.forEachLogRecord.bind(payload);
  payload.forEachLogRecord = (fn) => {
    encodes++;
    forEach(fn);
  };
  await exporter.start(testHost());
  try {
    await exporter.consume(payload, EMPTY_CONTEXT);
    await waitFor(() => backend.received.length === 3);
    assert.deepEqual(
      backend.received.map((r) => r.body),
      ['retry me\n', 'retry me\n', 'retry me\n'],
    );
    assert.equal(encodes, 1, 'retries re-send the encoded request');
    assert.equal(lines.filter((l) => l.msg === 'Exporting failed. Will retry the request after interval.').length, 2);

    await exporter.consume(logs('bad line'), EMPTY_CONTEXT);
    await waitFor(() => lines.some((l) => l.msg === 'Exporting failed. Dropping data.'));
    const dropped = lines.find((l) => l.msg === 'Exporting failed. Dropping data.')!;
    assert.equal(dropped.error, `not retryable error: error exporting items, request to ${backend.url} responded with HTTP Status Code 400`);
    assert.equal(dropped.dropped_items, 1);
    assert.match(metricsText(), /otelcol_exporter_send_failed_log_records\{exporter="textlines\/test"\} 1/);
  } finally {
    await exporter.shutdown();
    await backend.close();
  }
});

test('kit exporter: an encode refusal drops the request without a send; sizer bytes counts encoded bytes', async () => {
  const gate = deferred();
  const backend = await startBackend((_i, res) => void gate.promise.then(() => res.end()));
  const { exporter, lines, metricsText } = buildExporter(
    textLinesExporterFactory,
    { endpoint: backend.url, sending_queue: { sizer: 'bytes', queue_size: 100, num_consumers: 1 } },
    ['logs', 'traces'],
  );
  await exporter.start(testHost());
  try {
    await exporter.consume(logs('0123456789'), EMPTY_CONTEXT); // 11 bytes, in flight
    await waitFor(() => backend.received.length === 1);
    await exporter.consume(logs('x'.repeat(79)), EMPTY_CONTEXT); // 80 bytes waiting: 91 of 100
    await assert.rejects(exporter.consume(logs('y'.repeat(9)), EMPTY_CONTEXT), /sending queue is full/); // 10 more do not fit
    assert.match(metricsText(), /otelcol_exporter_queue_size\{[^}]*data_type="logs"[^}]*\} 91/);
    gate.resolve();
    await waitFor(() => backend.received.length === 2);

    await assert.rejects(exporter.consume(new Traces([]), EMPTY_CONTEXT), /textlines cannot send traces/);
    assert.equal(backend.received.length, 2);
  } finally {
    await exporter.shutdown();
    await backend.close();
  }
  assert.deepEqual(
    lines.filter((l) => l.level >= 50),
    [],
  );
});

test('kit exporter: shutdown drains the queue, then closes the transport; consume() after it is refused', async () => {
  const backend = await startBackend((_i, res) => setTimeout(() => res.end(), 20));
  const { exporter } = buildExporter(textLinesExporterFactory, { endpoint: backend.url, sending_queue: { num_consumers: 1 } }, ['logs']);
  await exporter.start(testHost());
  try {
    for (let i = 0; i < 4; i++) await exporter.consume(logs(`line ${i}`), EMPTY_CONTEXT);
    assert.ok(backend.received.length < 4);
    await exporter.shutdown();
    assert.deepEqual(
      backend.received.map((r) => r.body),
      ['line 0\n', 'line 1\n', 'line 2\n', 'line 3\n'],
    );
    await assert.rejects(
      exporter.consume(logs('late'), EMPTY_CONTEXT),
      (e: ConsumerError) => e.kind === 'retryable' && /shutting down/.test(e.message),
    );
    await exporter.shutdown();
  } finally {
    await backend.close();
  }
});
