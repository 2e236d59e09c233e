// The otelcol-ts command: run, validate, components, print-config. Exit codes: 0 ok, 1 a config
// or runtime error (every problem printed), 2 a usage error.

import { stringify } from 'yaml';
import { registry as defaultRegistry, type Registry } from '../components/registry.js';
import { loadConfig, ConfigError, formatProblems } from '../config/load.js';
import { planGraph, GraphError } from '../graph/plan.js';
import { parseArgs, UsageError, USAGE, type CliArgs } from './args.js';
import { Collector } from '../service/collector.js';
import { describeError } from '../service/errors.js';
import { listComponents } from './components.js';
import { buildInfo } from '../service/version.js';

export async function main(argv: readonly string[], registry: Registry = defaultRegistry): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`Error: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${buildInfo().command} version ${buildInfo().version}\n`);
      return 0;
    case 'components':
      process.stdout.write(await listComponents(registry));
      return 0;
  }
  if (args.configs.length === 0) {
    process.stderr.write('Error: at least one config flag must be provided\n');
    return 1;
  }
  if (args.command === 'validate') return validate(args, registry);
  if (args.command === 'print-config') return printConfig(args, registry);
  return run(args, registry);
}

function reportConfigError(err: unknown): number {
  if (err instanceof ConfigError) {
    for (const w of err.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`Error: invalid configuration:\n${formatProblems(err)}\n`);
  } else if (err instanceof GraphError) process.stderr.write(`Error: invalid configuration:\n${err.message}\n`);
  else process.stderr.write(`Error: ${describeError(err)}\n`);
  return 1;
}

async function validate(args: CliArgs, registry: Registry): Promise<number> {
  try {
    const cfg = await loadConfig({ configs: args.configs, sets: args.sets, env: process.env, registry });
    for (const w of cfg.warnings) process.stderr.write(`warning: ${w}\n`);
    planGraph(cfg);
  } catch (err) {
    return reportConfigError(err);
  }
  process.stderr.write('configuration is valid\n');
  return 0;
}

async function printConfig(args: CliArgs, registry: Registry): Promise<number> {
  try {
    const cfg = await loadConfig({ configs: args.configs, sets: args.sets, env: process.env, registry });
    for (const w of cfg.warnings) process.stderr.write(`warning: ${w}\n`);
    const view = cfg.printable(args.mode === 'redacted');
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : stringify(view));
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}

async function run(args: CliArgs, registry: Registry): Promise<number> {
  // A worker forked by a leader (--workers) is driven by its leader, not by signals.
  // The workers modules (~50 files) load only when they are used: a single process never does.
  if (process.env.OTELCOL_TS_WORKER !== undefined || args.workers > 1) {
    const { workerSlot, runWorker } = await import('../workers/index.js');
    const slot = workerSlot();
    if (slot !== undefined) return runWorker(args, registry, slot);
  }
  const opts = { configs: args.configs, sets: args.sets, registry, build: buildInfo() };
  const collector = args.workers > 1 ? new (await import('../workers/index.js')).Leader(opts, args.workers) : new Collector(opts);
  try {
    await collector.start();
  } catch (err) {
    const code = reportConfigError(err);
    await collector.stop().catch(() => undefined);
    return code;
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        collector.logger?.warn(`Received ${signal} again: exiting without waiting for the drain to finish`);
        resolve(1);
        return;
      }
      stopping = true;
      collector.logger?.info(`Received ${signal}: shutting down`);
      collector.stop().then(
        () => resolve(0),
        (err) => {
          process.stderr.write(`Error during shutdown: ${describeError(err)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', () => {
      if (!stopping) void collector.reload();
    });
  });
}
