// Fluent forward load generator, shaped as dockerd's fluentd log driver sends (seed-setup.md §2.5,
// moby daemon/logger/fluentd over fluent-logger-golang): one persistent TCP connection per
// container, each log line one Message-mode event `[tag, time, record, {}]` with the 12-hex short
// container id as tag, integer Unix seconds (sub-second precision off), a record of string values
// {container_id, container_name: "/name", source, log} and an empty option map (no `chunk`, so
// no acks). Lines are ~200 bytes.
//
// `--inflight` is the number of connections (containers) and `--spans` the events per write: each
// "request" of driver.ts is one write of that many pre-encoded events on the connection of its
// slot, done when the socket has handed it to the kernel, so TCP backpressure from the collector
// is what paces the generator. dockerd writes event by event; the receiver's reads see the same
// byte stream either way, and batching the writes keeps the generator off the collector's
// critical path. Events still in flight at the end are delivered after the window: the sockets
// are ended gracefully and the harness drains the sink. Same arguments and JSON lines as http.ts.

import net from 'node:net';
import { dockerChunk } from './docker-events.js';
import { loadMain } from './driver.js';

/** Distinct pre-encoded writes per connection, cycled (varied lines without encoding on the hot path). */
const CHUNKS_PER_CONNECTION = 8;

class ForwardConnection {
  private readonly socket: net.Socket;
  private failure: string | undefined;
  private next = 0;

  constructor(
    host: string,
    port: number,
    private readonly chunks: Buffer[],
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('error', (e) => (this.failure ??= e.message));
    this.socket.on('close', () => (this.failure ??= 'connection closed by the collector'));
    // The receiver sends nothing unasked (no chunk option); anything read is drained and ignored.
    this.socket.on('data', () => undefined);
  }

  send(): Promise<true | string> {
    if (this.failure) return Promise.resolve(this.failure);
    const chunk = this.chunks[this.next++ % this.chunks.length]!;
    return new Promise((resolve) => this.socket.write(chunk, (err) => resolve(err ? err.message : (this.failure ?? true))));
  }

  /** Ends the stream after everything written, so events still buffered reach the collector. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 5000).unref();
    });
  }
}

loadMain(async (args) => {
  const time = Math.floor(Date.now() / 1000);
  const conns = Array.from({ length: args.inflight }, (_, c) => {
    const chunks = Array.from({ length: CHUNKS_PER_CONNECTION }, (_, k) => dockerChunk(c, k * args.spans, args.spans, time));
    return new ForwardConnection(args.host, args.port, chunks);
  });
  return {
    send: (slot) => conns[slot % conns.length]!.send(),
    close: async () => void (await Promise.all(conns.map((c) => c.end()))),
  };
});
