// `group_by`: one file per value of a resource attribute, the value replacing the `*` in path
// (contrib `exporter/fileexporter/grouping_file_exporter.go`). Resources without the attribute
// (or with a non-string value) are dropped with a debug line; at most `max_open_files` files
// stay open, the least recently written one being closed first; a segment cannot lead out of
// the directory before the `*`.

import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Logger } from 'pino';
import { Logs, Metrics, Traces, getAttribute, type Payload, type Resource } from '../../../pdata/index.js';
import { FileSink, type FileSinkOptions } from './file-sink.js';

/** Go's path.Clean: normalized, without a trailing slash (except the root). */
function clean(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function cleanPrefix(prefix: string): string {
  const c = clean(prefix);
  return prefix.endsWith('/') && !c.endsWith('/') ? c + '/' : c;
}

export class GroupedFiles {
  private readonly prefix: string;
  private readonly suffix: string;
  /** Open sinks in least-recently-used order (a Map iterates in insertion order). */
  private readonly sinks = new Map<string, Promise<FileSink>>();
  /** Closes of evicted sinks still under way; shutdown waits for them. */
  private readonly evicting = new Set<Promise<void>>();

  constructor(
    path: string,
    private readonly attribute: string,
    private readonly maxOpenFiles: number,
    private readonly directoryMode: number,
    private readonly sinkOptions: FileSinkOptions,
    private readonly logger: Logger,
  ) {
    const [before, after] = path.split('*') as [string, string];
    this.prefix = cleanPrefix(before);
    this.suffix = after;
  }

  /** The file for a segment, kept under the prefix whatever `..` the segment holds. */
  fullPath(segment: string): string {
    let seg = segment;
    if (seg.startsWith('./')) seg = seg.slice(1);
    else if (seg.startsWith('../')) seg = seg.slice(2);
    const full = clean(this.prefix + seg + this.suffix);
    if (full.startsWith(this.prefix)) return full;
    return clean(posix.join(this.prefix, clean('/' + seg + this.suffix)));
  }

  private segmentOf(resource: Resource): string | undefined {
    const v = getAttribute(resource.attributes, this.attribute);
    if (typeof v === 'string') return v;
    this.logger.debug(`Resource does not contain ${this.attribute} attribute, dropping it`);
    return undefined;
  }

  /** The payload split into one payload per output file. */
  split(p: Payload): Map<string, Traces | Metrics | Logs> {
    const out = new Map<string, Traces | Metrics | Logs>();
    const groupBy = <R extends { resource: Resource }>(list: readonly R[], make: (rs: R[]) => Traces | Metrics | Logs) => {
      const groups = new Map<string, R[]>();
      for (const r of list) {
        const seg = this.segmentOf(r.resource);
        if (seg === undefined) continue;
        const g = groups.get(seg);
        if (g) g.push(r);
        else groups.set(seg, [r]);
      }
      for (const [seg, rs] of groups) out.set(seg, make(rs));
    };
    if (p instanceof Traces) groupBy(p.resourceSpans, (rs) => new Traces(rs));
    else if (p instanceof Metrics) groupBy(p.resourceMetrics, (rs) => new Metrics(rs));
    else groupBy(p.resourceLogs, (rs) => new Logs(rs));
    return out;
  }

  async write(segment: string, record: Buffer): Promise<void> {
    const sink = await this.sinkFor(this.fullPath(segment));
    await sink.write(record);
  }

  /** The open sink for a path; concurrent first writes share one open (a second would truncate). */
  private sinkFor(path: string): Promise<FileSink> {
    const existing = this.sinks.get(path);
    if (existing) {
      this.sinks.delete(path);
      this.sinks.set(path, existing);
      return existing;
    }
    const opening = this.openSink(path);
    this.sinks.set(path, opening);
    opening.catch(() => {
      if (this.sinks.get(path) === opening) this.sinks.delete(path);
    });
    while (this.sinks.size > this.maxOpenFiles) {
      const [oldPath, oldest] = this.sinks.entries().next().value as [string, Promise<FileSink>];
      this.sinks.delete(oldPath);
      const closing = oldest.then(
        (sink) => this.closeSink(sink),
        () => undefined,
      );
      this.evicting.add(closing);
      void closing.finally(() => this.evicting.delete(closing));
    }
    return opening;
  }

  private async openSink(path: string): Promise<FileSink> {
    await mkdir(posix.dirname(path), { recursive: true, mode: this.directoryMode });
    const sink = new FileSink(path, this.sinkOptions);
    await sink.open();
    return sink;
  }

  private async closeSink(sink: FileSink): Promise<void> {
    try {
      await sink.close();
    } catch (err) {
      this.logger.warn({ error: (err as Error).message, path: sink.path }, 'Failed to close file');
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.sinks.values()];
    this.sinks.clear();
    for (const opening of all) {
      const sink = await opening.catch(() => undefined);
      if (sink) await this.closeSink(sink);
    }
    await Promise.all([...this.evicting]);
  }
}
