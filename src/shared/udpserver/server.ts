// The UDP listener for datagram protocols (Jaeger agent thrift_compact / thrift_binary): datagrams
// go into a bounded queue drained by a fixed number of concurrent handlers, mirroring the Go
// jaeger receiver's agent options (contrib `receiver/jaegerreceiver/config.go` AgentBinaryThrift:
// queue_size 1000, max_packet_size 65000, workers 10, socket_buffer_size 0). UDP has no way to
// push back on a sender, so a full queue, an oversized datagram or a handler error drops that
// datagram with a counter and a sampled log line; nothing here can crash the collector.

import type dgram from 'node:dgram';
import type { Logger } from 'pino';
import type { Counter, Telemetry } from '../../core/telemetry.js';
import { isRefusal } from '../receiverhelper/refusal.js';
import { bindUdp, udpAddress } from './bind.js';

export interface UdpServerOptions {
  /** `host:port`, `:port` or `[v6]:port`. */
  endpoint: string;
  /** Datagrams waiting for a worker; beyond this they are dropped (default 1000, Go's). */
  queueSize?: number;
  /** Larger datagrams are dropped (default 65000, Go's). */
  maxPacketSize?: number;
  /** Handlers running at once (default 10, Go's). */
  workers?: number;
  /** SO_RCVBUF in bytes; 0 keeps the system default (Go's default). */
  socketBufferSize?: number;
  /** How long shutdown lets queued datagrams drain before dropping them (default 5 s). */
  shutdownGraceMs?: number;
}

export interface UdpServerSettings {
  /** The owning component's ID: log field and the `receiver` label of the counters. */
  id: string;
  logger: Logger;
  /** When given, drops are counted as `otelcol_receiver_udp_datagrams_dropped{reason}`. */
  telemetry?: Telemetry;
  /** Handles one datagram; a throw or rejection drops it (counted as `handler_error`). */
  onDatagram(datagram: Buffer, from: dgram.RemoteInfo): void | Promise<void>;
}

type UdpDropReason = 'queue_full' | 'too_large' | 'handler_error' | 'shutdown';

interface UdpServerStats {
  received: number;
  handled: number;
  /** Waiting in the queue now. */
  queued: number;
  dropped: Record<UdpDropReason, number>;
}

const DEFAULTS = { queueSize: 1000, maxPacketSize: 65_000, workers: 10, shutdownGraceMs: 5_000 };

interface Datagram {
  data: Buffer;
  from: dgram.RemoteInfo;
}

export class UdpServer {
  private socket: dgram.Socket | undefined;
  private boundAddress: string | undefined;
  // A ring would save the shift() cost, but at queue_size 1000 shift() on a packed array is ~µs.
  private readonly queue: Datagram[] = [];
  private active = 0;
  private closing = false;
  private stopping: Promise<void> | undefined;
  private drained: (() => void) | undefined;
  private readonly cfg: Required<Omit<UdpServerOptions, 'socketBufferSize'>> & { socketBufferSize: number };
  private readonly counts: UdpServerStats = {
    received: 0,
    handled: 0,
    queued: 0,
    dropped: { queue_full: 0, too_large: 0, handler_error: 0, shutdown: 0 },
  };
  private readonly droppedCounter: Counter | undefined;

  constructor(
    opts: UdpServerOptions,
    private readonly settings: UdpServerSettings,
  ) {
    this.cfg = {
      endpoint: opts.endpoint,
      queueSize: opts.queueSize || DEFAULTS.queueSize,
      maxPacketSize: opts.maxPacketSize || DEFAULTS.maxPacketSize,
      workers: opts.workers || DEFAULTS.workers,
      socketBufferSize: opts.socketBufferSize ?? 0,
      shutdownGraceMs: opts.shutdownGraceMs ?? DEFAULTS.shutdownGraceMs,
    };
    this.droppedCounter = settings.telemetry?.counter('otelcol_receiver_udp_datagrams_dropped', {
      help: 'UDP datagrams dropped before reaching the pipeline, by reason (queue_full, too_large, handler_error, shutdown).',
      unit: '{datagram}',
    });
  }

