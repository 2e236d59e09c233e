import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { telemetrySchema } from '../../telemetry/config.js';
import { createLogger } from '../../telemetry/logger.js';
import { MetricsRegistry } from '../../telemetry/metrics.js';
import { captureLogger, silentLogger } from '../../testing/logger.js';
import { waitFor } from '../../testing/wait.js';
import { Refusal } from '../receiverhelper/index.js';
import { UdpServer, type UdpServerOptions, type UdpServerSettings } from './index.js';

const servers: UdpServer[] = [];
const clients: dgram.Socket[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
  for (const c of clients) c.close();
});

async function startServer(opts: Partial<UdpServerOptions>, settings: Partial<UdpServerSettings> & Pick<UdpServerSettings, 'onDatagram'>) {
  const server = new UdpServer({ endpoint: '127.0.0.1:0', ...opts }, { id: 'test/udp', logger: silentLogger, ...settings });
  servers.push(server);
  const address = await server.start();
  return { server, address, port: Number(address.slice(address.lastIndexOf(':') + 1)) };
}

function client(): dgram.Socket {
  const c = dgram.createSocket('udp4');
  clients.push(c);
  return c;
}

function send(c: dgram.Socket, data: Buffer | string, port: number): Promise<void> {
  return new Promise((resolve, reject) => c.send(data, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
}

describe('UdpServer', () => {
  it('hands every datagram to the handler with its sender', async () => {
    const got: string[] = [];
    let from = '';
    const { port, address } = await startServer({}, { onDatagram: (d, rinfo) => void (got.push(d.toString()), (from = rinfo.address)) });
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    const c = client();
    for (const m of ['a', 'b', 'c']) await send(c, m, port);
    await waitFor(() => got.length === 3, 2_000, 'three datagrams');
    assert.deepEqual(got.sort(), ['a', 'b', 'c']);
    assert.equal(from, '127.0.0.1');
  });

  it('drops datagrams larger than maxPacketSize, counted and logged', async () => {
    const { logger, lines } = captureLogger();
    const telemetry = new MetricsRegistry();
    const got: number[] = [];
    const { server, port } = await startServer({ maxPacketSize: 100 }, { logger, telemetry, onDatagram: (d) => void got.push(d.length) });
    const c = client();
    await send(c, Buffer.alloc(200), port);
    await send(c, Buffer.alloc(100), port);
    await waitFor(() => server.stats.received === 2, 2_000, 'two datagrams');
    await waitFor(() => got.length === 1, 2_000, 'one handled');
    assert.deepEqual(got, [100]);
    assert.equal(server.stats.dropped.too_large, 1);
    const line = lines.find((l) => l.msg === 'UDP datagram dropped: too large');
    assert.equal(line?.bytes, 200);
    assert.match(telemetry.expose(), /otelcol_receiver_udp_datagrams_dropped\{reason="too_large",receiver="test\/udp"\} 1/);
  });

  it("a flood of drops is rate-limited by the collector's log sampler (constant messages)", async () => {
    const out: string[] = [];
    const logger = createLogger(telemetrySchema.defaultValue().logs, {
      destination: new Writable({ write: (chunk, _e, cb) => void (out.push(String(chunk)), cb()) }),
    });
    const { server, port } = await startServer({ maxPacketSize: 10 }, { logger, onDatagram: () => undefined });
    const c = client();
    for (let i = 0; i < 60; i++) await send(c, Buffer.alloc(20 + i), port);
    await waitFor(() => server.stats.dropped.too_large === 60, 2_000, 'sixty drops');
    const lines = out.filter((l) => l.includes('UDP datagram dropped: too large'));
    assert.equal(lines.length, 10, 'zap-style sampling: the first 10 per tick pass');
  });

  it('runs at most `workers` handlers at once and queues up to queueSize, dropping the rest', async () => {
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const handled: string[] = [];
    const { server, port } = await startServer(
      { workers: 2, queueSize: 3 },
      {
        onDatagram: (d) => {
          running++;
          peak = Math.max(peak, running);
          return new Promise<void>((resolve) =>
            gates.push(() => {
              running--;
              handled.push(d.toString());
              resolve();
            }),
          );
        },
      },
    );
    const c = client();
    for (let i = 0; i < 10; i++) await send(c, `m${i}`, port);
    await waitFor(() => server.stats.received === 10, 2_000, 'ten datagrams');
    assert.equal(running, 2);
    assert.equal(server.stats.queued, 3);
    assert.equal(server.stats.dropped.queue_full, 5);
    while (handled.length < 5) {
      await waitFor(() => gates.length > 0, 2_000, 'a handler waiting');
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(peak, 2);
    assert.deepEqual(handled, ['m0', 'm1', 'm2', 'm3', 'm4']);
    assert.equal(server.stats.handled, 5);
  });

  it('a handler error drops that datagram only, with a counter and a log line', async () => {
    const { logger, lines } = captureLogger();
    const got: string[] = [];
    const { server, port } = await startServer(
      {},
      {
        logger,
        onDatagram: async (d) => {
          if (d.toString() === 'bad') throw new Error('not thrift');
          got.push(d.toString());
        },
      },
    );
    const c = client();
    await send(c, 'bad', port);
    await send(c, 'good', port);
    await waitFor(() => got.length === 1 && server.stats.dropped.handler_error === 1, 2_000, 'both datagrams');
    const line = lines.find((l) => l.msg === 'UDP datagram dropped: handler error');
    assert.equal(line?.err, 'not thrift');
    // A pipeline Refusal (already logged by the ReceiverHelper) is counted the same, logged at debug only.
    const refused = await startServer({}, { logger, onDatagram: () => Promise.reject(new Refusal('overloaded', 'queue full')) });
    await send(c, 'r', refused.port);
    await waitFor(() => refused.server.stats.dropped.handler_error === 1, 2_000, 'refusal counted');
    assert.equal(lines.find((l) => l.err === 'queue full')?.level, 20);
    // A synchronous throw is contained the same way.
    const sync = await startServer(
      {},
      {
        onDatagram: () => {
          throw new Error('boom');
        },
      },
    );
    await send(c, 'x', sync.port);
    await waitFor(() => sync.server.stats.dropped.handler_error === 1, 2_000, 'sync error counted');
  });

  it('sets the socket receive buffer (socket_buffer_size)', async () => {
    const { server } = await startServer({ socketBufferSize: 65_536 }, { onDatagram: () => undefined });
    // Linux doubles the value it is given (socket(7)) and caps it at net.core.rmem_max.
    assert.ok(server.socketBufferSize >= 65_536, `got ${server.socketBufferSize}`);
    const small = await startServer({ socketBufferSize: 4_096 }, { onDatagram: () => undefined });
    assert.ok(small.server.socketBufferSize < server.socketBufferSize, 'the size follows the option');
  });

  it('shutdown lets queued datagrams drain, then stops receiving', async () => {
    const got: string[] = [];
    const { server, port } = await startServer(
      { workers: 1 },
      { onDatagram: (d) => new Promise<void>((r) => setTimeout(() => (got.push(d.toString()), r()), 30)) },
    );
    const c = client();
    for (const m of ['1', '2', '3']) await send(c, m, port);
    await waitFor(() => server.stats.received === 3, 2_000, 'three datagrams');
    await server.shutdown();
    assert.deepEqual(got, ['1', '2', '3']);
    assert.equal(server.stats.dropped.shutdown, 0);
  });

  it('reports bind errors in Go wording', async () => {
    const { address } = await startServer({}, { onDatagram: () => undefined });
    const second = new UdpServer({ endpoint: address }, { id: 'x', logger: silentLogger, onDatagram: () => undefined });
    await assert.rejects(second.start(), new RegExp(`^Error: listen udp ${address}: bind: address already in use$`));
    await assert.rejects(
      new UdpServer({ endpoint: '6831' }, { id: 'x', logger: silentLogger, onDatagram: () => undefined }).start(),
      /listen udp: address 6831: missing port in address/,
    );
  });

  it('binds every interface for `:port`', async () => {
    const got: string[] = [];
    const { port, address } = await startServer({ endpoint: ':0' }, { onDatagram: (d) => void got.push(d.toString()) });
    assert.match(address, /:\d+$/);
    await send(client(), 'v4 on wildcard', port);
    await waitFor(() => got.length === 1, 2_000, 'datagram over IPv4');
  });
});
