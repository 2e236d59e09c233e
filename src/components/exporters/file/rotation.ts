// Backup naming and pruning for `rotation`, following lumberjack (which Go's file exporter uses,
// now through its timberjack fork): the rotated file is renamed to
// `<name>-<2006-01-02T15-04-05.000><ext>` (UTC unless `localtime`), and after each rotation
// backups beyond `max_backups`, or older than `max_days` by their name's timestamp, are removed.

import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go layout `2006-01-02T15-04-05.000`. */
export function backupTimestamp(t: Date, localtime: boolean): string {
  return localtime
    ? `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}-${pad(t.getMinutes())}-${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`
    : `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`;
}

function parseTimestamp(s: string, localtime: boolean): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  return localtime ? new Date(y, mo - 1, d, h, mi, se, ms) : new Date(Date.UTC(y, mo - 1, d, h, mi, se, ms));
}

/** The parts a backup name is built from: `data.json` → `data-` … `.json`. */
function nameParts(path: string): { dir: string; prefix: string; ext: string } {
  const ext = extname(path);
  return { dir: dirname(path), prefix: basename(path, ext) + '-', ext };
}

export function backupPath(path: string, t: Date, localtime: boolean): string {
  const { dir, prefix, ext } = nameParts(path);
  return join(dir, `${prefix}${backupTimestamp(t, localtime)}${ext}`);
}

/**
 * A backup name for a rotation at `t` that no file uses yet. lumberjack would overwrite a
 * backup made in the same millisecond; moving on by a millisecond keeps both and their order.
 */
export async function freeBackupPath(path: string, t: Date, localtime: boolean): Promise<string> {
  for (let ms = t.getTime(); ; ms++) {
    const candidate = backupPath(path, new Date(ms), localtime);
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

interface PruneOptions {
  maxBackups: number;
  maxDays: number;
  localtime: boolean;
  now: Date;
}

/** Removes the backups of `path` that rotation settings no longer keep; returns their paths. */
export async function pruneBackups(path: string, opts: PruneOptions): Promise<string[]> {
  if (opts.maxBackups <= 0 && opts.maxDays <= 0) return [];
  const { dir, prefix, ext } = nameParts(path);
  const backups: Array<{ file: string; time: number }> = [];
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(ext) || name.length <= prefix.length + ext.length) continue;
    const t = parseTimestamp(name.slice(prefix.length, name.length - ext.length), opts.localtime);
    if (t) backups.push({ file: join(dir, name), time: t.getTime() });
  }
  backups.sort((a, b) => b.time - a.time);
  const cutoff = opts.now.getTime() - opts.maxDays * 24 * 3600_000;
  const remove = backups.filter((b, i) => (opts.maxBackups > 0 && i >= opts.maxBackups) || (opts.maxDays > 0 && b.time < cutoff));
  for (const b of remove) await unlink(b.file);
  return remove.map((b) => b.file);
}
