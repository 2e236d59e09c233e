// Real Loki push clients against the receiver: winston-loki in both its formats (snappy
// protobuf through the `snappy` native module, and JSON with structured metadata) and pino-loki
// (JSON; labels, structured metadata from `meta`, its own nanosecond timestamps).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import winston from 'winston';
import { records, startLoki } from './testkit.js';

const require = createRequire(import.meta.url);
// winston-loki is CommonJS without an ESM entry.
const LokiTransport = require('winston-loki') as new (opts: Record<string, unknown>) => winston.transport & { close(): Promise<void> };
const { pinoLoki } = require('pino-loki') as { pinoLoki: (opts: Record<string, unknown>) => NodeJS.WritableStream & { end(): void } };

for (const json of [false, true]) {
  test(`winston-loki (${json ? 'JSON' : 'snappy protobuf'}): labels, lines and timestamps arrive`, async () => {
    // include_metadata: the request headers reach the sink, to see which format was really sent.
    const r = await startLoki({ use_incoming_timestamp: true, http: { include_metadata: true } });
    const errors: unknown[] = [];
    const transport = new LokiTransport({
      host: r.base,
      json,
      labels: { app: 'billing', env: 'prod' },
      interval: 60,
      gracefulShutdown: false,
      replaceTimestamp: false,
      onConnectionError: (e: unknown) => errors.push(e),
    });
    const logger = winston.createLogger({ level: 'debug', transports: [transport] });
    try {
      logger.info('invoice created', { invoice: 'INV-1', timestamp: '2024-12-02T12:00:00.123Z' });
      logger.warn('payment retry', { attempt: 2, timestamp: '2024-12-02T12:00:01.000Z' });
      logger.debug('ünïcödé line "quoted"', { timestamp: '2024-12-02T12:00:02.000Z' });
      await transport.close();
      assert.deepEqual(errors, []);
      await r.sink.waitForItems(3);
      const got = records(r.sink);
      assert.equal(got.length, 3);
      // winston-loki falls back to JSON silently when the `snappy` module cannot load: make sure it did not.
      const types = r.sink.contexts.map((c) => c.metadata?.get('content-type')?.[0]);
      assert.deepEqual([...new Set(types)], [json ? 'application/json' : 'application/x-protobuf']);
      const byBody = new Map(got.map((g) => [String(g.body).split(' {')[0]!.trim(), g]));
      const invoice = byBody.get('invoice created')!;
      assert.ok(invoice, JSON.stringify(got.map((g) => g.body)));
      // winston-loki's line: the message, then the rest of winston's info object as JSON.
      assert.equal(invoice.body, 'invoice created {"invoice":"INV-1","level":"info"}');
      assert.equal(invoice.timeUnixNano, 1_733_140_800_123_000_000n);
      assert.equal(invoice.attributes.app, 'billing');
      assert.equal(invoice.attributes.env, 'prod');
      assert.equal(invoice.attributes.level, 'info');
      // JSON mode sends the remaining meta as structured metadata; protobuf mode drops it.
      assert.equal(invoice.attributes.invoice, json ? 'INV-1' : undefined);
      assert.equal(byBody.get('payment retry')!.attributes.level, 'warn');
      assert.equal(byBody.get('payment retry')!.attributes.attempt, json ? '2' : undefined);
      assert.equal(byBody.get('ünïcödé line "quoted"')!.attributes.level, 'debug');
      assert.equal(byBody.get('ünïcödé line "quoted"')!.timeUnixNano, 1_733_140_802_000_000_000n);
    } finally {
      logger.close();
      await r.stop();
    }
  });
}

test('pino-loki: JSON pushes with labels, hostname, structured metadata and pino timestamps', async () => {
  const r = await startLoki({ use_incoming_timestamp: true });
  const transport = pinoLoki({
    host: r.base,
    batching: false,
    labels: { application: 'checkout' },
    propsToLabels: ['region'],
    silenceErrors: false,
  });
  const logger = pino({ level: 'info', base: { hostname: 'web-1' } }, transport);
  try {
    const before = Date.now();
    logger.info({ region: 'eu-west', meta: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', user: { id: 7 } } }, 'order placed');
    logger.error({ err: 'card declined' }, 'payment failed');
    await r.sink.waitForItems(2);
    const got = records(r.sink);
    const placed = got.find((g) => String(g.body).includes('order placed'))!;
    const failed = got.find((g) => String(g.body).includes('payment failed'))!;
    assert.deepEqual(placed.attributes, {
      application: 'checkout',
      hostname: 'web-1',
      level: 'info',
      region: 'eu-west',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      user: '{"id":7}',
    });
    assert.deepEqual(failed.attributes, { application: 'checkout', hostname: 'web-1', level: 'error' });
    const line = JSON.parse(String(placed.body)) as { msg: string; region: string; time: number };
    assert.equal(line.msg, 'order placed');
    assert.equal(placed.timeUnixNano, BigInt(line.time) * 1_000_000n);
    assert.ok(line.time >= before);
  } finally {
    transport.end();
    await r.stop();
  }
});
