// Exponential backoff with jitter, as cenkalti/backoff's ExponentialBackOff computes it for Go's
// retry sender (core `exporter/exporterhelper/internal/retry_sender.go`): each delay is drawn
// uniformly from interval × [1 - factor, 1 + factor], then the interval grows by `multiplier`
// up to `max_interval`. The elapsed-time limit is enforced by the retry loop, as in Go. The batch
// processor paces its re-sends of refused batches with the same class (no jitter there).

export interface BackoffSettings {
  initial_interval: number;
  max_interval: number;
  multiplier: number;
  randomization_factor: number;
}

export class ExponentialBackoff {
  private current: number;

  constructor(
    private readonly cfg: BackoffSettings,
    private readonly random: () => number = Math.random,
  ) {
    this.current = cfg.initial_interval;
  }

  /** The next delay in milliseconds. */
  next(): number {
    const delta = this.cfg.randomization_factor * this.current;
    const min = this.current - delta;
    const max = this.current + delta;
    const delay = min + this.random() * (max - min);
    // cenkalti: once the next step would pass max_interval, stay at max_interval.
    if (this.current >= this.cfg.max_interval / this.cfg.multiplier) this.current = this.cfg.max_interval;
    else this.current *= this.cfg.multiplier;
    return Math.max(0, delay);
  }

  /** Back to `initial_interval`, after a success (cenkalti's Reset). */
  reset(): void {
    this.current = this.cfg.initial_interval;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
