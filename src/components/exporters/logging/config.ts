// logging exporter options (core `exporter/loggingexporter/{config.go,factory.go}`, v0.80–v0.110;
// the exporter was removed in v0.111.0). `loglevel` is the deprecated way to pick a verbosity;
// setting both keys is an error, and an absent key must stay distinguishable from a set one.

import { SchemaNode, s, type ConfigIssue, type DecodeContext, type Infer } from '../../../core/schema.js';
import { LEVEL_TEXT, LevelNode, type Level, type Verbosity } from '../debug/config.js';

type ZapLevel = 'debug' | 'info' | 'warn' | 'error' | 'dpanic' | 'panic' | 'fatal';

// zapcore.Level.UnmarshalText accepts exactly the lower- and upper-case names, and "" as info.
const ZAP_LEVELS: readonly ZapLevel[] = ['debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal'];

/** `loglevel`: undefined when the key is absent; a present null or "" is info, as in zap. */
class ZapLevelNode extends SchemaNode<ZapLevel | undefined> {
  defaultValue(): ZapLevel | undefined {
    return undefined;
  }
  typeName(): string {
    return 'debug|info|warn|error';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): ZapLevel | undefined {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined || v === '') return 'info';
    const text = String(v);
    const hit = ZAP_LEVELS.find((l) => l === text || l.toUpperCase() === text);
    if (hit !== undefined) return hit;
    ctx.issue(path, `'${path[path.length - 1] ?? ''}' unrecognized level: ${JSON.stringify(text)}`);
    return 'info';
  }
}

export const loggingConfig = s.object({
  loglevel: new ZapLevelNode().doc(
    'Deprecated: debug prints every item in full (verbosity detailed), info the summary (normal), warn and above the summary (basic).',
  ),
  verbosity: new LevelNode<undefined>(undefined).doc('basic, normal or detailed (default normal); only detailed prints the items.'),
  sampling_initial: s.int(2).doc('Messages logged in full each second before sampling starts.'),
  sampling_thereafter: s.int(500).doc('After the initial messages, log every Nth message each second.'),
});

export type LoggingConfig = Infer<typeof loggingConfig.fields>;

/** Go's mapLevel: debug → detailed, info → normal, anything above info → basic. */
function verbosityForLogLevel(level: ZapLevel): Verbosity {
  if (level === 'debug') return 'detailed';
  if (level === 'info') return 'normal';
  return 'basic';
}

/** The verbosity the exporter runs with: `verbosity`, else the one `loglevel` maps to, else normal. */
export function effectiveLevel(cfg: LoggingConfig): Level {
  if (cfg.verbosity !== undefined) return cfg.verbosity;
  return cfg.loglevel !== undefined ? verbosityForLogLevel(cfg.loglevel) : 'normal';
}

/** Go's Unmarshal and Validate checks, with their messages. */
export function validateLogging(cfg: LoggingConfig): ConfigIssue[] {
  if (cfg.loglevel !== undefined && cfg.verbosity !== undefined) {
    return [{ path: [], message: "'loglevel' and 'verbosity' are incompatible. Use only 'verbosity' instead" }];
  }
  const level = effectiveLevel(cfg);
  if (level === 'none') return [{ path: ['verbosity'], message: `verbosity level "${LEVEL_TEXT.none}" is not supported` }];
  return [];
}
