// Command-line parsing in otelcol's shape: `--config` (repeatable, `=` or space form), `--set`,
// `--feature-gates`, subcommands. Unknown flags are a usage error (exit 2).

import { availableParallelism } from 'node:os';

export type Command = 'run' | 'validate' | 'components' | 'print-config' | 'version' | 'help';

export interface CliArgs {
  command: Command;
  configs: string[];
  sets: string[];
  featureGates: string[];
  mode: 'redacted' | 'unredacted';
  format: 'yaml' | 'json';
  /** Processes that serve the receivers (`--workers`, src/workers/); 1 = one process, as before. */
  workers: number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SUBCOMMANDS: Record<string, Command> = {
  validate: 'validate',
  components: 'components',
  'print-config': 'print-config',
  'print-initial-config': 'print-config',
  help: 'help',
};

const VALUE_FLAGS = new Set(['config', 'set', 'feature-gates', 'mode', 'format', 'workers']);

/** A value over this is a typo, not a machine: each worker is a whole Node process. */
const MAX_WORKERS = 256;

function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WORKERS) {
    throw new UsageError(`invalid --workers "${value}": must be a number from 1 to ${MAX_WORKERS}, or auto`);
  }
  return Number(value);
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { command: 'run', configs: [], sets: [], featureGates: [], mode: 'redacted', format: 'yaml', workers: 1 };
  let sawCommand = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (!arg.startsWith('-')) {
      const cmd = SUBCOMMANDS[arg];
      if (!cmd || sawCommand) throw new UsageError(`unknown command "${arg}"`);
      out.command = cmd;
      sawCommand = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      out.command = 'help';
      continue;
    }
    if (arg === '-v' || arg === '--version') {
      out.command = 'version';
      continue;
    }
    const m = /^--?([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m || !VALUE_FLAGS.has(m[1]!)) throw new UsageError(`unknown flag: ${arg}`);
    const name = m[1]!;
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`flag needs an argument: --${name}`);
    }
    switch (name) {
      case 'config':
        out.configs.push(value);
        break;
      case 'set':
        out.sets.push(value);
        break;
      case 'feature-gates':
        out.featureGates.push(...value.split(',').filter(Boolean));
        break;
      case 'mode':
        if (value !== 'redacted' && value !== 'unredacted') throw new UsageError(`invalid --mode "${value}": must be redacted or unredacted`);
        out.mode = value;
        break;
      case 'format':
        if (value !== 'yaml' && value !== 'json') throw new UsageError(`invalid --format "${value}": must be yaml or json`);
        out.format = value;
        break;
      case 'workers':
        out.workers = parseWorkers(value);
        break;
    }
  }
  return out;
}

export const USAGE = `Usage: otelcol-ts [command] --config=<uri> [--config=<uri> ...] [--set key=value ...]

An OpenTelemetry collector in TypeScript.

Commands:
  (none)         run the collector
  validate       check the configuration and report every problem, without starting anything
  components     list the available component types, their signals, stability and aliases
  print-config   print the effective configuration (--mode redacted|unredacted, --format yaml|json)

Flags:
  --config <uri>         a config file path, file:<path>, env:<VAR> or yaml:<inline yaml>; repeatable,
                         later files are deep-merged over earlier ones (lists are replaced)
  --set <key=value>      override one value, e.g. --set=processors.batch.timeout=2s (applied last)
  --feature-gates <list> accepted for compatibility with otelcol (no gates exist yet)
  --workers <n|auto>     serve receivers from n processes (auto: one per CPU); connectors and other
                         components that need one owner run once, in the leader process (default 1)
  --version, -v          print the version
  --help, -h             this text

Signals: SIGTERM/SIGINT stop gracefully (draining queues); SIGHUP reloads the configuration.`;
