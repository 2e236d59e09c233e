// reload_interval (Go: configtls certReloader re-reads cert and key once the interval has passed):
// re-read the files on a timer and hand fresh options to the owner when their content changed.
// A failed reload keeps the previous options and is reported, as Go keeps serving the old cert.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

function fingerprint(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    try {
      h.update(readFileSync(f));
    } catch (err) {
      h.update(`missing:${(err as NodeJS.ErrnoException).code ?? ''}`);
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * Calls `apply(load())` whenever the content of `files` changes, checking every `intervalMs`.
 * Returns a function that stops watching. The timer does not keep the process alive.
 */
export function watchTlsFiles<T>(
  files: readonly string[],
  intervalMs: number,
  load: () => T,
  apply: (opts: T) => void,
  onError: (err: Error) => void,
): () => void {
  if (intervalMs <= 0 || files.length === 0) return () => undefined;
  let last = fingerprint(files);
  const timer = setInterval(() => {
    const now = fingerprint(files);
    if (now === last) return;
    try {
      const opts = load();
      last = now;
      apply(opts);
    } catch (err) {
      onError(err as Error);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
