// One fluent forward connection: bytes → frames → events → one Logs per read, pushed into the
// pipeline while the socket is paused (tcpserver does not read while onData's promise is pending,
// so a refusing pipeline slows the sender through TCP flow control). Acks (`{"ack": chunk}`) are
// written only once the pipeline has accepted the events; a retryable refusal is retried with
// backoff instead of dropping the data. Go v0.130 acks as soon as an event is queued in memory
// (contrib receiver/fluentforwardreceiver/server.go), so a crash there loses acked data.

import type { Logger } from 'pino';
import type { LogRecord } from '../../../pdata/logs.js';
import { decodeForwardEvent, ForwardDecodeError, ForwardFramer, type ForwardEvent } from '../../../shared/codec/forward/index.js';
import { ExponentialBackoff, sleep } from '../../../shared/exporterhelper/backoff.js';
import { isRefusal, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import { TcpFrameError, type TcpConnection, type TcpConnectionHandler } from '../../../shared/tcpserver/index.js';
import { checkPing, makeHelo, type Helo } from './handshake.js';
import type { FluentMetrics } from './metrics.js';
import { appendEventRecords, recordsToLogs } from './translate.js';

interface ConnectionSettings {
  helper: ReceiverHelper;
  metrics: FluentMetrics;
  logger: Logger;
  security?: { sharedKey: string; selfHostname: string };
  /** Aborted on shutdown: a push being retried gives up (no ack is written; the client resends). */
  stopping: AbortSignal;
}

// Re-pushes of refused events: 50 ms doubling to 5 s, no jitter (one connection, one sender).
const RETRY_BACKOFF = { initial_interval: 50, max_interval: 5_000, multiplier: 2, randomization_factor: 0 };

export class ForwardConnection implements TcpConnectionHandler {
  private readonly framer = new ForwardFramer();
  private helo: Helo | undefined;

  constructor(
    private readonly conn: TcpConnection,
    private readonly s: ConnectionSettings,
  ) {
    s.metrics.opened.add(1);
    if (s.security) {
      this.helo = makeHelo();
      void conn.write(this.helo.bytes);
    }
  }

  onClose(): void {
    this.s.metrics.closed.add(1);
  }

  onData(chunk: Buffer): void | Promise<void> {
    let frames: Buffer[];
    let failure: TcpFrameError | undefined;
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      if (!(err instanceof ForwardDecodeError)) throw err;
      frames = err.framesBefore;
      failure = this.badFrame(err);
    }
    if (frames.length === 0) {
      if (failure) throw failure;
      return;
    }
    let first = 0;
    if (this.helo) {
      const res = this.handshake(frames[0]!);
      if (!res) return;
      first = 1;
    }
    const events: ForwardEvent[] = [];
    for (let i = first; i < frames.length; i++) {
      const f = frames[i]!;
      try {
        events.push(decodeForwardEvent(f, 0, f.length, this.framer.limits));
      } catch (err) {
        // Events before the bad frame are still delivered (and acked); then the connection closes.
        failure = this.badFrame(err);
        break;
      }
    }
    if (events.length === 0) {
      if (failure) throw failure;
      return;
    }
    this.s.metrics.eventsParsed.add(events.length);
    return this.deliver(events, failure);
  }

  private handshake(frame: Buffer): boolean {
    const helo = this.helo!;
    let res;
    try {
      res = checkPing(frame, helo.nonce, this.s.security!.sharedKey, this.s.security!.selfHostname);
    } catch (err) {
      throw this.badFrame(err);
    }
    void this.conn.write(res.pong);
    if (!res.ok) {
      this.s.metrics.parseFailures.add(1);
      this.s.logger.warn({ remote: this.conn.remoteAddress, reason: res.reason }, 'fluent forward handshake refused');
      this.conn.close();
      return false;
    }
    this.helo = undefined;
    return true;
  }

  private badFrame(err: unknown): TcpFrameError {
    this.s.metrics.parseFailures.add(1);
    if (err instanceof ForwardDecodeError) return new TcpFrameError(`fluent forward ${err.code}: ${err.message}`, { cause: err });
    return new TcpFrameError(err instanceof Error ? err.message : String(err), { cause: err });
  }

  private async deliver(events: ForwardEvent[], failure: TcpFrameError | undefined): Promise<void> {
    const accepted = await this.push(events);
    if (accepted) {
      for (const e of events) if (e.chunk !== undefined) await this.conn.write(encodeAck(e.chunk));
    }
    if (failure) throw failure;
  }

  /** True once the pipeline took the records; false when it refused them for good. */
  private async push(events: ForwardEvent[]): Promise<boolean> {
    const backoff = new ExponentialBackoff(RETRY_BACKOFF);
    for (let attempt = 0; ; attempt++) {
      // Each attempt gets records built afresh: a stage that refused may have changed the last ones.
      const records: LogRecord[] = [];
      for (const e of events) appendEventRecords(e, records);
      if (attempt === 0) this.s.metrics.recordsGenerated.add(records.length);
      try {
        await this.s.helper.push('logs', recordsToLogs(records));
        return true;
      } catch (err) {
        if (!isRefusal(err)) throw err;
        if (err.kind === 'permanent') return false;
        const delay = backoff.next();
        try {
          await sleep(err.retryAfterMs ?? delay, this.s.stopping);
        } catch {
          /* aborted: shutting down */
        }
        if (this.s.stopping.aborted) throw new Error('shutting down with events the pipeline has not accepted (not acknowledged)');
      }
    }
  }
}

/** `{"ack": chunk}` as Go writes it (contrib receiver/fluentforwardreceiver/internal/ack.go). */
export function encodeAck(chunk: string): Buffer {
  const c = Buffer.from(chunk, 'utf8');
  const head =
    c.length <= 31
      ? Buffer.from([0xa0 | c.length])
      : c.length <= 0xff
        ? Buffer.from([0xd9, c.length])
        : Buffer.from([0xda, c.length >> 8, c.length & 0xff]);
  return Buffer.concat([Buffer.from([0x81, 0xa3, 0x61, 0x63, 0x6b]), head, c]);
}