  /** The bound `host:port` once started (the real port when 0 was asked). */
  get address(): string | undefined {
    return this.boundAddress;
  }

  get stats(): UdpServerStats {
    return { ...this.counts, queued: this.queue.length, dropped: { ...this.counts.dropped } };
  }

  /** SO_RCVBUF as the kernel reports it (Linux: twice what was asked, capped at rmem_max); 0 before start. */
  get socketBufferSize(): number {
    return this.socket?.getRecvBufferSize() ?? 0;
  }

  async start(): Promise<string> {
    if (this.socket || this.stopping) throw new Error(`${this.settings.id}: UDP server already started`);
    const socket = await bindUdp(this.cfg.endpoint, this.cfg.socketBufferSize || undefined);
    socket.on('message', (data, from) => this.onMessage(data, from));
    socket.on('error', (err) => this.settings.logger.warn({ receiver: this.settings.id, err: err.message }, 'UDP socket error'));
    this.socket = socket;
    this.boundAddress = udpAddress(socket);
    return this.boundAddress;
  }

  private drop(reason: UdpDropReason, bytes: number, from?: dgram.RemoteInfo, err?: unknown): void {
    this.counts.dropped[reason]++;
    this.droppedCounter?.add(1, { receiver: this.settings.id, reason });
    // One constant message per reason: the collector's log sampler (src/telemetry/log-sampling.ts)
    // rate-limits by message, so a flood of bad datagrams costs a few lines per 10 s. A pipeline
    // refusal was already logged at warn by the ReceiverHelper: one line is enough.
    const level = isRefusal(err) ? 'debug' : 'warn';
    this.settings.logger[level](
      {
        receiver: this.settings.id,
        reason,
        bytes,
        ...(from ? { remote: `${from.address}:${from.port}` } : {}),
        ...(err !== undefined ? { err: err instanceof Error ? err.message : String(err) } : {}),
      },
      `UDP datagram dropped: ${reason.replace('_', ' ')}`,
    );
  }

  private onMessage(data: Buffer, from: dgram.RemoteInfo): void {
    this.counts.received++;
    if (this.closing) return this.drop('shutdown', data.length, from);
    if (data.length > this.cfg.maxPacketSize) return this.drop('too_large', data.length, from);
    if (this.active < this.cfg.workers) return this.run({ data, from });
    if (this.queue.length >= this.cfg.queueSize) return this.drop('queue_full', data.length, from);
    this.queue.push({ data, from });
  }

  /** `reserved`: the slot of a worker that just finished is handed over, not taken anew. */
  private run(d: Datagram, reserved = false): void {
    if (!reserved) this.active++;
    let result: void | Promise<void>;
    try {
      result = this.settings.onDatagram(d.data, d.from);
    } catch (err) {
      this.drop('handler_error', d.data.length, d.from, err);
      return this.done(false);
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      result.then(
        () => this.done(true),
        (err: unknown) => {
          this.drop('handler_error', d.data.length, d.from, err);
          this.done(false);
        },
      );
    } else this.done(true);
  }

  private done(ok: boolean): void {
    if (ok) this.counts.handled++;
    const next = this.queue.shift();
    // Handlers that finish synchronously would recurse once per queued datagram; defer instead,
    // keeping the worker's slot so a datagram arriving meanwhile cannot start an extra worker.
    if (next) return void setImmediate(() => this.run(next, true));
    this.active--;
    if (this.active === 0) this.drained?.();
  }

  /** Stops receiving, lets queued datagrams drain (up to shutdownGraceMs), drops the rest. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (this.active > 0 || this.queue.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        timer = setTimeout(resolve, this.cfg.shutdownGraceMs);
      });
      clearTimeout(timer);
    }
    for (const d of this.queue.splice(0)) this.drop('shutdown', d.data.length, d.from);
    this.socket = undefined;
  }
}
