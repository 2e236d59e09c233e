// Go logs every partial_success answer at WARN ("Partial success response", core
// exporter/otlpexporter/otlp.go and otlphttpexporter/otlp.go). A backend that rejects part of
// every request would then log once per request; here one line per signal per interval is
// written and the lines in between are counted in `suppressed_warnings`.

import type { Logger } from 'pino';
import type { Signal } from '../../core/payload.js';
import type { ExportResponse } from '../../pdata/responses.js';
import { DROPPED_FIELD } from './signals.js';

const PARTIAL_SUCCESS_LOG_INTERVAL_MS = 1_000;

export class PartialSuccessLog {
  private readonly last = new Map<Signal, number>();
  private readonly suppressed = new Map<Signal, number>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = PARTIAL_SUCCESS_LOG_INTERVAL_MS,
  ) {}

  /** Warns when the response reports rejected items or an error message. */
  report(signal: Signal, res: ExportResponse): void {
    const ps = res.partialSuccess;
    if (!ps || (ps.errorMessage === '' && ps.rejected === 0n)) return;
    const now = performance.now();
    const last = this.last.get(signal);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(signal, (this.suppressed.get(signal) ?? 0) + 1);
      return;
    }
    const fields: Record<string, unknown> = { message: ps.errorMessage, [DROPPED_FIELD[signal]]: Number(ps.rejected) };
    const skipped = this.suppressed.get(signal) ?? 0;
    if (skipped > 0) fields.suppressed_warnings = skipped;
    this.logger.warn(fields, 'Partial success response');
    this.last.set(signal, now);
    this.suppressed.set(signal, 0);
  }
}
