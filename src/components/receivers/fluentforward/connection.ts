// One fluent forward connection: bytes → frames → events → one Logs per read, pushed into the
// pipeline while the socket is paused (tcpserver does not read while onData's promise is pending,
// so a refusing pipeline slows the sender through TCP flow control). Acks (`{"ack": chunk}`) are
// written only once the pipeline has accepted the events; a retryable refusal is retried with
// backoff instead of dropping the data. Go v0.130 acks as soon as an event is queued in memory
// (contrib receiver/fluentforwardreceiver/server.go), so a crash there loses acked data.

import type { Logger } from 'pino';
import type { LogRecord } from '../../../pdata/logs.js';
import { ForwardDecodeError, ForwardFramer, FrameList } from '../../../shared/codec/forward/index.js';
import { ExponentialBackoff, sleep } from '../../../shared/exporterhelper/backoff.js';
import { isRefusal, type ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import { TcpFrameError, type TcpConnection, type TcpConnectionHandler } from '../../../shared/tcpserver/index.js';
import { checkPing, makeHelo, type Helo } from './handshake.js';
import type { FluentMetrics } from './metrics.js';
import { decodeFrameRecords, recordsToLogs } from './translate.js';

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
  private readonly frames = new FrameList();
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
    const frames = this.frames;
    let failure: TcpFrameError | undefined;
    try {
      this.framer.pushRanges(chunk, frames);
    } catch (err) {
      // The frames before the bad bytes are still in `frames`.
      if (!(err instanceof ForwardDecodeError)) throw err;
      failure = this.badFrame(err);
    }
    if (frames.length === 0) {
      if (failure) throw failure;
      return;
    }
    let first = 0;
    if (this.helo) {
      const res = this.handshake(frames.bufs[0]!.subarray(frames.starts[0], frames.ends[0]));
      if (!res) return frames.clear();
      first = 1;
    }
    const records: LogRecord[] = [];
    const chunks: string[] = [];
    let last = first;
    for (; last < frames.length; last++) {
      try {
        this.decodeFrame(last, records, chunks);
      } catch (err) {
        // Events before the bad frame are still delivered (and acked); then the connection closes.
        failure = this.badFrame(err);
        break;
      }
    }
    if (last === first) {
      frames.clear();
      if (failure) throw failure;
      return;
    }
    this.s.metrics.eventsParsed.add(last - first);
    return this.deliver(first, last, records, chunks, failure);
  }

  /** Frame i's records (and its chunk, when it asks for an ack). */
  private decodeFrame(i: number, records: LogRecord[], chunks: string[] | undefined): void {
    const f = this.frames;
    decodeFrameRecords(f.bufs[i]!, f.starts[i]!, f.ends[i]!, this.framer.limits, records, chunks);
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

  private async deliver(first: number, last: number, records: LogRecord[], chunks: string[], failure: TcpFrameError | undefined): Promise<void> {
    let accepted: boolean;
    try {
      accepted = await this.push(first, last, records);
    } finally {
      this.frames.clear();
    }
    if (accepted) for (const chunk of chunks) await this.conn.write(encodeAck(chunk));
    if (failure) throw failure;
  }

  /** True once the pipeline took the records; false when it refused them for good. */
  private async push(first: number, last: number, records: LogRecord[]): Promise<boolean> {
    const backoff = new ExponentialBackoff(RETRY_BACKOFF);
    this.s.metrics.recordsGenerated.add(records.length);
    for (;;) {
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
        // Each attempt gets records decoded afresh from the frames (still held: the socket is not
        // read meanwhile): a stage that refused may have changed the last ones.
        records = [];
        for (let i = first; i < last; i++) this.decodeFrame(i, records, undefined);
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
