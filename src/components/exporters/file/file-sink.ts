// One output file of the file exporter: records are buffered in memory and written every
// `flush_interval`, when the buffer fills, and at close (contrib `exporter/fileexporter/
// {factory.go,file_writer.go,buffered_writer.go}`). With rotation, the file is renamed to a
// timestamped backup before a record would take it past `max_megabytes` (lumberjack's check),
// so a record never straddles two files.
//
// Errors: a record whose write fails rejects the consume() that wrote it. A failed background
// flush drops the buffered bytes, is logged (rate-limited) and rejects the next write once,
// before that write's data is accepted, so the pipeline learns about it. Go's bufio.Writer makes
// such an error sticky forever; here the next writes try the disk again.

import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_MAX_MEGABYTES, type RotationConfig } from './config.js';
import { freeBackupPath, pruneBackups } from './rotation.js';

/** Bytes buffered before a write goes to disk without waiting for the flush timer. */
const DEFAULT_BUFFER_BYTES = 64 * 1024;
const MIB = 1024 * 1024;
const ERROR_LOG_INTERVAL_MS = 10_000;

export interface FileSinkOptions {
  append: boolean;
  rotation?: RotationConfig;
  flushIntervalMs: number;
  logger: Logger;
  /** Mode for directories the sink creates (rotation creates the file's directory, as lumberjack). */
  directoryMode?: number;
  bufferBytes?: number;
  now?: () => Date;
}

/** Logs the first error of a burst, then at most one line per interval with the count held back. */
class ErrorLogLimiter {
  private last = -Infinity;
  private suppressed = 0;
  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = ERROR_LOG_INTERVAL_MS,
  ) {}
  error(fields: Record<string, unknown>, msg: string): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.error(this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields, msg);
    this.last = now;
    this.suppressed = 0;
  }
}

export class FileSink {
  private fh: FileHandle | undefined;
  /** Bytes in the file on disk. */
  private size = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private pendingError: Error | undefined;
  private closed = false;
  private readonly errors: ErrorLogLimiter;
  private readonly bufferBytes: number;
  private readonly now: () => Date;

  constructor(
    readonly path: string,
    private readonly o: FileSinkOptions,
  ) {
    this.errors = new ErrorLogLimiter(o.logger);
    this.bufferBytes = o.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    this.now = o.now ?? (() => new Date());
  }

  private get maxBytes(): number {
    const mb = this.o.rotation!.max_megabytes;
    return (mb > 0 ? mb : DEFAULT_MAX_MEGABYTES) * MIB;
  }

  /** Opens (creates, truncates unless appending) the file and starts the flush timer. */
  async open(): Promise<void> {
    if (this.o.rotation) {
      // lumberjack keeps appending to an existing file and creates its directory.
      await mkdir(dirname(this.path), { recursive: true, mode: this.o.directoryMode ?? 0o755 });
      this.fh = await open(this.path, 'a', 0o644);
      this.size = (await this.fh.stat()).size;
    } else {
      this.fh = await open(this.path, this.o.append ? 'a' : 'w', 0o644);
      this.size = this.o.append ? (await this.fh.stat()).size : 0;
    }
    const interval = Math.max(1, this.o.flushIntervalMs);
    this.timer = setInterval(() => void this.flushInBackground(), interval);
    // The flush timer alone must not keep the process alive; shutdown flushes anyway.
    this.timer.unref();
  }

  /** Buffers one record; resolves once buffered (or written, when it filled the buffer). */
  write(record: Buffer): Promise<void> {
    return this.serialize(() => this.writeNow(record));
  }

  flush(): Promise<void> {
    return this.serialize(() => this.flushNow());
  }

  /** Stops the timer, writes what is buffered and closes the file; rejects if that write fails. */
  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.serialize(async () => {
      if (this.closed) return;
      this.closed = true;
      try {
        await this.flushNow();
      } finally {
        await this.fh?.close();
        this.fh = undefined;
      }
    });
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async flushInBackground(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.pendingError = err as Error;
    }
  }

  private async writeNow(record: Buffer): Promise<void> {
    if (this.closed || !this.fh) throw new Error(`file "${this.path}" is closed`);
    if (this.pendingError) {
      const err = this.pendingError;
      this.pendingError = undefined;
      throw err;
    }
    if (this.o.rotation) {
      const max = this.maxBytes;
      if (record.length > max) throw new Error(`write length ${record.length} exceeds maximum file size ${max}`);
      if (this.size + this.buffered + record.length > max) {
        await this.flushNow();
        await this.rotate();
      }
    }
    this.chunks.push(record);
    this.buffered += record.length;
    if (this.buffered >= this.bufferBytes) await this.flushNow();
  }

  private async flushNow(): Promise<void> {
    if (this.buffered === 0 || !this.fh) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    let off = 0;
    try {
      while (off < data.length) {
        const { bytesWritten } = await this.fh.write(data, off, data.length - off, null);
        off += bytesWritten;
      }
    } catch (err) {
      const e = err as Error;
      this.errors.error({ path: this.path, error: e.message, dropped_bytes: data.length - off }, 'Failed to write to file');
      throw new Error(`write to "${this.path}" failed: ${e.message}`, { cause: err });
    } finally {
      this.size += off;
    }
  }

  private async rotate(): Promise<void> {
    const rot = this.o.rotation!;
    await this.fh!.close();
    this.fh = undefined;
    const now = this.now();
    try {
      await rename(this.path, await freeBackupPath(this.path, now, rot.localtime));
    } catch (err) {
      // Keep writing to the current file; the next record tries the rotation again.
      this.fh = await open(this.path, 'a', 0o644);
      throw new Error(`rotating "${this.path}" failed: ${(err as Error).message}`, { cause: err });
    }
    this.fh = await open(this.path, 'w', 0o644);
    this.size = 0;
    try {
      await pruneBackups(this.path, { maxBackups: rot.max_backups, maxDays: rot.max_days, localtime: rot.localtime, now });
    } catch (err) {
      this.errors.error({ path: this.path, error: (err as Error).message }, 'Failed to remove old rotated files');
    }
  }
}
