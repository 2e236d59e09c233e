// Where the debug exporter's text goes. With `use_internal_logger: true` (the default) it is the
// collector's own logger, so the lines carry the component's fields and follow
// `service::telemetry::logs`. Otherwise Go builds a separate zap logger with the console
// encoder and no time or level (core `exporter/debugexporter/factory.go`, createCustomLogger):
// each entry is the message, then a tab and the fields as zap's spaced JSON when there are any.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from 'pino';

export type SummaryFields = Readonly<Record<string, number>>;

export interface TextOutput {
  /** Opens file destinations; throws a message naming the path when one cannot be opened. */
  open(): void;
  write(message: string, fields?: SummaryFields): void;
  close(): void;
}

export class LoggerOutput implements TextOutput {
  constructor(private readonly logger: Logger) {}
  open(): void {}
  write(message: string, fields?: SummaryFields): void {
    if (fields) this.logger.info(fields, message);
    else this.logger.info(message);
  }
  close(): void {}
}

/** zap's console encoding of the fields: `{"resource spans": 1, "spans": 2}`. */
function consoleFields(fields: SummaryFields): string {
  return `{${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}: ${v}`)
    .join(', ')}}`;
}

type Target = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'file'; path: string; fd: number };

export class ConsoleOutput implements TextOutput {
  private targets: Target[] = [];

  constructor(private readonly paths: readonly string[]) {}

  open(): void {
    const opened: Target[] = [];
    try {
      for (const p of this.paths) {
        if (p === 'stdout' || p === 'stderr') opened.push(p === 'stdout' ? { kind: 'stdout' } : { kind: 'stderr' });
        else {
          // zap opens sinks with O_APPEND|O_CREATE, mode 0666, and does not create directories.
          try {
            opened.push({ kind: 'file', path: p, fd: openSync(p, 'a', 0o666) });
          } catch (err) {
            throw new Error(`cannot open output path "${p}": ${(err as Error).message}`, { cause: err });
          }
        }
      }
    } catch (err) {
      for (const t of opened) if (t.kind === 'file') closeSync(t.fd);
      throw err;
    }
    this.targets = opened;
  }

  write(message: string, fields?: SummaryFields): void {
    const line = fields ? `${message}\t${consoleFields(fields)}\n` : `${message}\n`;
    for (const t of this.targets) {
      if (t.kind === 'stdout') process.stdout.write(line);
      else if (t.kind === 'stderr') process.stderr.write(line);
      // Synchronous like zap's file sink: output is sampled, and nothing is lost at exit.
      else writeSync(t.fd, line);
    }
  }

  close(): void {
    for (const t of this.targets) if (t.kind === 'file') closeSync(t.fd);
    this.targets = [];
  }
}
