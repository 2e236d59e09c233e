// The collector's own logger: pino shaped like the Go collector's zap output (`level`, `ts`,
// `msg`, errors as `"error": "<text>"`), sampled like zap, secrets redacted by key name.

import pino, { type DestinationStream, type Logger } from 'pino';
import type { TelemetryConfig } from './config.js';
import { LogSampler } from './log-sampling.js';
import { formatConsoleLine } from './console-format.js';

export type LogsConfig = TelemetryConfig['logs'];

export interface LoggerOptions {
  /** Overrides `output_paths`: a stream (tests) or a file descriptor. */
  destination?: NodeJS.WritableStream | DestinationStream | number;
}

/**
 * Keys whose values never reach a log line, at the top level or one or two objects down.
 * Header maps are redacted whole: any header can carry a credential (`lightstep-access-token`).
 */
const REDACT_PATHS: readonly string[] = [
  ...['password', 'authorization', 'Authorization', 'token', 'api_key', 'apikey', 'secret', 'bearer_token', 'client_secret'].flatMap((k) => [
    k,
    `*.${k}`,
    `*.*.${k}`,
  ]),
  'headers.*',
  '*.headers.*',
  '*.*.headers.*',
];

const samplers = new WeakMap<Logger, LogSampler>();

function errorText(err: unknown): unknown {
  if (err instanceof Error) return err.message;
  return err;
}

function openPath(path: string): DestinationStream {
  // Synchronous writes, as zap's: logs are sampled, so volume is low, and nothing is lost on exit.
  if (path === 'stderr') return pino.destination({ dest: 2, sync: true });
  if (path === 'stdout') return pino.destination({ dest: 1, sync: true });
  return pino.destination({ dest: path, sync: true, mkdir: true, append: true });
}

function destinationFor(cfg: LogsConfig, opts: LoggerOptions | undefined): DestinationStream {
  const d = opts?.destination;
  if (typeof d === 'number') return pino.destination({ dest: d, sync: true });
  if (d) return d as DestinationStream;
  const paths = cfg.output_paths.length ? [...new Set(cfg.output_paths)] : ['stderr'];
  if (paths.length === 1) return openPath(paths[0]!);
  // Each stream takes every level: the logger's own level is the one filter.
  return pino.multistream(paths.map((p) => ({ stream: openPath(p), level: 'trace' as const })));
}

export function createLogger(cfg: LogsConfig, opts?: LoggerOptions): Logger {
  const sampler = new LogSampler(cfg.sampling);
  const base = cfg.initial_fields && Object.keys(cfg.initial_fields).length ? { ...cfg.initial_fields } : null;
  // Go's development mode logs stack traces; production logs `error` as the error's text only.
  const errSerializer = cfg.development ? pino.stdSerializers.err : errorText;
  const logger = pino(
    {
      level: cfg.level,
      base,
      messageKey: 'msg',
      errorKey: 'error',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: errSerializer, err: errSerializer },
      redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method, level) {
          if (sampler.admit(this, args, level)) method.apply(this, args);
        },
        streamWrite: cfg.encoding === 'console' ? formatConsoleLine : undefined,
      },
    },
    destinationFor(cfg, opts),
  );
  samplers.set(logger, sampler);
  return logger;
}

/** Applies a reloaded config's level and sampling to a logger made by createLogger. */
export function reconfigureLogger(logger: Logger, cfg: LogsConfig): void {
  logger.level = cfg.level;
  samplers.get(logger)?.configure(cfg.sampling);
}

/** Writes the pending "suppressed N repeated log messages" lines and stops the sampling timer. */
export function flushLogSampling(logger: Logger): void {
  samplers.get(logger)?.stop();
}
