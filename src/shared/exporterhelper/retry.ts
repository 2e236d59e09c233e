// The one retry loop every exporter uses (Go: core `exporter/exporterhelper/internal/
// retry_sender.go` wrapped around `timeout_sender.go`). Each attempt gets its own AbortSignal that
// fires on the per-attempt timeout or on a hard stop; permanent errors end the loop at once; a
// server-sent delay (Retry-After, gRPC RetryInfo) lengthens the wait to at least that delay; a
// wait that would end past `max_elapsed_time` ends the loop instead (Go does the same check
// before sleeping); shutdown interrupts the wait, so the request gets no further attempt.

import type { Logger } from 'pino';
import { ConsumerError, type ConsumerErrorKind } from '../../core/consumer.js';
import { formatDuration } from '../../core/units.js';
import { ExponentialBackoff, sleep } from './backoff.js';
import type { RetryConfig } from './config.js';
import { errorText } from './redact.js';

/** The retry loop gave up because the exporter is shutting down (Go: experr.shutdownErr). */
export class ExportInterruptedError extends ConsumerError {
  constructor(message: string, kind: ConsumerErrorKind, cause?: unknown) {
    super(message, kind, undefined, { cause });
    this.name = 'ExportInterruptedError';
  }
}

type Attempt = (abort: AbortSignal) => Promise<void>;

interface RetryLoopOptions {
  retry: RetryConfig;
  /** Per-attempt timeout in ms; 0 = none. */
  timeoutMs: number;
  logger: Logger;
  /** Aborted at shutdown: ends backoff waits (the attempt in progress runs on). */
  stop: AbortSignal;
  /** Aborted when the shutdown deadline passes: ends the attempt in progress too. */
  kill: AbortSignal;
  random?: () => number;
}

/** Any thrown value as a ConsumerError; unknown errors (network, bugs) are retryable, as in Go. */
export function toConsumerError(err: unknown): ConsumerError {
  if (err instanceof ConsumerError) return err;
  return ConsumerError.retryable(errorText(err), undefined, err);
}

function wrap(prefix: string, err: ConsumerError): ConsumerError {
  return new ConsumerError(prefix + err.message, err.kind, undefined, { cause: err });
}

/** Runs one attempt under the timeout and the kill signal; never waits on a sender that ignores its signal. */
export async function runAttempt(attempt: Attempt, timeoutMs: number, kill: AbortSignal): Promise<void> {
  if (kill.aborted) throw new ExportInterruptedError('interrupted due to shutdown: shutdown deadline passed', 'retryable');
  const ac = new AbortController();
  let timedOut = false;
  const onKill = () => ac.abort(kill.reason);
  kill.addEventListener('abort', onKill, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          ac.abort(new Error('context deadline exceeded'));
        }, timeoutMs)
      : undefined;
  const aborted = new Promise<never>((_, reject) => {
    ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
  });
  const running = Promise.resolve().then(() => attempt(ac.signal));
  // The loser of the race must not surface as an unhandled rejection.
  running.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    await Promise.race([running, aborted]);
  } catch (err) {
    if (timedOut) {
      throw ConsumerError.retryable(`export attempt timed out after ${formatDuration(timeoutMs)}: context deadline exceeded`, undefined, err);
    }
    if (kill.aborted) throw new ExportInterruptedError(`interrupted due to shutdown: ${errorText(err)}`, 'retryable', err);
    throw toConsumerError(err);
  } finally {
    clearTimeout(timer);
    kill.removeEventListener('abort', onKill);
  }
}

/** Sends with retries; resolves on success, rejects with a ConsumerError saying why it gave up. */
export async function sendWithRetry(attempt: Attempt, opts: RetryLoopOptions): Promise<void> {
  if (!opts.retry.enabled) return runAttempt(attempt, opts.timeoutMs, opts.kill);
  const backoff = new ExponentialBackoff(opts.retry, opts.random);
  const deadline = opts.retry.max_elapsed_time > 0 ? performance.now() + opts.retry.max_elapsed_time : Infinity;
  for (;;) {
    let err: ConsumerError;
    try {
      await runAttempt(attempt, opts.timeoutMs, opts.kill);
      return;
    } catch (e) {
      err = e as ConsumerError;
    }
    if (err instanceof ExportInterruptedError) throw err;
    if (err.kind === 'permanent') throw wrap('not retryable error: ', err);
    let delay = backoff.next();
    if (err.retryAfterMs !== undefined) delay = Math.max(delay, err.retryAfterMs);
    if (performance.now() + delay > deadline) throw wrap('no more retries left: ', err);
    if (opts.stop.aborted) throw new ExportInterruptedError(`interrupted due to shutdown: ${err.message}`, err.kind, err);
    opts.logger.info(
      { error: errorText(err), interval: formatDuration(Math.round(delay)) },
      'Exporting failed. Will retry the request after interval.',
    );
    try {
      await sleep(delay, opts.stop);
    } catch {
      throw new ExportInterruptedError(`interrupted due to shutdown: ${err.message}`, err.kind, err);
    }
  }
}
