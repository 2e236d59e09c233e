import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, describe, it } from 'node:test';
import { DecodeContext } from '../../core/schema.js';
import { tlsServerSchema } from '../tls/index.js';
import { MetricsRegistry } from '../../telemetry/metrics.js';
import { makeTestCert } from '../../testing/certs.js';
import { captureLogger, silentLogger } from '../../testing/logger.js';
import { TcpFrameError, TcpServer, type TcpConnectionHandler, type TcpServerOptions, type TcpServerSettings } from './index.js';

const servers: TcpServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.shutdown()));
});

async function startServer(opts: Partial<TcpServerOptions>, settings: Partial<TcpServerSettings> & Pick<TcpServerSettings, 'onConnection'>) {
  const server = new TcpServer({ endpoint: '127.0.0.1:0', ...opts }, { id: 'test/tcp', logger: silentLogger, ...settings });
  servers.push(server);
  const address = await server.start();
  return { server, address, port: Number(address.slice(address.lastIndexOf(':') + 1)) };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves once `socket` closed; reads (and discards) what is left so the peer's FIN is seen. */
function closed(socket: net.Socket): Promise<void> {
  socket.on('error', () => undefined);
  socket.resume();
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Reads from `socket` until `n` bytes arrived. */
function readBytes(socket: net.Socket | tls.TLSSocket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const onData = (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= n) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** A line protocol: each `\n`-terminated line is answered with `ok <line>\n`; `BAD` is a bad frame. */
function lineHandler(seen: string[]): TcpServerSettings['onConnection'] {
  return (conn) => {
    let buf = '';
    return {
      async onData(chunk) {
        buf += chunk.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === 'BAD') throw new TcpFrameError(`unexpected line ${JSON.stringify(line)}`);
          seen.push(line);
          await conn.write(`ok ${line}\n`);
        }
      },
    };
  };
}

describe('TcpServer', () => {
  it('feeds each connection its own handler and lets the handler reply', async () => {
    const seen: string[] = [];
    const { port, address } = await startServer({}, { onConnection: lineHandler(seen) });
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    const a = await connect(port);
    const b = await connect(port);
    const replyA = readBytes(a, 'ok one\nok two\n'.length);
    a.write('one\ntw');
    a.write('o\n');
    const replyB = readBytes(b, 'ok three\n'.length);
    b.write('three\n');
    assert.equal((await replyA).toString(), 'ok one\nok two\n');
    assert.equal((await replyB).toString(), 'ok three\n');
    assert.deepEqual(seen.sort(), ['one', 'three', 'two']);
    a.destroy();
    b.destroy();
  });

  it('stops reading while a push is pending, so the sender is held back by TCP flow control', async () => {
    let received = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let pushes = 0;
    const { server, port } = await startServer(
      {},
      {
        onConnection: () => ({
          onData(chunk) {
            received += chunk.length;
            pushes++;
            return pushes === 1 ? gate : undefined;
          },
        }),
      },
    );
    const client = await connect(port);
    const total = 64 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 1);
    let written = 0;
    // Write until the socket reports its buffers full; with the server paused that happens long before `total`.
    while (written < total && client.write(block)) written += block.length;
    await new Promise((r) => setTimeout(r, 300));
    const duringPause = received;
    assert.ok(duringPause <= 1024 * 1024, `read ${duringPause} bytes while the first push was pending`);
    assert.ok(written < total, 'the client was pushed back before writing everything');
    assert.equal(server.stats.open, 1);
    release();
    await until(() => received > duringPause, 'reading to resume');
    client.destroy();
  });

  it('a bad frame closes only its own connection, logged with the reason and counted', async () => {
    const seen: string[] = [];
    const { logger, lines } = captureLogger();
    const telemetry = new MetricsRegistry();
    const { server, port } = await startServer({}, { onConnection: lineHandler(seen), logger, telemetry });
    const good = await connect(port);
    const bad = await connect(port);
    bad.write('fine\nBAD\n');
    await closed(bad);
    const reply = readBytes(good, 'ok still here\n'.length);
    good.write('still here\n');
    assert.equal((await reply).toString(), 'ok still here\n');
    const line = lines.find((l) => l.msg === 'TCP connection closed: bad frame');
    assert.ok(line, 'a warning names the bad frame');
    assert.equal(line.reason, 'unexpected line "BAD"');
    assert.equal(line.level, 40);
    assert.equal(server.stats.closed.bad_frame, 1);
    assert.match(telemetry.expose(), /otelcol_receiver_tcp_connections_closed\{reason="bad_frame",receiver="test\/tcp"\} 1/);
    good.destroy();
  });

  it('a handler rejecting with any other error closes the connection as a handler error', async () => {
    const { server, port } = await startServer({}, { onConnection: () => ({ onData: () => Promise.reject(new Error('pipeline exploded')) }) });
    const c = await connect(port);
    c.write('x');
    await closed(c);
    await until(() => server.stats.closed.handler_error === 1, 'handler_error count');
  });

  it('refuses connections beyond maxConnections with a counter and a warning', async () => {
    const { logger, lines } = captureLogger();
    const telemetry = new MetricsRegistry();
    const { server, port } = await startServer({ maxConnections: 2 }, { onConnection: lineHandler([]), logger, telemetry });
    const a = await connect(port);
    const b = await connect(port);
    await until(() => server.stats.open === 2, 'two open connections');
    const c = await connect(port);
    await closed(c);
    assert.equal(server.stats.refused, 1);
    assert.ok(lines.some((l) => l.msg === 'TCP connection refused: max_connections reached'));
    assert.match(telemetry.expose(), /otelcol_receiver_tcp_connections_refused\{receiver="test\/tcp"\} 1/);
    // The refused one does not count against the limit once the others close.
    a.destroy();
    await until(() => server.stats.open === 1, 'one open connection');
    const d = await connect(port);
    const reply = readBytes(d, 'ok hi\n'.length);
    d.write('hi\n');
    assert.equal((await reply).toString(), 'ok hi\n');
    b.destroy();
    d.destroy();
  });

  it('closes idle connections but not one whose push is pending', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { server, port } = await startServer(
      { idleTimeoutMs: 100 },
      { onConnection: () => ({ onData: (chunk) => (chunk.toString() === 'wait' ? gate : undefined) }) },
    );
    const idle = await connect(port);
    const busy = await connect(port);
    busy.write('wait');
    const t0 = Date.now();
    await closed(idle);
    assert.ok(Date.now() - t0 >= 80, 'not closed before the idle timeout');
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(busy.destroyed, false, 'a connection with a pending push is not idle');
    release();
    await closed(busy);
    await until(() => server.stats.closed.idle_timeout === 2, 'both closed as idle');
  });

  it('shutdown waits for pending pushes, lets their acks out, then closes', async () => {
    const { server, port } = await startServer(
      {},
      {
        onConnection: (conn) => ({
          async onData(chunk) {
            await new Promise((r) => setTimeout(r, 150));
            await conn.write(`ack ${chunk.toString()}`);
          },
        }),
      },
    );
    const c = await connect(port);
    const got: Buffer[] = [];
    c.on('data', (d: Buffer) => got.push(d));
    c.write('m1');
    await new Promise((r) => setTimeout(r, 30));
    await server.shutdown();
    await closed(c);
    assert.equal(Buffer.concat(got).toString(), 'ack m1');
    await assert.rejects(connect(port), /ECONNREFUSED/);
  });

  it('shutdown gives up on a push that never settles after shutdownGraceMs', async () => {
    const { server, port } = await startServer(
      { shutdownGraceMs: 200 },
      { onConnection: () => ({ onData: () => new Promise<void>(() => undefined) }) },
    );
    const c = await connect(port);
    c.write('x');
    await until(() => server.stats.open === 1, 'connection');
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await server.shutdown();
    const took = Date.now() - t0;
    assert.ok(took >= 180 && took < 2_000, `shutdown took ${took} ms`);
    await closed(c);
  });

  it('the peer half-closing runs onEnd after the pending push, then ends our side', async () => {
    const events: string[] = [];
    const { port } = await startServer(
      {},
      {
        onConnection: (conn) => ({
          async onData() {
            await new Promise((r) => setTimeout(r, 50));
            events.push('pushed');
            await conn.write('ack');
          },
          onEnd: () => void events.push('end'),
          onClose: () => void events.push('close'),
        }),
      },
    );
    const c = await connect(port);
    const got: Buffer[] = [];
    c.on('data', (d: Buffer) => got.push(d));
    c.end('last');
    await closed(c);
    assert.equal(Buffer.concat(got).toString(), 'ack');
    await until(() => events.length === 3, 'close hook');
    assert.deepEqual(events, ['pushed', 'end', 'close']);
  });

  it('serves TLS', async () => {
    const cert = makeTestCert();
    try {
      const seen: string[] = [];
      const { port } = await startServer(
        { tls: tlsServerSchema.decode({ cert_file: cert.certFile, key_file: cert.keyFile }, [], new DecodeContext()) },
        { onConnection: lineHandler(seen) },
      );
      const c = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port, ca: cert.cert, servername: 'localhost' }, () => resolve(s));
        s.once('error', reject);
      });
      const reply = readBytes(c, 'ok secret\n'.length);
      c.write('secret\n');
      assert.equal((await reply).toString(), 'ok secret\n');
      c.destroy();
    } finally {
      cert.cleanup();
    }
  });

  it('listens on unix:// paths, replacing a stale socket file and removing it on shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpserver-'));
    try {
      const path = join(dir, 'fluent.sock');
      // A socket file no process listens on, as a crashed collector leaves behind: a child
      // listens, then is killed before it can unlink the file.
      const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`]);
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      assert.ok(existsSync(path));
      const seen: string[] = [];
      const { server, address } = await startServer({ endpoint: `unix://${path}` }, { onConnection: lineHandler(seen) });
      assert.equal(address, path);
      const c = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ path }, () => resolve(s));
        s.once('error', reject);
      });
      const reply = readBytes(c, 'ok via unix\n'.length);
      c.write('via unix\n');
      assert.equal((await reply).toString(), 'ok via unix\n');
      c.destroy();
      await server.shutdown();
      assert.equal(existsSync(path), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not take over a unix socket another live server holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpserver-'));
    const path = join(dir, 'busy.sock');
    const live = net.createServer();
    await new Promise<void>((r) => live.listen(path, r));
    try {
      const server = new TcpServer({ endpoint: `unix://${path}` }, { id: 'x', logger: silentLogger, onConnection: lineHandler([]) });
      await assert.rejects(server.start(), /address already in use/);
    } finally {
      await new Promise((r) => live.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports bind errors in Go wording', async () => {
    const { address } = await startServer({}, { onConnection: lineHandler([]) });
    const second = new TcpServer({ endpoint: address }, { id: 'x', logger: silentLogger, onConnection: lineHandler([]) });
    await assert.rejects(second.start(), new RegExp(`^Error: listen tcp ${address}: bind: address already in use$`));
    await assert.rejects(
      new TcpServer({ endpoint: 'nope' }, { id: 'x', logger: silentLogger, onConnection: lineHandler([]) }).start(),
      /address nope: missing port in address/,
    );
  });

  it('answers UDP datagrams on the same port when asked (fluent forward heartbeat)', async () => {
    const { port } = await startServer(
      { udpResponder: (msg) => (msg.length === 1 ? Buffer.from([0]) : undefined) },
      { onConnection: lineHandler([]) },
    );
    const client = dgram.createSocket('udp4');
    try {
      const reply = new Promise<Buffer>((resolve) => client.once('message', (m) => resolve(m)));
      client.send(Buffer.from([0]), port, '127.0.0.1');
      assert.deepEqual([...(await reply)], [0]);
    } finally {
      client.close();
    }
  });
});

// Keeps the handler type exported and in use for readers of this file as an example.
export type ExampleHandler = TcpConnectionHandler;
