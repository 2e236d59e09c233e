// debug exporter options and defaults (core `exporter/debugexporter/{config.go,factory.go}`).

import { SchemaNode, s, type ConfigIssue, type DecodeContext, type Infer } from '../../../core/schema.js';
import { queueSchema, validateQueue } from '../../../shared/exporterhelper/index.js';

/** configtelemetry.Level as the debug and logging exporters accept it. */
export type Level = 'none' | 'basic' | 'normal' | 'detailed';
export type Verbosity = Exclude<Level, 'none'>;

/** How configtelemetry.Level.String() names a level in messages. */
export const LEVEL_TEXT: Record<Level, string> = { none: 'None', basic: 'Basic', normal: 'Normal', detailed: 'Detailed' };

const LEVELS: readonly Level[] = ['none', 'basic', 'normal', 'detailed'];

/**
 * `verbosity`: case-insensitive, as configtelemetry.Level.UnmarshalText; `none` decodes and is
 * refused by validation, like Go. With an undefined default, an absent key decodes to
 * undefined, which the logging exporter needs to tell "unset" from "set".
 */
export class LevelNode<D extends Level | undefined> extends SchemaNode<Level | D> {
  constructor(private readonly def: D) {
    super();
  }
  defaultValue(): Level | D {
    return this.def;
  }
  typeName(): string {
    return 'basic|normal|detailed';
  }
  decode(input: unknown, path: string[], ctx: DecodeContext): Level | D {
    const v = this.unwrap(input, path, ctx, true);
    if (v === null || v === undefined) return this.def;
    const text = String(v).toLowerCase();
    const hit = LEVELS.find((l) => l === text);
    if (hit !== undefined) return hit;
    ctx.issue(path, `'${path[path.length - 1] ?? ''}' unknown metrics level ${JSON.stringify(text)}`);
    return this.def;
  }
}

export const debugConfig = s.object({
  verbosity: new LevelNode<Level>('basic').doc('How much is written per batch: basic (counts), normal (a line per item) or detailed (everything).'),
  sampling_initial: s.int(2).doc('Messages logged in full each second before sampling starts.'),
  sampling_thereafter: s.int(1).doc('After the initial messages, log every Nth message each second; 1 logs all.'),
  use_internal_logger: s.bool(true).doc("Write through the collector's own logger; false writes plain text to `output_paths`."),
  output_paths: s
    .presence(s.list(s.string()))
    .doc('With use_internal_logger false: where to write (`stdout`, `stderr` or file paths); default [stdout].'),
  sending_queue: s.presence(queueSchema()).doc('In-memory queue in front of the output; disabled unless the key is present.'),
});

export type DebugConfig = Infer<typeof debugConfig.fields>;

/** Go's Config.Validate, with its messages. */
export function validateDebug(cfg: DebugConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (cfg.verbosity === 'none') {
    issues.push({ path: ['verbosity'], message: `verbosity level "${LEVEL_TEXT.none}" is not supported` });
  }
  if (cfg.use_internal_logger && cfg.output_paths !== undefined) {
    issues.push({ path: ['output_paths'], message: 'output_paths is not supported when use_internal_logger is true' });
  }
  if (!cfg.use_internal_logger && cfg.output_paths !== undefined && cfg.output_paths.length === 0) {
    issues.push({ path: ['output_paths'], message: 'output_paths must not be empty when use_internal_logger is false' });
  }
  if (cfg.sending_queue !== undefined) issues.push(...validateQueue(cfg.sending_queue));
  return issues;
}
