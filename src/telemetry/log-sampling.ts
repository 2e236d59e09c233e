// Log rate limiting in the manner of zap's sampler (go.uber.org/zap zapcore/sampler.go), which the
// Go collector enables by default: within each tick, per (level, message), the first `initial`
// entries pass, then every `thereafter`-th. Unlike zap, which drops silently, every tick that
// dropped something ends with one line saying how many and which message, so a reader knows the
// volume. This matters here: the collector's own stderr comes back into it through dockerd's
// fluentd driver, and an unreachable exporter must not turn that into a feedback loop.

import type { Logger } from 'pino';

interface SamplingConfig {
  enabled: boolean;
  /** Milliseconds. */
  tick: number;
  initial: number;
  thereafter: number;
}

interface Entry {
  level: number;
  msg: string;
  seen: number;
  dropped: number;
  /** The logger that last dropped the message: the summary carries its bindings. */
  logger: Logger;
}

// zap keeps 4096 counters per level; beyond that many distinct messages per tick we stop
// tracking new ones (they pass) rather than grow without bound.
const MAX_KEYS = 4096;

/** The message text a pino call logs: the format string, not its interpolated arguments. */
function messageOf(args: readonly unknown[]): string {
  const [first, second] = args;
  if (typeof first === 'string') return first;
  if (typeof second === 'string') return second;
  if (first instanceof Error) return first.message;
  return '';
}

export class LogSampler {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private emitting = false;

  constructor(private cfg: SamplingConfig) {}

  configure(cfg: SamplingConfig): void {
    const tickChanged = cfg.tick !== this.cfg.tick;
    this.cfg = cfg;
    if (tickChanged && this.timer) {
      this.stopTimer();
      this.ensureTimer();
    }
  }

  /** Decides whether one log call passes; called from pino's `hooks.logMethod`. */
  admit(logger: Logger, args: readonly unknown[], level: number): boolean {
    if (this.emitting || !this.cfg.enabled) return true;
    const msg = messageOf(args);
    const key = `${level}\u0000${msg}`;
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= MAX_KEYS) return true;
      e = { level, msg, seen: 0, dropped: 0, logger };
      this.entries.set(key, e);
      this.ensureTimer();
    }
    e.seen++;
    if (e.seen <= this.cfg.initial) return true;
    if ((e.seen - this.cfg.initial) % this.cfg.thereafter === 0) return true;
    e.dropped++;
    e.logger = logger;
    return false;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.onTick(), Math.max(1, this.cfg.tick));
    // The log sampler alone must not keep the process alive.
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private onTick(): void {
    // An idle tick stops the timer; the next tracked message starts it again.
    if (this.entries.size === 0) this.stopTimer();
    else this.flush();
  }

  /** Ends the current tick: writes one summary per message that was dropped and resets counts. */
  flush(): void {
    const dropped = [...this.entries.values()].filter((e) => e.dropped > 0);
    this.entries.clear();
    this.emitting = true;
    try {
      for (const e of dropped) {
        const label = e.logger.levels.labels[e.level] ?? 'info';
        const log = (e.logger as unknown as Record<string, (obj: object, msg: string) => void>)[label];
        log?.call(e.logger, { suppressed: e.dropped, suppressed_message: e.msg }, `suppressed ${e.dropped} repeated log messages`);
      }
    } finally {
      this.emitting = false;
    }
  }

  /** Writes pending summaries and stops the tick timer (shutdown). */
  stop(): void {
    this.stopTimer();
    this.flush();
  }
}
