// V8 profiles through an in-process node:inspector session: a CPU profile (`.cpuprofile`, the
// JSON Chrome DevTools and speedscope open) and a heap snapshot (`.heapsnapshot`). Each profile
// gets its own session, so a lifetime profile (save_to_file) and an on-demand one can overlap:
// V8 keeps one profile per session.

import { Session } from 'node:inspector';

/** The parts of a V8 CPU profile the callers rely on; the rest passes through untouched. */
export interface CpuProfile {
  nodes: unknown[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function post<T = unknown>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

/** A CPU profile in progress; stop() ends it and returns the profile. */
export interface RunningCpuProfile {
  stop(): Promise<CpuProfile>;
}

export async function startCpuProfile(): Promise<RunningCpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
  } catch (err) {
    session.disconnect();
    throw err;
  }
  let stopped: Promise<CpuProfile> | undefined;
  return {
    stop: () =>
      (stopped ??= post<{ profile: CpuProfile }>(session, 'Profiler.stop')
        .then((r) => r.profile)
        .finally(() => session.disconnect())),
  };
}

/**
 * Takes a heap snapshot, handing its JSON text to `onChunk` piece by piece. V8 serializes it
 * while the thread is paused, so the chunks all arrive before the promise settles.
 */
export async function takeHeapSnapshot(onChunk: (chunk: string) => void): Promise<void> {
  const session = new Session();
  session.connect();
  session.on('HeapProfiler.addHeapSnapshotChunk', (m: { params: { chunk: string } }) => onChunk(m.params.chunk));
  try {
    await post(session, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.disconnect();
  }
}
