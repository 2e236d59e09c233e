// Config problems: each tagged with its `::` key path (as Go's confmap.Validate prefixes errors)
// and, where known, the file:line:col it was written at. All are collected, then reported at once
// in the order they appear in the config.

import { formatWhere, joinPath, type Position, type PositionMap } from './yaml.js';

interface ConfigProblem {
  /** `receivers::otlp::protocols::grpc::endpoint`; empty for whole-config problems. */
  path: string;
  message: string;
  /** `file.yaml:12:7` (or a source label when there is no line). */
  where?: string;
}

function formatProblem(p: ConfigProblem): string {
  const text = p.path ? `${p.path}: ${p.message}` : p.message;
  return p.where ? `${text} (${p.where})` : text;
}

/** Every problem, one per line. */
export function formatProblems(err: ConfigError): string {
  return err.issues.map(formatProblem).join('\n');
}

export class ConfigError extends Error {
  /**
   * `warnings` are those found before the load stopped (an unset `${env:X}` is often the cause of
   * a problem reported here, so they are shown with the problems, not lost).
   */
  constructor(
    readonly issues: ConfigProblem[],
    readonly warnings: readonly string[] = [],
  ) {
    super(issues.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

interface Entry {
  problem: ConfigProblem;
  at?: Position;
  seq: number;
}

const INVALID_KEYS_RE = /has invalid keys: ([^,]+)/;

export class ProblemCollector {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly positions: PositionMap) {}

  /** The position of the deepest recorded key along `path`. */
  locate(path: readonly string[]): Position | undefined {
    for (let n = path.length; n > 0; n--) {
      const p = this.positions.get(joinPath(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  }

  /**
   * Adds a problem at `path`. `wherePath` locates it when the reported path is coarser than the
   * spot to point at (Go reports `service::pipelines::traces`, we point at the list item).
   */
  add(path: readonly string[], message: string, wherePath?: readonly string[]): void {
    let at = this.locate(wherePath ?? path);
    // Point an unknown-key problem at the first offending key rather than its parent.
    const bad = INVALID_KEYS_RE.exec(message);
    if (bad && !wherePath) at = this.positions.get(joinPath([...path, bad[1]!.trim()])) ?? at;
    this.addAt(joinPath(path), message, at);
  }

  addAt(path: string, message: string, at?: Position, where?: string): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const problem: ConfigProblem = { path, message };
    const w = at ? formatWhere(at) : where;
    if (w) problem.where = w;
    this.entries.push({ problem, at, seq: this.entries.length });
  }

  get size(): number {
    return this.entries.length;
  }

  hasUnder(path: readonly string[]): boolean {
    const key = joinPath(path);
    return this.entries.some((e) => e.problem.path === key || e.problem.path.startsWith(`${key}::`));
  }

  /** Whole-config problems first, then by source, line and column. */
  sorted(): ConfigProblem[] {
    return [...this.entries]
      .sort((a, b) => {
        if (!a.at || !b.at) return (a.at ? 1 : 0) - (b.at ? 1 : 0) || a.seq - b.seq;
        const x = a.at;
        const y = b.at;
        return x.source - y.source || x.line - y.line || x.col - y.col || a.seq - b.seq;
      })
      .map((e) => e.problem);
  }

  throwIfAny(warnings: readonly string[] = []): void {
    if (this.entries.length) throw new ConfigError(this.sorted(), [...warnings]);
  }
}
