// Loggers for tests: one that drops everything, and one whose JSON lines land in an array so a test
// can assert on what a component logged (and that it did not log a secret).

import { pino, type Logger } from 'pino';

export const silentLogger: Logger = pino({ level: 'silent' });

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A debug-level pino logger writing parsed lines into `lines`. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as LogLine) });
  return { logger, lines };
}
