// loadConfig: sources → merge → `${…}` expansion → component decoding → service validation.
// Unlike the Go collector, which stops at the first decode error, every problem is collected and
// reported at once, each with its `::` path and file:line:col.

import type { Registry } from '../components/registry.js';
import { DecodeContext } from '../core/schema.js';
import { Expander } from './expand.js';
import { loadSources, retrieveText, SCHEMES } from './sources.js';
import { ProblemCollector } from './problems.js';
import { decodeSection } from './components.js';
import { decodeService, validateService, type Sections } from './service.js';
import { COMPONENT_SECTIONS, ResolvedConfig, type ComponentConfig, type SectionName } from './resolved.js';

export { ConfigError, formatProblems } from './problems.js';
export { ResolvedConfig, type ComponentConfig, type PipelineConfig } from './resolved.js';

export interface LoadOptions {
  /** `--config` values, in order: paths or `file:`, `yaml:`, `env:`, `http(s):` URIs. */
  configs: string[];
  /** `--set key.path=value` overrides, applied after every config. */
  sets?: string[];
  env?: NodeJS.ProcessEnv;
  registry: Registry;
  /** Base for relative file paths (default: the process's working directory). */
  cwd?: string;
}

const TOP_LEVEL = new Set<string>([...COMPONENT_SECTIONS.map(([name]) => name), 'service']);

export async function loadConfig(opts: LoadOptions): Promise<ResolvedConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const warnings: string[] = [];
  const warn = (m: string): void => {
    if (!warnings.includes(m)) warnings.push(m);
  };

  const merged = await loadSources(opts.configs, opts.sets ?? [], { env, cwd, warn });
  const problems = new ProblemCollector(merged.positions);
  for (const w of merged.warnings) warn(w);
  for (const p of merged.problems) problems.addAt(p.path.join('::'), p.message, p.at, p.where);
  problems.throwIfAny(warnings);

  const expander = new Expander({
    env,
    schemes: SCHEMES,
    retrieve: async (scheme, opaque) => ({
      text: await retrieveText({ scheme, opaque }, { env, cwd, warn }),
      // An inline `yaml:` snippet is config text; files and HTTP bodies often hold credentials.
      secret: scheme !== 'yaml',
    }),
  });
  const root = (await expander.expandTree(merged.value)) as Record<string, unknown>;
  for (const w of expander.warnings) warn(w);
  for (const p of expander.problems) problems.add(p.path, p.message);

  const unknownKeys = Object.keys(root).filter((k) => !TOP_LEVEL.has(k));
  if (unknownKeys.length) {
    const at = merged.positions.get(unknownKeys[0]!);
    problems.addAt('', `'' has invalid keys: ${unknownKeys.join(', ')}`, at);
  }

  const decode = new DecodeContext();
  const sections: Sections = {
    configs: {} as Sections['configs'],
    declared: {} as Sections['declared'],
  };
  for (const [name, kind] of COMPONENT_SECTIONS) {
    const raw = Object.prototype.hasOwnProperty.call(root, name) ? root[name] : undefined;
    const r = await decodeSection(name, kind, raw, { registry: opts.registry, problems, decode, warnings });
    sections.configs[name] = r.configs;
    sections.declared[name] = r.declared;
  }
  const rawService = Object.prototype.hasOwnProperty.call(root, 'service') ? root.service : undefined;
  const decoded = decodeService(rawService, problems, decode);
  validateService(sections, decoded, rawService, problems);
  problems.throwIfAny(warnings);

  const secrets = new Set<string>([...expander.secrets, ...decode.secrets]);
  const c = (n: SectionName): Map<string, ComponentConfig> => sections.configs[n];
  return new ResolvedConfig(
    c('receivers'),
    c('processors'),
    c('exporters'),
    c('connectors'),
    c('extensions'),
    decoded.service,
    secrets,
    warnings,
    merged.labels,
  );
}
