// A credential kept in a file and re-read when the file changes (contrib bearertokenauth's
// `filename`, basicauth's `username_file` / `password_file`). Polling the path's stat, rather
// than an inotify watch on the file, also follows Kubernetes secret and ConfigMap updates, which
// swap a symlink instead of writing the file. The baseline is the stat taken when the content
// was last read, so a change landing between that read and the first poll is not missed.

import { readFileSync, statSync } from 'node:fs';
import { readFileGo } from '../tls/loader.js';

interface WatchedFileOptions {
  /** Poll interval (default 1s). */
  intervalMs?: number;
  /** Called with the new content after a change; errors reading it go to onError. */
  onChange?: (content: string) => void;
  onError?: (err: Error) => void;
}

function signature(path: string): string {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (err) {
    return `error:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

export class WatchedFile {
  private timer: NodeJS.Timeout | undefined;
  private seen = '';

  constructor(
    readonly path: string,
    private readonly opts: WatchedFileOptions = {},
  ) {}

  /** The current content; throws `open <path>: no such file or directory` style errors. */
  read(): string {
    this.seen = signature(this.path);
    return readFileGo(this.path).toString('utf8');
  }

  /** Starts polling; the process does not stay alive for it. */
  start(): void {
    if (this.timer) return;
    if (this.seen === '') this.seen = signature(this.path);
    this.timer = setInterval(() => this.poll(), this.opts.intervalMs ?? 1_000);
    this.timer.unref();
  }

  private poll(): void {
    const now = signature(this.path);
    if (now === this.seen) return;
    this.seen = now;
    let content: string;
    try {
      content = readFileSync(this.path, 'utf8');
    } catch (err) {
      this.opts.onError?.(err as Error);
      return;
    }
    this.opts.onChange?.(content);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
