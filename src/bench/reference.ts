// Locating the two collectors under test: the reference Go build (bench/reference/build.sh puts
// otelcol-ref and telemetrygen in a cache outside git) and ours (dist/cli.js).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root (dist-bench/bench/ → ../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ComponentSet {
  receivers: Set<string>;
  processors: Set<string>;
  exporters: Set<string>;
  extensions: Set<string>;
}

/** Parses the YAML that `<collector> components` prints (same shape for Go and ours). */
export function parseComponents(yamlText: string): ComponentSet {
  const doc = (parse(yamlText) ?? {}) as Record<string, unknown>;
  const names = (k: string): Set<string> =>
    new Set(((doc[k] as { name?: string }[] | undefined) ?? []).map((c) => String(c.name ?? '')).filter((n) => n !== ''));
  return { receivers: names('receivers'), processors: names('processors'), exporters: names('exporters'), extensions: names('extensions') };
}

export interface Reference {
  collector: string;
  telemetrygen: string | undefined;
  version: string;
  goVersion: string;
  components: ComponentSet;
}

function referenceCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['OTELCOL_TS_CACHE'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'otelcol-ts');
  return join(base, 'reference');
}

/** Runs bench/reference/build.sh; returns its message when it could not build. */
export function buildReference(log: (l: string) => void): string | undefined {
  log('building the reference collector with bench/reference/build.sh (minutes the first time)…');
  const r = spawnSync('bash', [join(REPO_ROOT, 'bench', 'reference', 'build.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status === 0) return undefined;
  return r.status === 3 ? 'go is not installed' : `build.sh exited with ${r.status ?? r.signal}`;
}

/** The built reference, or a sentence saying why there is none. */
export function findReference(): Reference | string {
  const dir = referenceCacheDir();
  const collector = join(dir, 'otelcol-ref', 'otelcol-ref');
  if (!existsSync(collector)) return `reference collector not built (${collector} missing; run \`npm run bench -- --build-reference\`)`;
  const tg = join(dir, 'bin', 'telemetrygen');
  try {
    const version = execFileSync(collector, ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^otelcol-ref version /, '');
    // `go version <binary>` prints "<path>: go1.x.y".
    let goVersion = 'unknown';
    try {
      goVersion = /:\s*(go\S+)/.exec(execFileSync('go', ['version', collector], { encoding: 'utf8' }))?.[1] ?? goVersion;
    } catch {
      // go not on PATH any more: the binary still runs
    }
    const components = parseComponents(execFileSync(collector, ['components'], { encoding: 'utf8' }));
    return { collector, telemetrygen: existsSync(tg) ? tg : undefined, version, goVersion, components };
  } catch (err) {
    return `reference collector at ${collector} does not run: ${(err as Error).message}`;
  }
}

export interface Ours {
  /** node arguments before --config (the entry script). */
  entry: string;
  components: ComponentSet;
  /** Set when the bench launcher supplies components the registry does not list yet. */
  launcherNote: string | undefined;
}

/** Components a benchmark config needs from our collector. */
const NEEDED: [keyof ComponentSet, string][] = [
  ['receivers', 'otlp'],
  ['exporters', 'otlp'],
  ['exporters', 'debug'],
  ['exporters', 'nop'],
  ['processors', 'batch'],
  ['extensions', 'health_check'],
];

export function findOurs(): Ours {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  const components = parseComponents(execFileSync(process.execPath, [cli, 'components'], { encoding: 'utf8' }));
  const missing = NEEDED.filter(([k, n]) => !components[k].has(n));
  if (missing.length === 0) return { entry: cli, components, launcherNote: undefined };
  const launcher = join(REPO_ROOT, 'dist-bench', 'bench', 'collector-main.js');
  const viaLauncher = parseComponents(execFileSync(process.execPath, [launcher, 'components'], { encoding: 'utf8' }));
  const added = missing.filter(([k, n]) => viaLauncher[k].has(n)).map(([k, n]) => `${k.slice(0, -1)} ${n}`);
  return {
    entry: launcher,
    components: viaLauncher,
    launcherNote: added.length
      ? `our collector ran through dist-bench/bench/collector-main.js, which adds ${added.join(', ')} (built but not yet in src/components/registry.ts)`
      : undefined,
  };
}
